public import VMCore

/// LRU stack distances of a reference string, as a histogram: what one pass over a trace tells about LRU at every
/// memory size at once (Mattson, Gecsei, Slutz & Traiger, "Evaluation techniques for storage hierarchies", IBM
/// Systems Journal 9(2), 1970).
///
/// The stack distance of a reference is the number of distinct pages referenced since the previous reference to
/// the same page, plus one (the page's depth in the LRU stack); a first reference has infinite distance. LRU with
/// `C` frames hits exactly the references of distance ≤ C, so `faults(C) = cold + Σ_{d > C} count[d]`, for every C.
///
/// Pages are `(pid, virtual page)` pairs, so several address spaces never alias. Computing the histogram is
/// O(N log M) time and O(M) memory for N references over M distinct pages: a Fenwick tree over "last reference"
/// positions, renumbered (compacted) whenever its positions run out (``StackDistanceAccumulator``, which also takes
/// the trace in batches).
public struct StackDistanceHistogram: Sendable, Hashable, Codable {
    /// References counted (after sampling, scaled back: see ``sampled(_:pageShift:rate:seed:)``).
    public var references: Double
    /// First references (infinite distance): the cold misses.
    public var coldMisses: Double
    /// `counts[d - 1]` references had stack distance `d`.
    public var counts: [Double]
    /// The fraction of pages sampled (1 for an exact histogram).
    public var samplingRate: Double

    /// Faults of LRU with `frames` frames (cold misses included).
    public func faults(frames: Int) -> Double {
        var total = coldMisses
        if frames < counts.count {
            for distance in frames..<counts.count { total += counts[distance] }
        }
        return total
    }

    /// Faults at each of `sizes`, in one pass over the histogram (sizes in any order).
    public func faults(at sizes: [Int]) -> [Double] {
        // Suffix sums: beyond[d] = references with distance > d.
        var beyond = [Double](repeating: 0, count: counts.count + 1)
        var running = 0.0
        for distance in stride(from: counts.count, to: 0, by: -1) {
            beyond[distance] = running
            running += counts[distance - 1]
        }
        beyond[0] = running
        return sizes.map { size in coldMisses + (size < beyond.count ? beyond[max(size, 0)] : 0) }
    }

    /// The exact histogram of `accesses` (``StackDistanceAccumulator`` over one batch).
    public static func exact(_ accesses: UnsafeBufferPointer<Access>, pageShift: Int) -> StackDistanceHistogram {
        let accumulator = StackDistanceAccumulator(pageShift: pageShift)
        accumulator.add(accesses)
        return accumulator.histogram()
    }

    /// An approximate histogram by spatial sampling (SHARDS: Waldspurger, Park, Garthwaite & Ahmad, "Efficient MRC
    /// construction with SHARDS", FAST 2015): only pages whose hash falls below `rate` are tracked
    /// (``SpatialSampler``), their distances are scaled by `1 / rate`, and counts by `1 / rate`. Memory and time
    /// shrink by about `rate`.
    public static func sampled(_ accesses: UnsafeBufferPointer<Access>, pageShift: Int, rate: Double, seed: UInt64 = 0)
        -> StackDistanceHistogram
    {
        let accumulator = StackDistanceAccumulator(
            pageShift: pageShift, sampler: SpatialSampler(rate: rate, seed: seed))
        accumulator.add(accesses)
        return accumulator.histogram()
    }
}
