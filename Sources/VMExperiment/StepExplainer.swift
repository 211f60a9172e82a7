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
        var finished: Bool { window.to.map { done >= $0 } ?? false }
        /// Runs `accesses` (with their next uses, when the policy needs them): those before the window in one batch
        /// (``Machine/step(batch:nextUse:)``, as a plain run steps them), the rest one by one with an explanation
        /// each, and `afterBatch` after each explained access, since an explained access costs O(resident pages)
        /// and a stop request must not wait for a whole batch of them.
        func run(_ accesses: UnsafeBufferPointer<Access>, _ nextUse: UnsafeBufferPointer<Int>?) throws {
            let before = max(0, min(accesses.count, window.from - 1 - done))
            if before > 0 {
                try machine.step(
                    batch: UnsafeBufferPointer(rebasing: accesses[0..<before]),
                    nextUse: nextUse.map { UnsafeBufferPointer(rebasing: $0[0..<before]) })
                done += before
                try afterBatch?(done)
            }
            for index in before..<accesses.count where !finished {
                try body(try machine.explainStep(accesses[index], nextUse: nextUse?[index] ?? .max), format)
                done += 1
                try afterBatch?(done)
            }
        }

        if future && !reader.carriesNextUse {
            // The whole trace: next uses beyond the window decide evictions inside it.
            let trace = try LoadedTrace.load(workload, pageShift: pageShift, withNextUse: true)
            guard let nextUse = trace.nextUse, nextUse.count == trace.accesses.count else {
                throw VMError.invalidConfiguration("\(trace.name): next-use times do not cover every access")
            }
            try trace.accesses.withUnsafeBufferPointer { accesses in
                try nextUse.withUnsafeBufferPointer { nextUse in
                    var start = 0
                    while start < accesses.count, !finished {
                        let end = min(accesses.count, start + Simulator.batchSize)
                        try run(
                            UnsafeBufferPointer(rebasing: accesses[start..<end]),
                            UnsafeBufferPointer(rebasing: nextUse[start..<end]))
                        start = end
                    }
                }
            }
        } else {
            // Read and decoded on a second thread while the machine runs, as a plain run does; stopped at the
            // window's end.
            let pipeline = BatchPipeline(reader: reader, batchSize: Simulator.batchSize, wantsNextUse: future)
            pipeline.start()
            do {
                try pipeline.forEachBatch { accesses, nextUse in
                    try run(accesses, nextUse)
                    if finished { throw WindowEnded() }
                }
            } catch is WindowEnded {}
        }
        return Summary(
            format: format, result: RunResult(workload: workload.name, configuration: configuration, machine: machine))
    }
}

/// Ends the read-ahead once the window's last access ran.
private struct WindowEnded: Error {}
