import Foundation
public import VMCore
import VMTrace

/// One speed figure: how many accesses per second a configuration simulates, and how it was measured.
public struct BenchmarkMeasurement: Sendable, Hashable, Codable {
    /// What ran: the trace or generator.
    public var workload: String
    /// How: `in-memory` (trace decoded first; simulation only), `streaming` (read, decode and simulate, as
    /// `vmlab simulate` does), `machine` (several processes, bounded swap), or `full` (several processes, local
    /// scope with page-fault-frequency budgets, a TLB and bounded swap; from memory).
    public var mode: String
    public var policy: String
    public var frames: Int
    public var accesses: Int
    public var faults: Int
    /// Wall-clock seconds of each repetition.
    public var seconds: [Double]

    /// Median of `seconds`.
    public var medianSeconds: Double {
        let sorted = seconds.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    /// Accesses divided by the median time.
    public var accessesPerSecond: Double { medianSeconds > 0 ? Double(accesses) / medianSeconds : 0 }
}

/// Times runs for `vmlab bench`: each configuration `repetitions` times on a fresh machine, median reported.
public enum Benchmark {
    /// Whether this binary was built with optimisation (numbers from a debug build mean nothing).
    public static var isOptimised: Bool {
        #if DEBUG
            false
        #else
            true
        #endif
    }

    /// Times `body` once, in seconds of wall-clock time.
    public static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// Simulates an in-memory trace `repetitions` times.
    /// `mode` names the measurement; by default `in-memory` with an unbounded swap device, else `machine`.
    public static func inMemory(
        _ configuration: RunConfiguration, trace: LoadedTrace, registry: PolicyRegistry, repetitions: Int,
        mode: String? = nil
    ) throws -> BenchmarkMeasurement {
        var seconds: [Double] = []
        var result: RunResult?
        for _ in 0..<repetitions {
            seconds.append(try time { result = try Simulator.run(configuration, trace: trace, registry: registry) })
        }
        return BenchmarkMeasurement(
            workload: trace.name,
            mode: mode ?? (configuration.swapDevices == [.unbounded] ? "in-memory" : "machine"),
            policy: configuration.replacement.description, frames: configuration.frames,
            accesses: result!.accesses, faults: result!.faults, seconds: seconds)
    }

    /// The full machine's Zipf mix: `processes` processes, each drawing Zipf(1.0) pages over 1,000,000 pages
    /// (``ZipfProcessMix``, seed 1, a read each), one access of each in turn, `accesses` in all.
    public static func zipfMix(processes: Int = 3, accesses: Int = 10_000_000, quantum: Int = 1) -> LoadedTrace {
        let pageShift = 12
        let mix = ZipfProcessMix(processes: processes, pages: 1_000_000, alpha: 1.0, quantum: quantum, seed: 1)
        let accesses = Array(mix.prefix(accesses))
        return LoadedTrace(
            name: "zipf-mix(\(processes)x1M,q=\(quantum))", accesses: accesses,
            nextUse: computeNextUse(accesses, pageShift: pageShift), pageShift: pageShift, format: .pid)
    }

    /// The full machine of `vmlab bench`: local replacement with page-fault-frequency budgets, a 64-entry 4-way
    /// TLB (LRU within a set), 30,000 frames (10,000 per process), and one bounded swap device of 3,000,000 slots
    /// (one per page the three processes can touch, so it never fills and no process is killed).
    public static func fullMachine(replacement: PolicySpecification) -> RunConfiguration {
        RunConfiguration(
            replacement: replacement, frames: 30_000,
            swapDevices: [SwapDeviceConfiguration(name: "swap0", slots: 3_000_000)],
            scope: .local(
                .pageFaultFrequency(
                    growBelow: FrameBudgetRule.defaultGrowInterval, shrinkAbove: FrameBudgetRule.defaultShrinkInterval)),
            tlb: TLBConfiguration(entries: 64, ways: 4))
    }

    /// Streams a workload from its file `repetitions` times (reading and decoding included).
    public static func streaming(
        _ configuration: RunConfiguration, workload: WorkloadSource, registry: PolicyRegistry, repetitions: Int
    ) throws -> BenchmarkMeasurement {
        var seconds: [Double] = []
        var result: RunResult?
        for _ in 0..<repetitions {
            seconds.append(
                try time { result = try Simulator.run(configuration, workload: workload, registry: registry) })
        }
        return BenchmarkMeasurement(
            workload: workload.name, mode: "streaming", policy: configuration.replacement.description,
            frames: configuration.frames, accesses: result!.accesses, faults: result!.faults, seconds: seconds)
    }
}
