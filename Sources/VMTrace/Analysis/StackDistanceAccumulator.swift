import CVMSupport
public import VMCore

/// Builds a ``StackDistanceHistogram`` from a trace fed in batches, so a trace of any length is processed in memory
/// proportional to its distinct pages (Mattson et al. 1970; with a ``SpatialSampler``, SHARDS: Waldspurger et al.,
/// FAST 2015).
///
/// Feed every batch in trace order with ``add(_:)``, then call ``histogram()``. The result is the same however the
/// trace is cut into batches, and the same as ``StackDistanceHistogram/exact(_:pageShift:)`` over the whole trace.
///
/// Cost: O(log M) per reference for M distinct (sampled) pages — in practice one or two cache misses — and
/// O(M) memory: about 10 bytes per distinct page when pages are numbered densely from 0 (as the oracle-general
/// reader numbers them), about 60 otherwise, plus 8 bytes per distinct stack distance.
///
/// How: each distinct page has one mark, at the position ("time") of its last reference; the pages referenced
/// after position `p` number `seen − prefix(p)`, one rank query per reference. The marks are a bitmap (one bit per
/// position) with a Fenwick tree over blocks of 1,024 positions: a query sums the block counts below (a small tree
/// that stays in cache) and counts the bits of at most 16 words. Positions run out after about 3M references; the
/// live ones are then renumbered `0 ..< M` in order (compaction, O(M log M), so O(log M) amortised). Each page's
/// last position is found through a direct table indexed by page number for the pages of the first process below
/// about 8M (all of them for a densely numbered trace), and through a hash table of dense ids otherwise; the slot
/// of the reference 16 ahead is prefetched, so the lookup's cache miss overlaps other work.
///
/// Not thread-safe; a class so that it can be fed from a closure and free its memory when released.
public final class StackDistanceAccumulator {
    /// How sampled pages are chosen (every page for an exact histogram).
    public let sampler: SpatialSampler
    /// Log2 of the page size the accesses' addresses are decoded with.
    public let pageShift: Int
    /// Accesses offered so far, sampled or not.
    @exclusivity(unchecked) public private(set) var accesses = 0

    @exclusivity(unchecked) private var builder = Builder()

    /// An accumulator for pages of `1 << pageShift` bytes (0...63), tracking the pages `sampler` keeps (all by
    /// default).
    public init(pageShift: Int, sampler: SpatialSampler = SpatialSampler(rate: 1)) {
        precondition((0...63).contains(pageShift))
        self.pageShift = pageShift
        self.sampler = sampler
    }

    deinit {
        builder.deallocate()
    }

    /// Counts the next accesses of the trace.
    public func add(_ batch: UnsafeBufferPointer<Access>) {
        accesses += batch.count
        var builder = self.builder
        defer { self.builder = builder }
        let shift = UInt64(pageShift)
        if sampler.keepsEveryPage {
            builder.reference(batch, shift: shift)
            return
        }
        // Sampled pages are few: filter a chunk at a time into a small buffer, then count it.
        let sampler = self.sampler
        withUnsafeTemporaryAllocation(of: Access.self, capacity: 4096) { buffer in
            var start = 0
            while start < batch.count {
                let end = min(batch.count, start + buffer.count)
                let kept = sampler.filter(
                    UnsafeBufferPointer(rebasing: batch[start..<end]), pageShift: pageShift, into: buffer)
                builder.reference(UnsafeBufferPointer(rebasing: buffer[0..<kept]), shift: shift)
                start = end
            }
        }
    }

    /// Distinct pages tracked so far (sampled ones only, when sampling).
    public var distinctPages: Int { builder.seen }

    /// The histogram of everything added so far. For a sampled accumulator, distances and counts are scaled by
    /// `1 / rate`, and the difference between the references expected at this rate and those sampled is added to
    /// distance 1 (SHARDS-adj: a popular page sampled, or missed, by chance would otherwise skew every size).
    public func histogram() -> StackDistanceHistogram {
        builder.flush()
        let rate = sampler.rate
        if sampler.keepsEveryPage { return builder.histogram(scale: 1, rate: 1) }
        let expected = Double(accesses) * rate
        var histogram = builder.histogram(scale: 1 / rate, rate: rate)
        let missing = (expected - Double(builder.total)) / rate
        if histogram.counts.isEmpty { histogram.counts = [0] }
        histogram.counts[0] = max(0, histogram.counts[0] + missing)
        histogram.references = Double(accesses)
        return histogram
    }

    /// The marks, the page tables and the counts. A value type so that the hot loop works on a local copy (no class
    /// property access per reference); it owns raw memory, freed once by ``deallocate()``.
    struct Builder {
        static let blockShift = 10
        static let wordsPerBlock = 1 << (blockShift - 6)
        /// How many references ahead the page's slot is prefetched.
        static let prefetchDistance = 16
        /// Distinct pages allowed: positions are `UInt32` and up to four per live page are in use.
        static let maximumPages = 1 << 29

        /// Last position + 1 (0: never referenced) of page `p` of process `directPid`, for `p < directCapacity`.
        var direct: UnsafeMutablePointer<UInt32>
        var directCapacity = 1 << 12
        var directPid: UInt32?
        /// The smallest page of `directPid` ever sent to the hash table: below it, a zero direct slot means "new".
        var smallestHashedPage = UInt64.max
        /// Dense ids of the other pages, and their last positions.
        var ids = DenseIDTable<ProcessPage>(initialCapacity: 1 << 12)
        var last: UnsafeMutablePointer<UInt32>
        var lastCapacity = 1 << 12
        var hashed = 0
        /// Distinct pages referenced.
        var seen = 0
        /// `counts[d - 1]`: references at distance `d`, for `d ≤ countsCapacity` (once `pending` is applied).
        var counts: UnsafeMutablePointer<Int>
        var countsCapacity = 1 << 12
        /// Distances `d - 1` not yet added to `counts`. With a million distinct pages `counts` outgrows the caches,
        /// and an increment per reference in the main loop stalls on its miss (40% of the time on a Zipf trace);
        /// applied in a separate tight loop, with prefetching, the misses overlap.
        var pending: UnsafeMutablePointer<UInt32>
        var pendingCount = 0
        static let pendingCapacity = 1 << 12
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
            direct = .allocate(capacity: directCapacity)
            direct.initialize(repeating: 0, count: directCapacity)
            last = .allocate(capacity: lastCapacity)
            counts = .allocate(capacity: countsCapacity)
            counts.initialize(repeating: 0, count: countsCapacity)
            pending = .allocate(capacity: Self.pendingCapacity)
        }

        func deallocate() {
            ids.deallocate()
            bits.deallocate()
            blockTree.deallocate()
            direct.deallocate()
            last.deallocate()
            counts.deallocate()
            pending.deallocate()
        }

        /// Adds the pending distances to `counts`.
        mutating func flush() {
            let ahead = 16
            let count = pendingCount
            for index in 0..<count {
                if index + ahead < count { vm_prefetch_for_write(counts + Int(pending[index + ahead])) }
                counts[Int(pending[index])] &+= 1
            }
            pendingCount = 0
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

        /// Whether page `page` of `pid` is looked up in the direct table.
        @inline(__always)
        func isDirect(pid: UInt32, page: UInt64) -> Bool {
            pid == directPid && page < UInt64(directCapacity)
        }

        /// Counts the references of `batch`, in order.
        mutating func reference(_ batch: UnsafeBufferPointer<Access>, shift: UInt64) {
            let count = batch.count
            let ahead = Self.prefetchDistance
            for index in 0..<count {
                if index + ahead < count {
                    let later = batch[index + ahead]
                    let page = later.address >> shift
                    if isDirect(pid: later.pid, page: page) {
                        vm_prefetch(direct + Int(page))
                    } else {
                        vm_prefetch(ids.firstSlotAddress(for: ProcessPage(pid: later.pid, page: page)))
                    }
                }
                let access = batch[index]
                reference(pid: access.pid, page: access.address >> shift)
            }
        }

        @inline(__always)
        mutating func reference(pid: UInt32, page: UInt64) {
            total += 1
            if next == capacity { compact() }
            if _slowPath(directPid == nil) { directPid = pid }
            if !isDirect(pid: pid, page: page) {
                // Grow the direct table to cover a page of the first process that is not far above the number of
                // distinct pages (a densely numbered trace never leaves it), else use the hash table.
                if pid == directPid && page < smallestHashedPage
                    && page < UInt64(max(1 << 16, 8 * (seen + 1)))
                {
                    Self.grow(&direct, &directCapacity, to: Int(page) + 1, used: directCapacity, fill: 0)
                } else {
                    referenceHashed(pid: pid, page: page)
                    return
                }
            }
            let slot = direct + Int(page)
            let stored = slot.pointee
            if stored != 0 {
                count(previous: Int(stored) - 1)
            } else if page >= smallestHashedPage {
                referenceHashed(pid: pid, page: page)
                return
            } else {
                firstReference()
            }
            mark(next)
            slot.pointee = UInt32(truncatingIfNeeded: next + 1)
            next += 1
        }

        mutating func referenceHashed(pid: UInt32, page: UInt64) {
            if pid == directPid { smallestHashedPage = min(smallestHashedPage, page) }
            let key = ProcessPage(pid: pid, page: page)
            guard let id = ids.id(for: key).map(Int.init), seen < Self.maximumPages else {
                preconditionFailure("more than \(Self.maximumPages) distinct pages")
            }
            if id == hashed {
                if hashed == lastCapacity { Self.grow(&last, &lastCapacity, to: hashed + 1, used: hashed, fill: nil) }
                hashed += 1
                firstReference()
            } else {
                count(previous: Int(last[id]))
            }
            mark(next)
            last[id] = UInt32(truncatingIfNeeded: next)
            next += 1
        }

        @inline(__always)
        mutating func firstReference() {
            precondition(seen < Self.maximumPages, "more than \(Self.maximumPages) distinct pages")
            seen += 1
            cold += 1
        }

        /// Counts a reference whose page was last referenced at `previous`, and removes that mark.
        @inline(__always)
        mutating func count(previous: Int) {
            // Distinct pages referenced after `previous`, plus this one.
            let distance = seen - prefix(previous) + 1
            if distance > countsCapacity {
                Self.grow(&counts, &countsCapacity, to: distance, used: countsCapacity, fill: 0)
            }
            pending[pendingCount] = UInt32(truncatingIfNeeded: distance - 1)
            pendingCount += 1
            if pendingCount == Self.pendingCapacity { flush() }
            bits[previous >> 6] &= ~(1 << UInt64(previous & 63))
            addToBlock(previous >> Self.blockShift, -1)
        }

        @inline(__always)
        func mark(_ position: Int) {
            bits[position >> 6] |= 1 << UInt64(position & 63)
            addToBlock(position >> Self.blockShift, 1)
        }

        /// Renumbers the live positions `0 ..< M` in order, keeping room for at least 3M more references before
        /// the next compaction (so compactions cost O(log M) amortised per reference). A live position's new
        /// number is its rank among the marks, one query on the old marks each.
        mutating func compact() {
            let live = seen
            for page in 0..<directCapacity where direct[page] != 0 {
                direct[page] = UInt32(truncatingIfNeeded: prefix(Int(direct[page]) - 1))
            }
            for id in 0..<hashed {
                last[id] = UInt32(truncatingIfNeeded: prefix(Int(last[id])) - 1)
            }
            var size = 1 << 16
            while size < 4 * (live + 1) { size <<= 1 }
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

        /// The histogram so far (`pending` must have been flushed).
        func histogram(scale: Double, rate: Double) -> StackDistanceHistogram {
            precondition(pendingCount == 0)
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
