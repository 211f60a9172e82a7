public import VMCore
public import VMExperiment
public import VMTrace

/// What a report shows of a workload itself, from one pass over its shared trace in memory proportional to its
/// distinct pages (never its length): the distinct pages, Denning's working-set size W(t, τ) at evenly spaced
/// times for two windows, and, when asked, LRU's exact stack-distance histogram.
public struct WorkloadProfile: Sendable {
    public var workload: String
    public var accesses: Int
    public var distinctPages: Int
    /// The window lengths τ (2% and 10% of the trace, at least 2; one when they coincide).
    public var windows: [Int]
    /// W(t, τ) for each window, at the sample times.
    public var workingSet: [(time: Int, sizes: [Int])]
    public var lruHistogram: StackDistanceHistogram?

    /// One pass over `trace`: `samples` working-set points, and LRU's histogram when `withLRU`.
    ///
    /// W(t, τ) is the number of pages whose last reference at or before t falls after t − τ: the pass keeps each
    /// page's last reference (a dense numbering of pages) and counts them at each sample time, O(N + samples × D)
    /// for N accesses and D distinct pages.
    public init(trace: SharedTrace, samples: Int, withLRU: Bool) throws {
        workload = trace.name
        accesses = trace.count
        windows = Array(Set([max(2, trace.count / 50), max(2, trace.count / 10)])).sorted()
        let step = max(1, trace.count / max(samples, 1))
        let numbering = PageNumbering()
        var lastSeen: [Int] = []
        var points: [(time: Int, sizes: [Int])] = []
        let accumulator = withLRU ? StackDistanceAccumulator(pageShift: trace.pageShift) : nil
        let shift = UInt64(trace.pageShift)
        let windows = self.windows
        var time = 0
        try trace.forEachBlock(wantsNextUse: false) { block, _ in
            accumulator?.add(block)
            for access in block {
                guard let id = numbering.id(pid: access.pid, page: access.address >> shift) else {
                    throw VMError.invalidConfiguration("more than 2^32 - 1 distinct pages")
                }
                if id == lastSeen.count { lastSeen.append(time) } else { lastSeen[id] = time }
                time += 1
                if time % step == 0 || time == trace.count {
                    // Pages referenced in (t − τ, t], t = time − 1 the last access's position.
                    let sizes = windows.map { window in lastSeen.reduce(0) { $0 + ($1 > time - 1 - window ? 1 : 0) } }
                    points.append((time, sizes))
                }
            }
        }
        workingSet = points
        distinctPages = numbering.count
        lruHistogram = accumulator?.histogram()
    }
}
