import Foundation
public import VMCore
import VMTrace

/// A sweep of policies and memory sizes over one workload: every (policy, frames) cell, run in parallel on all
/// cores over one decoded copy of the trace (a ``SharedTrace``: decoded once, in memory or spilled to a temporary
/// file when large). Results come back in the order of `policies` then `frames`, identical whatever the
/// parallelism.
///
/// Memory: the shared trace (8–12 bytes per access up to ``SpillSettings/spillAbove``, then a file), plus
/// `parallelism` machines and their block buffers (about 1.5 MB each).
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
    /// bound when sizes are resolved later), then decodes the workload once (with next-use times when a policy
    /// needs the future). `afterBatch` sees the accesses decoded so far (a progress display).
    public func prepare(
        registry: PolicyRegistry, spill: SpillSettings = .standard, afterBatch: ((Int) throws -> Void)? = nil
    ) throws -> SharedTrace {
        var needsFuture = false
        for policy in policies {
            try registry.validate(policy, kind: .replacement)
            if registry.needsFuture(policy) { needsFuture = true }
        }
        try registry.validate(base.allocator, kind: .allocation)
        try registry.validate(base.swap, kind: .swap)
        try RunConfiguration.checkMemory(of: cells, runningAtOnce: parallelism)
        let layout = try base.layout()
        return try SharedTrace.build(
            workload, pageShift: layout.pageShift, withNextUse: needsFuture, spill: spill, afterBatch: afterBatch)
    }

    /// Runs every cell over `trace` (from ``prepare(registry:spill:afterBatch:)``), checking the memory at
    /// `frames` first. `afterBlock`, when given, is called from the cells' threads with the accesses of each block
    /// a cell has run (a progress display); an error it throws ends the sweep.
    public func run(
        registry: PolicyRegistry, trace: SharedTrace, afterBlock: (@Sendable (Int) throws -> Void)? = nil
    ) async throws -> [RunResult] {
        try RunConfiguration.checkMemory(of: cells, runningAtOnce: parallelism)
        let cells = self.cells
        return try await withThrowingTaskGroup(of: (Int, RunResult).self) { group in
            var results = [RunResult?](repeating: nil, count: cells.count)
            var next = 0
            func startNext() {
                let index = next
                next += 1
                group.addTask {
                    (index, try Simulator.run(cells[index], trace: trace, registry: registry, afterBlock: afterBlock))
                }
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
