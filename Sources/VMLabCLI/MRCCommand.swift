import ArgumentParser
import Foundation
import VMCore
import VMExperiment
import VMPolicyCatalogue
import VMRunner
import VMTrace

/// `vmlab mrc`: LRU's miss-ratio curve from one pass over a trace, or any policy's by miniature simulation.
struct MRCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrc",
        abstract: "LRU's faults at every memory size from one pass over a trace (Mattson's stack distances).",
        discussion: """
            Identical to simulating LRU at each size, in O(N log M) for N references over M pages. With --sample R
            only a fraction R of the pages is tracked (SHARDS, Waldspurger et al., FAST '15); --check-exact also
            computes the exact curve and reports the error.
            With --policies, any policy's curve by miniature simulation (Waldspurger et al., USENIX ATC '17): the
            policy runs with max(1, round(S x R)) frames on the references to the sampled pages, for each size S;
            --check-exact also simulates each size in full and reports the error per policy.
            The trace is streamed: memory grows with its distinct pages, not its length.
            Examples:
              vmlab mrc --trace grep.all.pages.zst --frames 8,16,32,64,128
              vmlab mrc --trace big.oracleGeneral.zst --sample 0.01 --check-exact --json
              vmlab mrc --trace big.oracleGeneral.zst --policies fifo,clock,arc --sample 0.01 --frames 1000...100000:x2
            """
    )

    @OptionGroup var workload: WorkloadOptions
    @OptionGroup var plugins: PluginOptions

    @Option(
        name: .long,
        help: "Approximate these policies' curves by miniature simulation at rate --sample (e.g. fifo,clock,arc).")
    var policies: String?

    @Option(name: .long, parsing: .unconditional, help: "Page size in bytes (a power of two).")
    var pageSize: Int = 4096

    @Option(
        name: .long, parsing: .unconditional,
        help: "Memory sizes: 8,16,32, a range 4...64 or 4...64:4 (default: 32 sizes up to all pages).")
    var frames: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: "Track only this fraction of pages (0 < R ≤ 1): an approximate curve.")
    var sample: Double = 1

    @Option(name: .long, parsing: .unconditional, help: "Seed of the sampling hash.")
    var seed: UInt64 = 0

    @Flag(
        name: .long,
        help: "With --sample or --policies, also compute the exact curve (full simulations) and report the error.")
    var checkExact = false

    @Flag(name: .long, help: "Print a JSON array of {frames, faults, miss_ratio} objects.")
    var json = false

    @Flag(name: .long, help: "Print CSV instead of a table.")
    var csv = false

    @Option(name: .long, help: "Also draw the curve to this file (.svg, .png or .pdf, atomically).")
    var plot: String?

    func validate() throws {
        guard pageSize > 0, pageSize & (pageSize - 1) == 0 else {
            throw ValidationError("--page-size \(pageSize) is not a power of two")
        }
        guard sample >= MissRatioCurve.minimumSamplingRate, sample <= 1 else {
            throw ValidationError(
                "--sample \(sample): expected a sampling rate from \(MissRatioCurve.minimumSamplingRate) to 1")
        }
        if csv && json { throw ValidationError("give --csv or --json, not both") }
        if let policies, policies.allSatisfy({ $0 == "," || $0 == ";" || $0 == " " }) {
            throw ValidationError("--policies: no policy given")
        }
        if let frames { _ = try FrameListParser.parse(frames) }
        try PlotOption.validate(plot)
    }

    func run() throws {
        let layout = try AddressLayout(pageSize: pageSize)
        if let policies {
            try runMiniature(policies, pageShift: layout.pageShift)
            return
        }
        let clock = ContinuousClock()
        let start = clock.now
        // One streaming pass: the sampled histogram and, with --check-exact, the exact one beside it.
        let sampler = SpatialSampler(rate: sample, seed: seed)
        let checking = checkExact && sample < 1
        let monitor = RunMonitor(expectedAccesses: workload.source.expectedAccesses)
        let (histograms, accesses) = try MissRatioCurve.histograms(
            of: workload.source, pageShift: layout.pageShift,
            samplers: checking ? [sampler, SpatialSampler(rate: 1)] : [sampler], afterBatch: monitor.afterBatch)
        monitor.clear()
        let name = workload.source.name
        let sizes =
            try frames.map(FrameListParser.parse)
            ?? MissRatioCurve.defaultSizes(distinctPages: Int(histograms[0].coldMisses.rounded()))
        let curve = MissRatioCurve(workload: name, accesses: accesses, histogram: histograms[0], sizes: sizes)
        let elapsed = clock.now - start
        if json {
            let points: [[String: Any]] = curve.points.map {
                ["frames": $0.frames, "faults": $0.faults, "miss_ratio": $0.missRatio]
            }
            try printJSON(points)
        } else if csv {
            print("frames,faults,miss_ratio")
            for point in curve.points { print("\(point.frames),\(point.faults),\(Self.ratio(point.missRatio))") }
        } else {
            print(
                "\(curve.workload): \(curve.accesses) accesses, \(curve.distinctPages) distinct pages"
                    + (sample < 1 ? " (estimated, sampling rate \(sample))" : ""))
            print("frames  faults      miss ratio")
            for point in curve.points {
                print(
                    String(point.frames).padding(toLength: 8, withPad: " ", startingAt: 0)
                        + String(point.faults).padding(toLength: 12, withPad: " ", startingAt: 0)
                        + Self.ratio(point.missRatio))
            }
            print("computed in \(elapsed.milliseconds) ms")
        }
        if let plot {
            let label = sample < 1 ? "lru (SHARDS, rate \(sample))" : "lru"
            let chart = MissRatioPlot.chart(
                title: "\(curve.workload): LRU's miss ratio against memory size",
                measurements: curve.points.map {
                    .init(label: label, frames: $0.frames, faults: $0.faults, missRatio: $0.missRatio)
                },
                pageSize: PlotOption.pageSize(workload.source, pageSize))
            try PlotOption.write(chart, to: plot)
        }
        if checking {
            let exact = MissRatioCurve(workload: name, accesses: accesses, histogram: histograms[1], sizes: sizes)
            let error = curve.error(against: exact)
            let message = String(
                format: "error against the exact curve from %d frames up (10 / rate): mean %.5f, max %.5f (miss ratio)",
                curve.resolvedFrames, error.mean, error.maximum)
            FileHandle.standardError.write(Data((message + "\n").utf8))
        }
    }

    /// `--policies`: miniature simulation of each policy at each size (``MiniatureSimulation``).
    func runMiniature(_ list: String, pageShift: Int) throws {
        let registry = try plugins.registry()
        let specifications = try registry.parseList(list)
        let base = RunConfiguration(replacement: specifications[0], frames: 1, pageSize: pageSize)
        var simulation = MiniatureSimulation(
            workload: workload.source, policies: specifications, sizes: [1],
            sampler: SpatialSampler(rate: sample, seed: seed), base: base)
        try simulation.validate(registry: registry)
        if let frames {
            simulation.sizes = try FrameListParser.parse(frames)
        } else {
            // The default sizes go up to the distinct pages: a first pass counts them (sampled, as SHARDS does).
            if case .trace("-", _) = workload.source {
                throw UsageError("--policies on standard input needs --frames (the default sizes need a first pass)")
            }
            let (histograms, _) = try MissRatioCurve.histograms(
                of: workload.source, pageShift: pageShift, samplers: [simulation.sampler])
            simulation.sizes = MissRatioCurve.defaultSizes(distinctPages: Int(histograms[0].coldMisses.rounded()))
        }
        let small = simulation.sizes.filter { $0 < simulation.resolvedFrames }
        if !small.isEmpty {
            Entry.printNote(
                "\(small.count) of the sizes are below \(simulation.resolvedFrames) frames (10 / rate): their "
                    + "miniature caches have fewer than 10 frames, so their miss ratios are coarse")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let monitor = RunMonitor()
        let result = try simulation.run(
            registry: registry, checkingExact: checkExact, afterBatch: monitor.afterBatch)
        monitor.clear()
        let elapsed = clock.now - start
        let exact = result.exact.map { Dictionary(uniqueKeysWithValues: zip($0.map(\.policy), $0)) } ?? [:]
        func exactPoint(_ curve: MiniatureSimulation.Curve, _ index: Int) -> MiniatureSimulation.Point? {
            exact[curve.policy]?.points[index]
        }
        if json {
            var rows: [[String: Any]] = []
            for curve in result.curves {
                for (index, point) in curve.points.enumerated() {
                    var row: [String: Any] = [
                        "policy": curve.policy, "frames": point.frames, "simulated_frames": point.simulatedFrames,
                        "faults": point.faults, "miss_ratio": point.missRatio, "sampling_rate": curve.samplingRate,
                    ]
                    if let other = exactPoint(curve, index) {
                        row["exact_faults"] = other.faults
                        row["exact_miss_ratio"] = other.missRatio
                    }
                    rows.append(row)
                }
            }
            try printJSON(rows)
        } else if csv {
            print(
                "policy,frames,simulated_frames,faults,miss_ratio"
                    + (checkExact ? ",exact_faults,exact_miss_ratio" : ""))
            for curve in result.curves {
                for (index, point) in curve.points.enumerated() {
                    var row = [
                        Self.csvField(curve.policy), String(point.frames), String(point.simulatedFrames),
                        String(point.faults), Self.ratio(point.missRatio),
                    ]
                    if let other = exactPoint(curve, index) {
                        row += [String(other.faults), Self.ratio(other.missRatio)]
                    }
                    print(row.joined(separator: ","))
                }
            }
        } else {
            let sampled = result.curves.first?.sampledAccesses ?? 0
            print(
                "\(result.workload): \(result.accesses) accesses; "
                    + (sample < 1
                        ? "miniature simulation at sampling rate \(sample) (\(sampled) sampled accesses)"
                        : "full simulation (sampling rate 1)"))
            var table = [["policy", "frames", "simulated", "faults", "miss ratio"] + (checkExact ? ["exact"] : [])]
            for curve in result.curves {
                for (index, point) in curve.points.enumerated() {
                    table.append(
                        [
                            curve.policy, String(point.frames), String(point.simulatedFrames), String(point.faults),
                            Self.ratio(point.missRatio),
                        ] + (exactPoint(curve, index).map { [Self.ratio($0.missRatio)] } ?? []))
                }
            }
            print(ResultFormatting.aligned(table, text: [0]), terminator: "")
            print("computed in \(elapsed.milliseconds) ms")
        }
        if let plot {
            let label = { (policy: String) in sample < 1 ? "\(policy) (miniature, rate \(sample))" : policy }
            let chart = MissRatioPlot.chart(
                title: "\(result.workload): miss ratio against memory size",
                measurements: result.curves.flatMap { curve in
                    curve.points.map {
                        .init(label: label(curve.policy), frames: $0.frames, faults: $0.faults, missRatio: $0.missRatio)
                    }
                },
                pageSize: PlotOption.pageSize(workload.source, pageSize))
            try PlotOption.write(chart, to: plot)
        }
        if let exactCurves = result.exact {
            for (curve, full) in zip(result.curves, exactCurves) {
                let error = curve.error(against: full, minimumFrames: simulation.resolvedFrames)
                let message = String(
                    format: "%@: error against full simulation from %d frames up (10 / rate): mean %.5f, max %.5f "
                        + "(miss ratio)", curve.policy, simulation.resolvedFrames, error.mean, error.maximum)
                FileHandle.standardError.write(Data((message + "\n").utf8))
            }
        }
    }

    func printJSON(_ object: Any) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    static func ratio(_ value: Double) -> String { String(format: "%.6f", value) }

    /// A CSV field, quoted when it holds a comma or a quote (policy parameters: `s3-fifo:small=0.1,threshold=2`).
    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
