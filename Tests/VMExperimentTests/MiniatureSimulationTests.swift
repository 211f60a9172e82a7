import Foundation
import Testing
import VMCore
import VMExperiment
import VMPolicyCatalogue
import VMTrace

/// Streaming miss-ratio curves equal loaded ones; miniature simulation at rate 1 is full simulation; its sampling
/// is SHARDS's; bad inputs fail with sentences.
struct MiniatureSimulationTests {
    static let registry = PolicyCatalogue.standard()

    /// The policies these tests name; the R = 1 test also runs every other registered policy that does not need
    /// the future.
    static let listed = ["fifo", "lru", "clock", "arc", "s3-fifo"]

    /// A three-process trace written as a `pid` text file of `count` accesses (reads and writes), longer than one
    /// streaming batch (65,536) when asked.
    static func writeTrace(count: Int, seed: UInt64) throws -> (path: String, accesses: [Access]) {
        let accesses = SyntheticWorkload.mix(
            [
                .zipf(pages: 3000, alpha: 0.8), .loop(pages: 700),
                .phases(pages: 2000, workingSet: 90, phaseLength: 500),
            ],
            quantum: 50
        ).accesses(count: count, seed: seed)
        var text = ""
        text.reserveCapacity(count * 16)
        for access in accesses {
            text += "\(access.pid) \(access.kind == .write ? "W" : "R") 0x\(String(access.address >> 12, radix: 16))\n"
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-mini-\(UUID()).pid").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, accesses)
    }

    static func loaded(_ path: String) throws -> LoadedTrace {
        try LoadedTrace.load(.trace(path: path, format: .pid), pageShift: 12, withNextUse: false)
    }

    @Test("Streaming a trace of several batches gives the loaded curve, exact and sampled, with equal histograms")
    func streamingEqualsLoaded() throws {
        let (path, accesses) = try Self.writeTrace(count: 200_000, seed: 1)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let trace = try Self.loaded(path)
        #expect(trace.accesses == accesses)
        let source = WorkloadSource.trace(path: path, format: .pid)
        let sizes = MissRatioCurve.defaultSizes(distinctPages: 5700) + [6000, 100_000]
        for rate in [1, 0.1] {
            let loaded = MissRatioCurve(trace: trace, sizes: sizes, samplingRate: rate, seed: 5)
            let streamed = try MissRatioCurve(
                streaming: source, pageShift: 12, sizes: sizes, samplingRate: rate, seed: 5)
            #expect(streamed.points == loaded.points, "rate \(rate)")
            #expect(streamed.accesses == 200_000)
        }
        let (histograms, count) = try MissRatioCurve.histograms(
            of: source, pageShift: 12, samplers: [SpatialSampler(rate: 1), SpatialSampler(rate: 0.25, seed: 2)])
        #expect(count == 200_000)
        let expected = trace.accesses.withUnsafeBufferPointer {
            [
                StackDistanceHistogram.exact($0, pageShift: 12),
                StackDistanceHistogram.sampled($0, pageShift: 12, rate: 0.25, seed: 2),
            ]
        }
        #expect(histograms == expected)
    }

    /// Every registered replacement policy that runs without the future.
    static var streamable: [String] {
        registry.names(of: .replacement).filter { name in
            (try? registry.makeReplacement(PolicySpecification(name: name), frames: 4).needsFuture) == false
        }
    }

    @Test("At rate 1 the miniature is the full simulation: equal faults for every policy and size")
    func rateOneIsExact() throws {
        let (path, _) = try Self.writeTrace(count: 20_000, seed: 2)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let trace = try Self.loaded(path)
        let names = Self.streamable
        for name in Self.listed { #expect(names.contains(name)) }
        let sizes = [1, 3, 50, 400, 3000]
        let simulation = MiniatureSimulation(
            workload: .trace(path: path, format: .pid), policies: names.map { PolicySpecification(name: $0) },
            sizes: sizes, sampler: SpatialSampler(rate: 1),
            base: RunConfiguration(replacement: PolicySpecification(name: "lru"), frames: 1))
        let result = try simulation.run(registry: Self.registry)
        #expect(result.accesses == 20_000)
        for (name, curve) in zip(names, result.curves) {
            #expect(curve.policy == name)
            for point in curve.points {
                let full = try Simulator.run(
                    RunConfiguration(replacement: PolicySpecification(name: name), frames: point.frames), trace: trace,
                    registry: Self.registry)
                #expect(point.faults == full.faults, "\(name) at \(point.frames) frames")
                #expect(point.simulatedFrames == point.frames)
                #expect(point.missRatio == Double(full.faults) / 20_000)
            }
        }
    }

    @Test("A sampled LRU miniature misses exactly what SHARDS's unscaled histogram predicts for its sampled pages")
    func sampledMatchesShards() throws {
        let (path, accesses) = try Self.writeTrace(count: 120_000, seed: 3)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sampler = SpatialSampler(rate: 0.1, seed: 9)
        let sizes = [10, 100, 250, 1000, 3000]
        let simulation = MiniatureSimulation(
            workload: .trace(path: path, format: .pid), policies: [PolicySpecification(name: "lru")], sizes: sizes,
            sampler: sampler, base: RunConfiguration(replacement: PolicySpecification(name: "lru"), frames: 1))
        let result = try simulation.run(registry: Self.registry, checkingExact: true)
        let kept = accesses.filter { sampler.samples(pid: $0.pid, page: $0.address >> 12) }
        let histogram = kept.withUnsafeBufferPointer { StackDistanceHistogram.exact($0, pageShift: 12) }
        let curve = result.curves[0]
        #expect(curve.sampledAccesses == kept.count)
        for point in curve.points {
            #expect(point.simulatedFrames == max(1, Int((Double(point.frames) * 0.1).rounded())))
            let misses = histogram.faults(frames: point.simulatedFrames)
            let expected = min(120_000, Int((misses / 0.1).rounded()))
            #expect(point.faults == expected, "\(point.frames) frames")
        }
        // The full simulations beside it are LRU's exact curve.
        let exact = MissRatioCurve(trace: try Self.loaded(path), sizes: sizes)
        #expect(result.exact?[0].points.map(\.faults) == exact.points.map(\.faults))
        // And the estimate is close where the miniature has room: from 100 frames (10 / rate) up.
        let error = curve.error(against: result.exact![0], minimumFrames: simulation.resolvedFrames)
        #expect(error.maximum < 0.1, "max \(error.maximum)")
    }

    @Test("Bad inputs: unknown policy (valid names listed), a policy needing the future, nothing sampled")
    func badInputs() throws {
        let base = RunConfiguration(replacement: PolicySpecification(name: "lru"), frames: 1)
        func simulation(_ policies: [String], rate: Double = 1, workload: WorkloadSource = .inlinePages("1,2,3"))
            -> MiniatureSimulation
        {
            MiniatureSimulation(
                workload: workload, policies: policies.map { PolicySpecification(name: $0) }, sizes: [1, 2],
                sampler: SpatialSampler(rate: rate), base: base)
        }
        #expect {
            try simulation(["fifo", "nosuch"]).run(registry: Self.registry)
        } throws: { error in
            let text = "\(error)"
            return text.contains("unknown replacement policy 'nosuch'") && text.contains("fifo")
                && text.contains("s3-fifo")
        }
        #expect {
            try simulation(["opt"]).run(registry: Self.registry)
        } throws: { "\($0)".contains("opt needs the future") }
        #expect {
            try simulation([]).run(registry: Self.registry)
        } throws: { "\($0)".contains("no policy given") }
        // Three pages at one in a million: almost surely none sampled (seeded, so surely).
        #expect {
            try simulation(["fifo"], rate: 1e-6).run(registry: Self.registry)
        } throws: { "\($0)".contains("none of the trace's pages was sampled") }
        #expect {
            try simulation(["fifo"], workload: .inlinePages("")).run(registry: Self.registry)
        } throws: { _ in true }
    }
}
