public import VMCore
public import VMTrace

/// Which accesses of a run to explain: `from ... to` (1-based, inclusive). Accesses before the window run at full
/// speed; the run stops after the window's last access.
public struct StepWindow: Sendable, Hashable {
    public var from: Int
    public var to: Int?

    public init(from: Int = 1, to: Int? = nil) {
        self.from = from
        self.to = to
    }

    /// Every access.
    public static let all = StepWindow()

    public func contains(_ time: Int) -> Bool { time >= from && to.map { time <= $0 } ?? true }
}

/// Runs a workload access by access and hands each access of a window to `body` as a ``StepRecord``: what
/// `vmlab simulate --steps` prints.
public enum StepExplainer {
    /// What the explained run saw, besides the records.
    public struct Summary: Sendable {
        /// The format the trace was read in (`.pages` for inline page lists).
        public var format: TraceFormat
        /// The result over the accesses that ran (up to the window's end).
        public var result: RunResult
    }

    /// Streams `workload` through a fresh machine, explaining the accesses in `window`. Policies that need the future
    /// get next-use times from the trace, or from a loaded copy of it (bounded by the memory budget). `body` also
    /// gets the format the trace was read in (`.pages` for page lists: reference-string mode).
    /// `afterBatch` works as in ``Simulator/run(_:workload:registry:afterBatch:)``.
    public static func run(
        _ configuration: RunConfiguration, workload: WorkloadSource, registry: PolicyRegistry, window: StepWindow,
        afterBatch: ((Int) throws -> Void)? = nil, body: (StepRecord, TraceFormat) throws -> Void
    ) throws -> Summary {
        let machine = try configuration.makeMachine(registry: registry)
        let pageShift = machine.layout.pageShift
        let reader = try workload.openReader(pageShift: pageShift)
        let format = reader.format
        let future = machine.replacement.needsFuture
        var done = 0
        // Inside the window `afterBatch` runs after every access: an explained access costs O(frames), so a stop
        // request must not wait for a whole batch of them.
        func stepOne(_ access: Access, nextUse: Int) throws {
            if window.contains(done + 1) {
                try body(try machine.explainStep(access, nextUse: nextUse), format)
                done += 1
                try afterBatch?(done)
            } else {
                try machine.step(access, nextUse: nextUse)
                done += 1
            }
        }
        var finished: Bool { window.to.map { done >= $0 } ?? false }

        if future && !reader.carriesNextUse {
            // The whole trace: next uses beyond the window decide evictions inside it.
            let trace = try LoadedTrace.load(workload, pageShift: pageShift, withNextUse: true)
            let nextUse = trace.nextUse ?? []
            for index in trace.accesses.indices where !finished {
                try stepOne(trace.accesses[index], nextUse: index < nextUse.count ? nextUse[index] : .max)
                if done % Simulator.batchSize == 0 { try afterBatch?(done) }
            }
        } else {
            let batch = 4096
            let accesses = UnsafeMutableBufferPointer<Access>.allocate(capacity: batch)
            let nextUse = UnsafeMutableBufferPointer<Int>.allocate(capacity: batch)
            defer {
                accesses.deallocate()
                nextUse.deallocate()
            }
            while !finished {
                let count = try reader.read(into: accesses, nextUse: future ? nextUse : nil)
                if count == 0 { break }
                for index in 0..<count where !finished {
                    try stepOne(accesses[index], nextUse: future ? nextUse[index] : .max)
                }
                if done / Simulator.batchSize != (done - count) / Simulator.batchSize { try afterBatch?(done) }
            }
        }
        return Summary(
            format: format, result: RunResult(workload: workload.name, configuration: configuration, machine: machine))
    }
}
