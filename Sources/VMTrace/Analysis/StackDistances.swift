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

    /// Accumulates distances. Each distinct page has one mark, at the position of its last reference; the pages
    /// referenced after position `p` number `seen − prefix(p)`, one rank query per reference.
    ///
    /// The marks are a bitmap (one bit per position) with a Fenwick tree over blocks of 1,024 positions: a query
    /// sums the block counts below (a small tree that stays in cache) and counts the bits of at most 16 words, so
    /// a reference costs about two cache misses however many pages there are.
    private struct Builder {
        static let blockShift = 10
        static let wordsPerBlock = 1 << (blockShift - 6)

        var ids = DenseIDTable<ProcessPage>(initialCapacity: 1 << 12)
        /// Position of each page's last reference, by dense id (`seen` of `lastCapacity` in use).
        var last: UnsafeMutablePointer<Int32>
        var lastCapacity = 1 << 12
        var seen = 0
        /// `counts[d - 1]`: references at distance `d`, for `d ≤ countsCapacity`.
        var counts: UnsafeMutablePointer<Int>
        var countsCapacity = 1 << 12
        /// One bit per position `0 ..< capacity`.
        var bits: UnsafeMutablePointer<UInt64>
        /// Fenwick tree over block counts, indices `1 ... blocks`.
        var blockTree: UnsafeMutablePointer<Int32>
        var capacity: Int
        var blocks: Int
        /// Next position to hand out.
        var next = 0
        var cold = 0
        var total = 0

        init() {
            capacity = 1 << 16
            blocks = capacity >> Self.blockShift
            bits = .allocate(capacity: capacity >> 6)
            bits.initialize(repeating: 0, count: capacity >> 6)
            blockTree = .allocate(capacity: blocks + 1)
            blockTree.initialize(repeating: 0, count: blocks + 1)
            last = .allocate(capacity: lastCapacity)
            counts = .allocate(capacity: countsCapacity)
            counts.initialize(repeating: 0, count: countsCapacity)
        }

        func deallocate() {
            ids.deallocate()
            bits.deallocate()
            blockTree.deallocate()
            last.deallocate()
            counts.deallocate()
        }

        /// Doubles a buffer of `capacity` elements until it holds `needed`, keeping the first `used`.
        static func grow<T>(
            _ buffer: inout UnsafeMutablePointer<T>, _ capacity: inout Int, to needed: Int, used: Int, fill: T?
        ) {
            var size = capacity
            while size < needed { size <<= 1 }
            let larger = UnsafeMutablePointer<T>.allocate(capacity: size)
            larger.moveInitialize(from: buffer, count: used)
            if let fill { (larger + used).initialize(repeating: fill, count: size - used) }
            buffer.deallocate()
            buffer = larger
            capacity = size
        }

        @inline(__always)
        func addToBlock(_ block: Int, _ delta: Int32) {
            var index = block + 1
            while index <= blocks {
                blockTree[index] &+= delta
                index += index & -index
            }
        }

        @inline(__always)
        func mark(_ position: Int) {
            bits[position >> 6] |= 1 << UInt64(position & 63)
            addToBlock(position >> Self.blockShift, 1)
        }

        @inline(__always)
        func unmark(_ position: Int) {
            bits[position >> 6] &= ~(1 << UInt64(position & 63))
            addToBlock(position >> Self.blockShift, -1)
        }

        /// Marks at positions `0 ... position`.
        @inline(__always)
        func prefix(_ position: Int) -> Int {
            let block = position >> Self.blockShift
            var sum = 0
            var index = block
            while index > 0 {
                sum &+= Int(blockTree[index])
                index -= index & -index
            }
            let word = position >> 6
            var scan = block * Self.wordsPerBlock
            while scan < word {
                sum &+= bits[scan].nonzeroBitCount
                scan += 1
            }
            let mask: UInt64 = position & 63 == 63 ? ~0 : (1 << UInt64((position & 63) + 1)) &- 1
            return sum &+ (bits[word] & mask).nonzeroBitCount
        }

        mutating func reference(_ page: ProcessPage) {
            total += 1
            guard let id = ids.id(for: page).map(Int.init) else { preconditionFailure("more than 2^32 pages") }
            if next == capacity { compact() }
            if id == seen {
                if seen == lastCapacity { Self.grow(&last, &lastCapacity, to: seen + 1, used: seen, fill: nil) }
                seen += 1
                cold += 1
            } else {
                let previous = Int(last[id])
                // Distinct pages referenced after `previous`, plus this one.
                let distance = seen - prefix(previous) + 1
                if distance > countsCapacity {
                    Self.grow(&counts, &countsCapacity, to: distance, used: countsCapacity, fill: 0)
                }
                counts[distance - 1] += 1
                unmark(previous)
            }
            mark(next)
            last[id] = Int32(truncatingIfNeeded: next)
            next += 1
        }

        /// Renumbers the live positions 0 ..< M in order, keeping room for at least 3M more references before the
        /// next compaction (so compactions cost O(1) amortised per reference).
        mutating func compact() {
            let live = seen
            var size = 1 << 16
            while size < 4 * (live + 1) { size <<= 1 }
            // Live positions are distinct: bucket them instead of sorting (O(capacity)).
            var idAt = [Int32](repeating: -1, count: capacity)
            for id in 0..<seen { idAt[Int(last[id])] = Int32(id) }
            var rank: Int32 = 0
            for position in 0..<capacity where idAt[position] >= 0 {
                last[Int(idAt[position])] = rank
                rank += 1
            }
            if size != capacity {
                bits.deallocate()
                blockTree.deallocate()
                capacity = size
                blocks = capacity >> Self.blockShift
                bits = .allocate(capacity: capacity >> 6)
                blockTree = .allocate(capacity: blocks + 1)
            }
            bits.initialize(repeating: 0, count: capacity >> 6)
            blockTree.initialize(repeating: 0, count: blocks + 1)
            for word in 0..<(live >> 6) { bits[word] = ~0 }
            if live & 63 != 0 { bits[live >> 6] = (1 << UInt64(live & 63)) - 1 }
            // Block counts: full blocks below M, then the partial one; the Fenwick tree built bottom-up.
            for block in 0..<blocks {
                let start = block << Self.blockShift
                blockTree[block + 1] = Int32(max(0, min(live - start, 1 << Self.blockShift)))
            }
            for index in 1...blocks {
                let parent = index + (index & -index)
                if parent <= blocks { blockTree[parent] &+= blockTree[index] }
            }
            next = live
        }

        func histogram(scale: Double, rate: Double) -> StackDistanceHistogram {
            var scaled: [Double] = []
            var largest = countsCapacity
            while largest > 0 && counts[largest - 1] == 0 { largest -= 1 }
            let histogram = UnsafeBufferPointer(start: counts, count: largest)
            if scale == 1 {
                scaled = histogram.map(Double.init)
            } else {
                // A sampled distance d stands for distance d / rate among all pages.
                for (index, count) in histogram.enumerated() where count > 0 {
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
