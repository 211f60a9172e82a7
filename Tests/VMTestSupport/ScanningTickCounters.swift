public import VMCore

/// The textbook state of NFU and Aging, kept as the oracle for their fast versions (`FrequencyCounters`,
/// `AgingCounters`): every tick visits every member and an eviction scans them all (Tanenbaum & Bos, *Modern
/// Operating Systems*, 4th ed., §3.4.7, "Simulating LRU in software").
///
/// Each member frame has a 64-bit counter, a reference bit and its load time. ``insert(_:time:)`` starts a frame
/// at counter 0 with its bit set (the faulting reference counts); ``reference(_:)`` sets the bit on a hit. Ticks
/// fall at virtual times `k · interval` (k ≥ 1): ``advance(to:update:)`` runs every tick due at or before a time in
/// one pass, giving each member `update(counter, bit, ticks)` as its new counter and clearing the bit — the policy
/// decides what a tick means (NFU adds the bit, Aging shifts it in). ``removeSmallest()`` takes the frame with the
/// smallest counter, ties to the one loaded earliest.
///
/// Members are kept dense (swap-remove) with each frame's index, so insert and remove are O(1). All buffers are
/// allocated once in `init`; nothing allocates afterwards. The value is move-only, like `FrameList`.
///
/// Complexity: ``insert(_:time:)``, ``reference(_:)`` and ``remove(_:)`` O(1); ``advance(to:update:)`` O(1) when no
/// tick is due, O(n) when one is (so O(n / interval) amortised per access); ``removeSmallest()`` O(n).
public struct ScanningTickCounters: ~Copyable {
    @usableFromInline let counters: UnsafeMutablePointer<UInt64>
    @usableFromInline let referenced: UnsafeMutablePointer<Bool>
    @usableFromInline let loaded: UnsafeMutablePointer<Int>
    /// Member frames, dense, with each frame's index in `position` (-1 when not a member).
    @usableFromInline let members: UnsafeMutablePointer<Int32>
    @usableFromInline let position: UnsafeMutablePointer<Int32>
    /// Accesses between ticks.
    public let interval: Int
    /// Frames `0 ..< capacity` may be members.
    public let capacity: Int
    /// Member frames.
    public var count: Int { storedCount }
    @usableFromInline var storedCount = 0
    /// Time of the next tick.
    @usableFromInline var nextTick: Int

    /// No members; the first tick falls at time `interval` (at least 1).
    public init(capacity: Int, interval: Int) {
        precondition(capacity >= 0 && capacity < Int(Int32.max) && interval >= 1)
        self.capacity = capacity
        self.interval = interval
        nextTick = interval
        let size = max(1, capacity)
        counters = .allocate(capacity: size)
        counters.initialize(repeating: 0, count: size)
        referenced = .allocate(capacity: size)
        referenced.initialize(repeating: false, count: size)
        loaded = .allocate(capacity: size)
        loaded.initialize(repeating: 0, count: size)
        members = .allocate(capacity: size)
        members.initialize(repeating: -1, count: size)
        position = .allocate(capacity: size)
        position.initialize(repeating: -1, count: size)
    }

    deinit {
        counters.deallocate()
        referenced.deallocate()
        loaded.deallocate()
        members.deallocate()
        position.deallocate()
    }

    /// The counter of `frame` (0 when not a member).
    @inlinable public func counter(of frame: Int) -> UInt64 { counters[frame] }

    /// The reference bit of `frame`.
    @inlinable public func isReferenced(_ frame: Int) -> Bool { referenced[frame] }

    /// Whether `frame` is a member.
    @inlinable public func contains(_ frame: Int) -> Bool { position[frame] >= 0 }

    /// The member at `index` in `0 ..< count` (in no particular order).
    @inlinable public func member(at index: Int) -> Int { Int(members[index]) }

    /// Runs the ticks due at `time`, if any: with `ticks` ≥ 1 of them due (the ones a policy did not witness are
    /// caught up here), each member's counter becomes `update(counter, referenced, ticks)` and its bit is cleared.
    /// A tick due exactly at `time` runs, so call this before handling the access at `time`.
    @inlinable
    public mutating func advance(to time: Int, update: (_ counter: UInt64, _ referenced: Bool, _ ticks: Int) -> UInt64)
    {
        guard time >= nextTick else { return }
        let ticks = (time &- nextTick) / interval &+ 1
        nextTick &+= ticks &* interval
        for index in 0..<storedCount {
            let frame = Int(members[index])
            counters[frame] = update(counters[frame], referenced[frame], ticks)
            referenced[frame] = false
        }
    }

    /// Adds `frame` (not a member), loaded at `time`: counter 0, reference bit set.
    @inlinable
    public mutating func insert(_ frame: Int, time: Int) {
        counters[frame] = 0
        referenced[frame] = true
        loaded[frame] = time
        members[storedCount] = Int32(truncatingIfNeeded: frame)
        position[frame] = Int32(truncatingIfNeeded: storedCount)
        storedCount &+= 1
    }

    /// Sets the reference bit of `frame` (a member).
    @inlinable
    public mutating func reference(_ frame: Int) { referenced[frame] = true }

    /// Removes `frame` (a member); its counter and bit read 0 and false afterwards.
    @inlinable
    public mutating func remove(_ frame: Int) {
        let index = Int(position[frame])
        storedCount &-= 1
        let last = members[storedCount]
        members[index] = last
        position[Int(last)] = Int32(truncatingIfNeeded: index)
        position[frame] = -1
        referenced[frame] = false
        counters[frame] = 0
    }

    /// Removes and returns the member with the smallest counter, the earliest loaded among equals (not empty).
    @inlinable
    public mutating func removeSmallest() -> Int {
        precondition(storedCount > 0, "no frame to remove")
        var victim = Int(members[0])
        for index in 1..<storedCount {
            let frame = Int(members[index])
            if counters[frame] < counters[victim]
                || (counters[frame] == counters[victim] && loaded[frame] < loaded[victim])
            {
                victim = frame
            }
        }
        remove(victim)
        return victim
    }

    /// The members in the order repeated ``removeSmallest()`` calls would take them if no tick ran first: smallest
    /// counter first, then earliest loaded. O(n log n), allocating: for explanations, never on the access path.
    public func orderedMembers() -> [Int] {
        (0..<storedCount).map { Int(members[$0]) }.sorted {
            (counters[$0], loaded[$0]) < (counters[$1], loaded[$1])
        }
    }

    /// Checks that every member is accepted by `isValid` and indexed at its position, that exactly `count` frames
    /// are indexed, and that `count` equals `expectedCount` when one is given. O(capacity).
    public func checkInvariants(name: String, expectedCount: Int? = nil, isValid: (Int) -> Bool) throws(VMError) {
        if let expectedCount, expectedCount != storedCount {
            throw .contractViolation("\(name) tracks \(storedCount) frames, \(expectedCount) are resident")
        }
        for index in 0..<storedCount {
            let frame = Int(members[index])
            guard frame >= 0, frame < capacity, Int(position[frame]) == index, isValid(frame) else {
                throw .contractViolation("\(name): frame \(frame) at \(index) is not valid here or mis-indexed")
            }
        }
        var indexed = 0
        for frame in 0..<capacity where position[frame] >= 0 { indexed += 1 }
        guard indexed == storedCount else {
            throw .contractViolation("\(name): \(indexed) frames indexed, \(storedCount) counted")
        }
    }
}
