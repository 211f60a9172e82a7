import Foundation
public import VMCore

/// One speed figure: how many accesses per second a configuration simulates, and how it was measured.
public struct BenchmarkMeasurement: Sendable, Hashable, Codable {
    /// What ran: the trace or generator.
    public var workload: String
    /// How: `in-memory` (trace decoded first; simulation only), `streaming` (read, decode and simulate, as
    /// `vmlab simulate` does), or `machine` (several processes, bounded swap).
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
    public static func inMemory(
        _ configuration: RunConfiguration, trace: LoadedTrace, registry: PolicyRegistry, repetitions: Int
    ) throws -> BenchmarkMeasurement {
        var seconds: [Double] = []
        var result: RunResult?
        for _ in 0..<repetitions {
            seconds.append(try time { result = try Simulator.run(configuration, trace: trace, registry: registry) })
        }
        return BenchmarkMeasurement(
            workload: trace.name, mode: configuration.swapDevices == [.unbounded] ? "in-memory" : "machine",
            policy: configuration.replacement.description, frames: configuration.frames,
            accesses: result!.accesses, faults: result!.faults, seconds: seconds)
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
