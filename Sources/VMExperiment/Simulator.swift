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
    ///
    /// `afterBatch`, when given, is called with the number of accesses run so far after each batch (every 65,536
    /// accesses): a progress display, and a way to stop, since an error it throws ends the run with that error.
    /// With no `afterBatch` the loop is the same as without one.
    public static func run(
        _ configuration: RunConfiguration, workload: WorkloadSource, registry: PolicyRegistry,
        afterBatch: ((Int) throws -> Void)? = nil
    ) throws -> RunResult {
        let pageShift = try configuration.layout().pageShift
        let reader = try workload.openReader(pageShift: pageShift)
        // oracleGeneral ids are renumbered densely in order of first appearance, all reads of pid 1: the flat table
        // grows with them. Other formats carry real addresses and pids: the full machine.
        if reader.format == .oracleGeneral,
            let fast = try configuration.makeSingleSpaceMachine(
                registry: registry, profile: SingleSpaceProfile(pid: 1, largestPage: 0)),
            !fast.replacement.needsFuture || reader.carriesNextUse
        {
            return try stream(
                reader, through: fast, workload: workload.name, configuration: configuration, afterBatch: afterBatch)
        }
        let machine = try configuration.makeMachine(registry: registry)
        if machine.replacement.needsFuture && !reader.carriesNextUse {
            let trace = try LoadedTrace.load(workload, pageShift: pageShift, withNextUse: true)
            return try run(configuration, trace: trace, machine: machine, afterBatch: afterBatch)
        }
        return try stream(
            reader, through: machine, workload: workload.name, configuration: configuration, afterBatch: afterBatch)
    }

    /// Steps every batch of `reader` through `machine`, decoding on a second thread.
    private static func stream(
        _ reader: TraceReader, through machine: some SteppingMachine, workload: String,
        configuration: RunConfiguration, afterBatch: ((Int) throws -> Void)?
    ) throws -> RunResult {
        let pipeline = BatchPipeline(
            reader: reader, batchSize: batchSize, wantsNextUse: machine.replacement.needsFuture)
        pipeline.start()
        if let afterBatch {
            var done = 0
            try pipeline.forEachBatch { accesses, nextUse in
                try machine.step(batch: accesses, nextUse: nextUse)
                done += accesses.count
                try afterBatch(done)
            }
        } else {
            try pipeline.forEachBatch { accesses, nextUse in try machine.step(batch: accesses, nextUse: nextUse) }
        }
        return machine.result(workload: workload, configuration: configuration)
    }

    /// Runs a fresh machine over a trace already in memory.
    public static func run(
        _ configuration: RunConfiguration, trace: LoadedTrace, registry: PolicyRegistry
    ) throws -> RunResult {
        let profile = trace.accesses.withUnsafeBufferPointer {
            SingleSpaceProfile.of($0, pageShift: trace.pageShift)
        }
        if try configuration.layout().pageShift == trace.pageShift,
            let fast = try configuration.makeSingleSpaceMachine(registry: registry, profile: profile)
        {
            return try run(configuration, trace: trace, machine: fast)
        }
        let machine = try makeMachine(configuration, registry: registry, pageShift: trace.pageShift)
        return try run(configuration, trace: trace, machine: machine)
    }

    /// Runs a fresh machine over a trace decoded once and shared by many runs (a sweep's cells). `afterBlock`,
    /// when given, is called with the number of accesses of each block once it has run (at most
    /// ``SharedTrace/blockSize``); an error it throws ends the run.
    public static func run(
        _ configuration: RunConfiguration, trace: SharedTrace, registry: PolicyRegistry,
        afterBlock: ((Int) throws -> Void)? = nil
    ) throws -> RunResult {
        if try configuration.layout().pageShift == trace.pageShift,
            let fast = try configuration.makeSingleSpaceMachine(registry: registry, profile: trace.singleSpace)
        {
            return try replay(trace, on: fast, configuration: configuration, afterBlock: afterBlock)
        }
        let machine = try makeMachine(configuration, registry: registry, pageShift: trace.pageShift)
        return try replay(trace, on: machine, configuration: configuration, afterBlock: afterBlock)
    }

    /// Steps every block of a shared trace through `machine`.
    private static func replay(
        _ trace: SharedTrace, on machine: some SteppingMachine, configuration: RunConfiguration,
        afterBlock: ((Int) throws -> Void)?
    ) throws -> RunResult {
        if machine.replacement.needsFuture && !trace.hasNextUse {
            throw VMError.invalidConfiguration(
                "policy \(configuration.replacement) needs next-use times; build the shared trace with them")
        }
        try trace.forEachBlock(wantsNextUse: machine.replacement.needsFuture) { accesses, nextUse in
            try machine.step(batch: accesses, nextUse: nextUse)
            try afterBlock?(accesses.count)
        }
        return machine.result(workload: trace.name, configuration: configuration)
    }

    /// A fresh machine for a trace decoded for pages of `1 << pageShift` bytes; a machine with other pages is an
    /// error.
    private static func makeMachine(
        _ configuration: RunConfiguration, registry: PolicyRegistry, pageShift: Int
    ) throws -> Machine {
        let machine = try configuration.makeMachine(registry: registry)
        guard machine.layout.pageShift == pageShift else {
            throw VMError.invalidConfiguration(
                "the trace was decoded for \(1 << pageShift)-byte pages, the machine has \(configuration.pageSize)")
        }
        return machine
    }

    private static func run(
        _ configuration: RunConfiguration, trace: LoadedTrace, machine: some SteppingMachine,
        afterBatch: ((Int) throws -> Void)? = nil
    ) throws -> RunResult {
        let future: [Int]?
        if machine.replacement.needsFuture {
            guard let nextUse = trace.nextUse else {
                throw VMError.invalidConfiguration(
                    "policy \(configuration.replacement) needs next-use times; load the trace with them")
            }
            future = nextUse
        } else {
            future = nil
        }
        // Without a monitor: one batch. With one: slices of `batchSize`, the monitor called after each.
        let slice = afterBatch == nil ? max(1, trace.accesses.count) : batchSize
        try trace.accesses.withUnsafeBufferPointer { accesses in
            var start = 0
            while start < accesses.count {
                let end = min(accesses.count, start + slice)
                let batch = UnsafeBufferPointer(rebasing: accesses[start..<end])
                if let future {
                    try future.withUnsafeBufferPointer { nextUse throws(VMError) in
                        try machine.step(batch: batch, nextUse: UnsafeBufferPointer(rebasing: nextUse[start..<end]))
                    }
                } else {
                    try machine.step(batch: batch, nextUse: nil)
                }
                start = end
                try afterBatch?(end)
            }
        }
        return machine.result(workload: trace.name, configuration: configuration)
    }
}

/// What the simulator steps: the full machine, or the single-space machine that stands in for it.
protocol SteppingMachine: AnyObject {
    var replacement: any ReplacementPolicy { get }
    func step(batch accesses: UnsafeBufferPointer<Access>, nextUse: UnsafeBufferPointer<Int>?) throws(VMError)
    /// The run's result, read off the machine at its end.
    func result(workload: String, configuration: RunConfiguration) -> RunResult
}

extension Machine: SteppingMachine {
    func result(workload: String, configuration: RunConfiguration) -> RunResult {
        RunResult(workload: workload, configuration: configuration, machine: self)
    }
}

extension SingleSpaceMachine: SteppingMachine {
    func result(workload: String, configuration: RunConfiguration) -> RunResult {
        RunResult(workload: workload, configuration: configuration, machine: self)
    }
}
