/// A fixed-capacity map from a page, keyed by `(process, page)`, to a slot in `0 ..< capacity`, in buffers it owns:
/// the index that ghost lists (ARC's B1/B2, 2Q's A1out, S3-FIFO's ghost queue, LIRS's non-resident HIR pages,
/// CLOCK-Pro's test pages) need to find a non-resident page again. Order the slots with a ``FrameList`` over
/// `0 ..< capacity`; several lists may share one table (each slot in at most one of them).
///
/// **Key.** Ghosts are keyed by the pair (dense process index, virtual page number), both stored in full and both
/// compared: the same page number in two processes is two ghosts, so local and global replacement with several
/// processes never confuse address spaces. Nothing is packed lossily, so any 64-bit page number works.
///
/// **Storage.** Open addressing with linear probing over a power-of-two bucket array of at least twice the
/// capacity (load factor ≤ ½), and backward-shift deletion (no tombstones, so probes stay short forever). All
/// buffers are allocated once in `init`: lookup, insert and remove never allocate.
///
/// Complexity: ``slot(page:process:)``, ``insert(page:process:)`` and ``remove(slot:)`` are O(1) expected.
public struct PageGhostTable: ~Copyable {
    /// Most entries the table holds.
    public let capacity: Int
    /// Entries held.
    public private(set) var count = 0
    @usableFromInline let pages: UnsafeMutablePointer<UInt64>
    /// Process of each slot; -1 marks a free slot.
    @usableFromInline let processes: UnsafeMutablePointer<Int32>
    /// Bucket → slot, -1 when empty.
    @usableFromInline let buckets: UnsafeMutablePointer<Int32>
    @usableFromInline let mask: Int
    /// Stack of free slots.
    private let freeSlots: UnsafeMutablePointer<Int32>
    private var freeCount: Int

    /// A table for at most `capacity` entries (0 is allowed: it holds nothing).
    public init(capacity: Int) {
        precondition(capacity >= 0 && capacity < Int(Int32.max) / 4)
        self.capacity = capacity
        var bucketCount = 2
        while bucketCount < 2 * capacity { bucketCount <<= 1 }
        mask = bucketCount - 1
        pages = .allocate(capacity: max(1, capacity))
        pages.initialize(repeating: 0, count: max(1, capacity))
        processes = .allocate(capacity: max(1, capacity))
        processes.initialize(repeating: -1, count: max(1, capacity))
        buckets = .allocate(capacity: bucketCount)
        buckets.initialize(repeating: -1, count: bucketCount)
        freeSlots = .allocate(capacity: max(1, capacity))
        for index in 0..<capacity { freeSlots[index] = Int32(capacity - 1 - index) }
        freeCount = capacity
    }

    deinit {
        pages.deallocate()
        processes.deallocate()
        buckets.deallocate()
        freeSlots.deallocate()
    }

    /// Whether the table holds `capacity` entries.
    @inlinable public var isFull: Bool { count == capacity }

    @inlinable static func hash(page: UInt64, process: Int) -> UInt64 {
        // SplitMix64's finaliser over the page mixed with the process: every key bit reaches every bucket bit.
        var z = page &+ UInt64(truncatingIfNeeded: process) &* 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    @inlinable func home(page: UInt64, process: Int) -> Int {
        Int(truncatingIfNeeded: Self.hash(page: page, process: process)) & mask
    }

    /// The slot holding `page` of `process`, or nil.
    @inlinable public func slot(page: UInt64, process: Int) -> Int? {
        var bucket = home(page: page, process: process)
        let process32 = Int32(truncatingIfNeeded: process)
        while true {
            let slot = Int(buckets[bucket])
            if slot < 0 { return nil }
            if pages[slot] == page && processes[slot] == process32 { return slot }
            bucket = (bucket &+ 1) & mask
        }
    }

    /// The slot holding the page of `reference`, or nil.
    @inlinable public func slot(of reference: PageReference) -> Int? {
        slot(page: reference.page, process: reference.process)
    }

    /// Page number held in `slot`.
    @inlinable public func page(at slot: Int) -> UInt64 { pages[slot] }

    /// Process index held in `slot`.
    @inlinable public func process(at slot: Int) -> Int { Int(processes[slot]) }

    /// Whether `slot` holds an entry.
    @inlinable public func isOccupied(_ slot: Int) -> Bool { processes[slot] >= 0 }

    /// Adds `page` of `process` (not in the table; the table not full) and returns its slot.
    public mutating func insert(page: UInt64, process: Int) -> Int {
        precondition(freeCount > 0, "ghost table is full")
        precondition(process >= 0 && process < Int(Int32.max))
        freeCount -= 1
        let slot = Int(freeSlots[freeCount])
        pages[slot] = page
        processes[slot] = Int32(process)
        var bucket = home(page: page, process: process)
        while buckets[bucket] >= 0 { bucket = (bucket &+ 1) & mask }
        buckets[bucket] = Int32(slot)
        count += 1
        return slot
    }

    /// Removes the entry in `slot` (occupied); the slot becomes free for a later ``insert(page:process:)``.
    public mutating func remove(slot: Int) {
        precondition(isOccupied(slot), "ghost slot \(slot) is free")
        var hole = home(page: pages[slot], process: Int(processes[slot]))
        while Int(buckets[hole]) != slot { hole = (hole &+ 1) & mask }
        // Backward-shift deletion: pull later members of the probe run into the hole while their home allows it.
        var probe = hole
        while true {
            probe = (probe &+ 1) & mask
            let moving = Int(buckets[probe])
            if moving < 0 { break }
            let wanted = home(page: pages[moving], process: Int(processes[moving]))
            // `moving` may fill the hole when its home is not cyclically within (hole, probe].
            let distanceToHole = (hole &- wanted) & mask
            let distanceToProbe = (probe &- wanted) & mask
            if distanceToHole < distanceToProbe {
                buckets[hole] = Int32(moving)
                hole = probe
            }
        }
        buckets[hole] = -1
        processes[slot] = -1
        freeSlots[freeCount] = Int32(slot)
        freeCount += 1
        count -= 1
    }

    /// Checks that every occupied slot is found by its key, and that counts agree.
    public func checkInvariants(name: String) throws(VMError) {
        var occupied = 0
        for slot in 0..<capacity where isOccupied(slot) {
            occupied += 1
            guard self.slot(page: pages[slot], process: Int(processes[slot])) == slot else {
                throw .contractViolation("\(name): ghost slot \(slot) is not found by its key")
            }
        }
        var filled = 0
        for bucket in 0...mask where buckets[bucket] >= 0 { filled += 1 }
        guard occupied == count, filled == count, freeCount + count == capacity else {
            throw .contractViolation("\(name): \(occupied) slots and \(filled) buckets in use, \(count) counted")
        }
    }
}
