import ArgumentParser
import Foundation
import VMCore
import VMExperiment
import VMRunner
import VMTrace

/// `vmlab mrc`: LRU's miss-ratio curve from one pass over a trace.
struct MRCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrc",
        abstract: "LRU's faults at every memory size from one pass over a trace (Mattson's stack distances).",
        discussion: """
            Identical to simulating LRU at each size, in O(N log M) for N references over M pages. With --sample R
            only a fraction R of the pages is tracked (SHARDS, Waldspurger et al., FAST '15); --check-exact also
            computes the exact curve and reports the error.
            Examples:
              vmlab mrc --trace grep.all.pages.zst --frames 8,16,32,64,128
              vmlab mrc --trace big.oracleGeneral.zst --sample 0.01 --check-exact --json
            """
    )

    @OptionGroup var workload: WorkloadOptions

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

    @Flag(name: .long, help: "With --sample, also compute the exact curve and report the error.")
    var checkExact = false

    @Flag(name: .long, help: "Print a JSON array of {frames, faults, miss_ratio} objects.")
    var json = false

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
        if let frames { _ = try FrameListParser.parse(frames) }
        try PlotOption.validate(plot)
    }

    func run() throws {
        let layout = try AddressLayout(pageSize: pageSize)
        let trace = try LoadedTrace.load(workload.source, pageShift: layout.pageShift, withNextUse: false)
        guard !trace.accesses.isEmpty else { throw UsageError("\(trace.name): the trace has no accesses") }
        let clock = ContinuousClock()
        let start = clock.now
        var sizes = try frames.map(FrameListParser.parse)
        var curve = MissRatioCurve(trace: trace, sizes: sizes ?? [1], samplingRate: sample, seed: seed)
        if sizes == nil {
            sizes = MissRatioCurve.defaultSizes(distinctPages: curve.distinctPages)
            curve = MissRatioCurve(trace: trace, sizes: sizes!, samplingRate: sample, seed: seed)
        }
        let elapsed = clock.now - start
        if json {
            let points: [[String: Any]] = curve.points.map {
                ["frames": $0.frames, "faults": $0.faults, "miss_ratio": $0.missRatio]
            }
            let data = try JSONSerialization.data(withJSONObject: points, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(
                "\(curve.workload): \(curve.accesses) accesses, \(curve.distinctPages) distinct pages"
                    + (sample < 1 ? " (estimated, sampling rate \(sample))" : ""))
            print("frames  faults      miss ratio")
            for point in curve.points {
                print(
                    String(point.frames).padding(toLength: 8, withPad: " ", startingAt: 0)
                        + String(point.faults).padding(toLength: 12, withPad: " ", startingAt: 0)
                        + String(format: "%.6f", point.missRatio))
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
        if checkExact && sample < 1 {
            let exact = MissRatioCurve(trace: trace, sizes: sizes!)
            let error = curve.error(against: exact)
            let message = String(
                format: "error against the exact curve from %d frames up (10 / rate): mean %.5f, max %.5f (miss ratio)",
                curve.resolvedFrames, error.mean, error.maximum)
            FileHandle.standardError.write(Data((message + "\n").utf8))
        }
    }
}
