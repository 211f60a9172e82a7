import Foundation
public import VMCore
public import VMTrace

/// LRU's faults at many memory sizes from one pass over a trace (``StackDistanceHistogram``): exact, or
/// approximated by spatial sampling for very large traces.
public struct MissRatioCurve: Sendable, Hashable, Codable {
    /// One memory size.
    public struct Point: Sendable, Hashable, Codable {
        public var frames: Int
        /// Faults (cold misses included); for a sampled curve, the estimate rounded to the nearest integer.
        public var faults: Int
        public var missRatio: Double
    }

    public var workload: String
    public var accesses: Int
    /// Distinct pages (an estimate for a sampled curve).
    public var distinctPages: Int
    /// 1 for an exact curve; the fraction of pages tracked for a sampled one.
    public var samplingRate: Double
    public var points: [Point]

    /// The curve of `trace` at `sizes` (every positive size; any order), exact when `samplingRate` is 1.
    public init(trace: LoadedTrace, sizes: [Int], samplingRate: Double = 1, seed: UInt64 = 0) {
        let histogram = trace.accesses.withUnsafeBufferPointer { accesses in
            samplingRate >= 1
                ? StackDistanceHistogram.exact(accesses, pageShift: trace.pageShift)
                : StackDistanceHistogram.sampled(accesses, pageShift: trace.pageShift, rate: samplingRate, seed: seed)
        }
        self.init(workload: trace.name, accesses: trace.accesses.count, histogram: histogram, sizes: sizes)
    }

    /// The curve a histogram gives at `sizes`.
    public init(workload: String, accesses: Int, histogram: StackDistanceHistogram, sizes: [Int]) {
        self.workload = workload
        self.accesses = accesses
        distinctPages = Int(histogram.coldMisses.rounded())
        samplingRate = histogram.samplingRate
        let faults = histogram.faults(at: sizes)
        points = zip(sizes, faults).map { size, estimate in
            let rounded = min(accesses, max(0, Int(estimate.rounded())))
            return Point(
                frames: size, faults: rounded, missRatio: accesses == 0 ? 0 : Double(rounded) / Double(accesses))
        }
    }

    /// Default sizes for a curve: about `count` sizes from 1 to the number of distinct pages, spaced
    /// geometrically (every size when there are few).
    public static func defaultSizes(distinctPages: Int, count: Int = 32) -> [Int] {
        guard distinctPages > count else { return Array(1...max(distinctPages, 1)) }
        var sizes: Set<Int> = [1, distinctPages]
        let ratio = Double(distinctPages)
        for step in 0..<count {
            sizes.insert(max(1, Int((pow(ratio, Double(step) / Double(count - 1))).rounded())))
        }
        return sizes.sorted()
    }

    /// The smallest size a sampled curve resolves: ten times the sampling granularity `1 / rate` (one sampled
    /// page stands for `1 / rate` pages, so smaller sizes are coarse; SHARDS targets large caches).
    public var resolvedFrames: Int {
        samplingRate >= 1 ? 1 : Int(min(1e15, (10 / max(samplingRate, Self.minimumSamplingRate)).rounded(.up)))
    }

    /// The smallest sampling rate accepted: one page in a million. Below it, a trace of any size samples a
    /// handful of pages and the curve says nothing.
    public static let minimumSamplingRate = 1e-6

    /// Mean and largest absolute difference in miss ratio between this curve and `exact` at the sizes both have,
    /// from `minimumFrames` up (default: the sizes this curve resolves).
    public func error(against exact: MissRatioCurve, minimumFrames: Int? = nil) -> (mean: Double, maximum: Double) {
        let floor = minimumFrames ?? resolvedFrames
        let reference = Dictionary(exact.points.map { ($0.frames, $0.missRatio) }, uniquingKeysWith: { a, _ in a })
        var total = 0.0
        var largest = 0.0
        var count = 0
        for point in points where point.frames >= floor {
            guard let other = reference[point.frames] else { continue }
            let difference = abs(point.missRatio - other)
            total += difference
            largest = max(largest, difference)
            count += 1
        }
        return (count == 0 ? 0 : total / Double(count), largest)
    }
}
