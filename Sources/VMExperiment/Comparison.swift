import Foundation
public import VMCore
import VMTrace

/// A sweep of policies and memory sizes over one workload: every (policy, frames) cell, run in parallel on all
/// cores over one in-memory copy of the trace. Results come back in the order of `policies` then `frames`,
/// identical whatever the parallelism.
public struct Comparison: Sendable {
    public var workload: WorkloadSource
    public var policies: [PolicySpecification]
    public var frames: [Int]
    /// Settings shared by every cell (its `replacement` and `frames` are replaced per cell).
    public var base: RunConfiguration
    /// Cells run at once; defaults to the number of active cores.
    public var parallelism: Int

    public init(
        workload: WorkloadSource, policies: [PolicySpecification], frames: [Int], base: RunConfiguration,
        parallelism: Int = ProcessorInfo.activeCores
    ) {
        self.workload = workload
        self.policies = policies
        self.frames = frames
        self.base = base
        self.parallelism = max(1, parallelism)
    }

    /// The configuration of each cell, in result order.
    public var cells: [RunConfiguration] {
        policies.flatMap { policy in
            frames.map { frames in
                var configuration = base
                configuration.replacement = policy
                configuration.frames = frames
                return configuration
            }
        }
    }

    /// Runs every cell. Validates every policy before reading the trace, so a typo fails fast.
    public func run(registry: PolicyRegistry) async throws -> [RunResult] {
        let trace = try prepare(registry: registry)
        return try await run(registry: registry, trace: trace)
    }

    /// Validates every policy, allocator and placement, checks the memory the cells take at `frames` (a lower
    /// bound when sizes are resolved later), then loads the workload (with next-use times when a policy needs
    /// the future).
    public func prepare(registry: PolicyRegistry) throws -> LoadedTrace {
        var needsFuture = false
        for policy in policies {
            try registry.validate(policy, kind: .replacement)
            if registry.needsFuture(policy) { needsFuture = true }
        }
        try registry.validate(base.allocator, kind: .allocation)
        try registry.validate(base.swap, kind: .swap)
        try RunConfiguration.checkMemory(of: cells, runningAtOnce: parallelism)
        let layout = try base.layout()
        return try LoadedTrace.load(workload, pageShift: layout.pageShift, withNextUse: needsFuture)
    }

    /// Runs every cell over `trace` (from ``prepare(registry:)``), checking the memory at `frames` first.
    public func run(registry: PolicyRegistry, trace: LoadedTrace) async throws -> [RunResult] {
        try RunConfiguration.checkMemory(of: cells, runningAtOnce: parallelism)
        let cells = self.cells
        return try await withThrowingTaskGroup(of: (Int, RunResult).self) { group in
            var results = [RunResult?](repeating: nil, count: cells.count)
            var next = 0
            func startNext() {
                let index = next
                next += 1
                group.addTask { (index, try Simulator.run(cells[index], trace: trace, registry: registry)) }
            }
            while next < min(parallelism, cells.count) { startNext() }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < cells.count { startNext() }
            }
            return results.map { $0! }
        }
    }
}

/// Facts about this computer that runs adapt to.
public enum ProcessorInfo {
    /// Cores available to this process.
    public static var activeCores: Int { ProcessInfo.processInfo.activeProcessorCount }
}
