public import VMCore
public import VMTrace

/// Runs one configuration over one workload and reads off the result.
public enum Simulator {
    /// Accesses handed to the machine per batch when streaming.
    static let batchSize = 1 << 16

    /// Streams `workload` through a fresh machine: memory grows with distinct pages, not trace length. The trace is
    /// read and decoded on a second thread while the machine runs (``BatchPipeline``). When the
    /// replacement policy needs the future and the trace does not carry next-use times, the trace is loaded
    /// first (one backward pass computes them).
    public static func run(
        _ configuration: RunConfiguration, workload: WorkloadSource, registry: PolicyRegistry
    ) throws -> RunResult {
        let machine = try configuration.makeMachine(registry: registry)
        let pageShift = machine.layout.pageShift
        let reader = try workload.openReader(pageShift: pageShift)
        if machine.replacement.needsFuture && !reader.carriesNextUse {
            let trace = try LoadedTrace.load(workload, pageShift: pageShift, withNextUse: true)
            return try run(configuration, trace: trace, machine: machine)
        }
        let future = machine.replacement.needsFuture
        let pipeline = BatchPipeline(reader: reader, batchSize: batchSize, wantsNextUse: future)
        pipeline.start()
        try pipeline.forEachBatch { accesses, nextUse in try machine.step(batch: accesses, nextUse: nextUse) }
        return RunResult(workload: workload.name, configuration: configuration, machine: machine)
    }

    /// Runs a fresh machine over a trace already in memory.
    public static func run(
        _ configuration: RunConfiguration, trace: LoadedTrace, registry: PolicyRegistry
    ) throws -> RunResult {
        let machine = try configuration.makeMachine(registry: registry)
        guard machine.layout.pageShift == trace.pageShift else {
            throw VMError.invalidConfiguration(
                "the trace was decoded for \(1 << trace.pageShift)-byte pages, the machine has \(configuration.pageSize)"
            )
        }
        return try run(configuration, trace: trace, machine: machine)
    }

    private static func run(_ configuration: RunConfiguration, trace: LoadedTrace, machine: Machine) throws
        -> RunResult
    {
        if machine.replacement.needsFuture {
            guard let nextUse = trace.nextUse else {
                throw VMError.invalidConfiguration(
                    "policy \(configuration.replacement) needs next-use times; load the trace with them")
            }
            try trace.accesses.withUnsafeBufferPointer { accesses throws(VMError) in
                try nextUse.withUnsafeBufferPointer { nextUse throws(VMError) in
                    try machine.step(batch: accesses, nextUse: nextUse)
                }
            }
        } else {
            try trace.accesses.withUnsafeBufferPointer { accesses throws(VMError) in
                try machine.step(batch: accesses, nextUse: nil)
            }
        }
        return RunResult(workload: trace.name, configuration: configuration, machine: machine)
    }
}
