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
/// positions, renumbered (compacted) whenever its positions run out.
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

    /// The exact histogram of `accesses`.
    public static func exact(_ accesses: UnsafeBufferPointer<Access>, pageShift: Int) -> StackDistanceHistogram {
        var builder = Builder()
        defer { builder.deallocate() }
        let shift = UInt64(pageShift)
        for access in accesses {
            builder.reference(ProcessPage(pid: access.pid, page: access.address >> shift))
        }
        return builder.histogram(scale: 1, rate: 1)
    }

    /// An approximate histogram by spatial sampling (SHARDS: Waldspurger, Park, Garthwaite & Ahmad, "Efficient MRC
    /// construction with SHARDS", FAST 2015): only pages whose hash falls below `rate` are tracked, their
    /// distances are scaled by `1 / rate`, and counts by `1 / rate`. Memory and time shrink by about `rate`.
    public static func sampled(_ accesses: UnsafeBufferPointer<Access>, pageShift: Int, rate: Double, seed: UInt64 = 0)
        -> StackDistanceHistogram
    {
        precondition(rate > 0 && rate <= 1)
        let threshold: UInt64 = rate >= 1 ? .max : UInt64(rate * 0x1p64)
        var builder = Builder()
        defer { builder.deallocate() }
        let shift = UInt64(pageShift)
        let key = mix64(seed ^ 0x5348_4152_4453)
        for access in accesses {
            let page = ProcessPage(pid: access.pid, page: access.address >> shift)
            if rate >= 1 || mix64(page.mixedHash ^ key) < threshold { builder.reference(page) }
        }
        // SHARDS-adj: a popular page sampled (or missed) by chance skews every count; the difference between the
        // references expected at this rate and those sampled goes to the smallest distance (hits at any size).
        let expected = Double(accesses.count) * rate
        var histogram = builder.histogram(scale: 1 / rate, rate: rate)
        let missing = (expected - Double(builder.total)) / rate
        if histogram.counts.isEmpty { histogram.counts = [0] }
        histogram.counts[0] = max(0, histogram.counts[0] + missing)
        histogram.references = Double(accesses.count)
        return histogram
    }

    /// Accumulates distances: a Fenwick tree marks, for each distinct page, the position of its last reference.
    private struct Builder {
        var ids = DenseIDTable<ProcessPage>(initialCapacity: 1 << 12)
        /// Position of each page's last reference, by dense id (-1 before the first).
        var last: [Int32] = []
        var tree: [Int32] = [0]
        /// Positions in use in the tree (1-based).
        var next = 1
        var counts: [Int] = []
        var cold = 0
        var total = 0

        init() {
            tree = [Int32](repeating: 0, count: (1 << 16) + 1)
        }

        func deallocate() { ids.deallocate() }

        mutating func add(_ position: Int, _ delta: Int32) {
            var index = position
            while index < tree.count {
                tree[index] &+= delta
                index += index & -index
            }
        }

        func prefix(_ position: Int) -> Int {
            var sum = 0
            var index = position
            while index > 0 {
                sum += Int(tree[index])
                index -= index & -index
            }
            return sum
        }

        mutating func reference(_ page: ProcessPage) {
            total += 1
            guard let id = ids.id(for: page).map(Int.init) else { preconditionFailure("more than 2^32 pages") }
            if next == tree.count { compact() }
            if id == last.count {
                last.append(-1)
                cold += 1
            } else {
                let previous = Int(last[id])
                // Distinct pages referenced after `previous`: marks in (previous, next).
                let distance = prefix(next - 1) - prefix(previous) + 1
                if distance > counts.count {
                    counts.append(contentsOf: repeatElement(0, count: distance - counts.count))
                }
                counts[distance - 1] += 1
                add(previous, -1)
            }
            add(next, 1)
            last[id] = Int32(next)
            next += 1
        }

        /// Renumbers the live positions 1…M in order, growing the tree when more than half of it is live.
        mutating func compact() {
            let live = last.count
            var capacity = tree.count - 1
            if live * 2 > capacity { capacity *= 2 }
            var order = Array(last.indices)
            order.sort { last[$0] < last[$1] }
            tree = [Int32](repeating: 0, count: capacity + 1)
            for (rank, id) in order.enumerated() {
                last[id] = Int32(rank + 1)
                add(rank + 1, 1)
            }
            next = live + 1
        }

        func histogram(scale: Double, rate: Double) -> StackDistanceHistogram {
            var scaled: [Double] = []
            if scale == 1 {
                scaled = counts.map(Double.init)
            } else {
                // A sampled distance d stands for distance d / rate among all pages.
                for (index, count) in counts.enumerated() where count > 0 {
                    let distance = Int((Double(index + 1) * scale).rounded())
                    if distance > scaled.count {
                        scaled.append(contentsOf: repeatElement(0, count: distance - scaled.count))
                    }
                    scaled[distance - 1] += Double(count) * scale
                }
            }
            return StackDistanceHistogram(
                references: Double(total) * scale, coldMisses: Double(cold) * scale, counts: scaled, samplingRate: rate)
        }
    }
}
