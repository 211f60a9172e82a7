public import VMCore
public import VMTrace

/// One pass over a workload in batches, decoded on a second thread (``BatchPipeline``): what `mrc` and miniature
/// simulation read traces with, so that memory stays bounded by the batches, never the trace length.
public enum TraceStream {
    /// Accesses per batch.
    static let batchSize = 1 << 16

    /// Calls `body` with every batch of `source` (pages of `1 << pageShift` bytes), in trace order, then returns
    /// the number of accesses. `afterBatch`, when given, is called after each batch with the accesses so far (a
    /// progress display; an error it throws ends the pass). A trace without accesses throws the reader's "the
    /// trace has no accesses".
    @discardableResult
    public static func forEachBatch(
        _ source: WorkloadSource, pageShift: Int, afterBatch: ((Int) throws -> Void)? = nil,
        _ body: (UnsafeBufferPointer<Access>) throws -> Void
    ) throws -> Int {
        let reader = try source.openReader(pageShift: pageShift)
        let pipeline = BatchPipeline(reader: reader, batchSize: batchSize, wantsNextUse: false)
        pipeline.start()
        var done = 0
        try pipeline.forEachBatch { accesses, _ in
            try body(accesses)
            done += accesses.count
            try afterBatch?(done)
        }
        return done
    }
}

extension MissRatioCurve {
    /// The stack-distance histograms of `source` for each sampler (an exact one for a sampler of rate 1), from one
    /// streaming pass: memory proportional to the distinct pages each tracks, whatever the trace length. Returns
    /// the histograms (in the order of `samplers`) and the number of accesses.
    public static func histograms(
        of source: WorkloadSource, pageShift: Int, samplers: [SpatialSampler],
        afterBatch: ((Int) throws -> Void)? = nil
    ) throws -> (histograms: [StackDistanceHistogram], accesses: Int) {
        let accumulators = samplers.map { StackDistanceAccumulator(pageShift: pageShift, sampler: $0) }
        let accesses = try TraceStream.forEachBatch(source, pageShift: pageShift, afterBatch: afterBatch) { batch in
            for accumulator in accumulators { accumulator.add(batch) }
        }
        return (accumulators.map { $0.histogram() }, accesses)
    }

    /// The curve of `source` at `sizes` from one streaming pass (exact when `samplingRate` is 1); equal to
    /// ``init(trace:sizes:samplingRate:seed:)`` over the loaded trace.
    public init(
        streaming source: WorkloadSource, pageShift: Int, sizes: [Int], samplingRate: Double = 1, seed: UInt64 = 0
    ) throws {
        let (histograms, accesses) = try Self.histograms(
            of: source, pageShift: pageShift, samplers: [SpatialSampler(rate: samplingRate, seed: seed)])
        self.init(workload: source.name, accesses: accesses, histogram: histograms[0], sizes: sizes)
    }
}
