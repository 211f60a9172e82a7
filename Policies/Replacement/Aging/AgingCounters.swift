public import VMCore

/// The state of ``Aging`` in buffers allocated once: an n-bit counter, a reference bit and a load time per member
/// frame, arranged so that neither a tick nor an eviction has to visit every frame.
///
/// **Counters are lazy.** Each frame stores its counter as of the tick it was last brought up to date (`stamp`)
/// and its reference bit, which was set in the period that tick opened. Its counter at the current tick is
/// `((counter >> 1) | bit · top) >> (ticks − 1)` after `ticks` ticks: exactly what shifting it at every tick
/// would give, the bit counting in the first of them. So a tick itself changes no counter.
///
/// **Who can be the victim.** A counter is 0 exactly when the page had its bit set in none of the last n closed
/// periods. Every zero-counter member beats every other, so they sit in a heap by load time (`zero`): the victim
/// is its minimum when there is one. Which members have a nonzero counter is known from the tick that last took
/// their bit (their *reference tick*): ring buckets, one per reference tick still within n ticks plus one for the
/// open period, list them (intrusively). A tick empties two buckets: the open period's members leave `zero` (their
/// bit becomes the top bit), and the members whose reference tick is now n ticks old join it (their last bit
/// shifts out). Only when `zero` is empty are the counters compared, by a scan; then every member was referenced
/// in the last n periods, so there are at most n · `interval` of them.
///
/// Complexity: ``reference(_:)`` O(1); ``insert(_:time:)``, ``remove(_:)`` O(log n); ``advance(to:)`` O(1) when
/// no tick is due, else O(k log n) for the k members whose counter becomes or stops being 0 (at most one
/// per reference since the last tick, so O(log n) amortised per access); ``removeSmallest()`` O(log n), or
/// O(min(n, bits · interval)) when no counter is 0.
struct AgingCounters: ~Copyable {
    let bits: Int
    let interval: Int
    /// The counter's most significant bit, where a tick puts the reference bit.
    let top: UInt64
    /// Ticks so far: the open period is the one after tick `ticks`.
    private(set) var ticks = 0
    /// Time of the next tick.
    private var nextTick: Int

    /// Counter as of tick `stamp[frame]`, and the bit set in the period after it.
    private let counters: UnsafeMutablePointer<UInt64>
    private let stamp: UnsafeMutablePointer<Int>
    private let referenced: UnsafeMutablePointer<Bool>
    private let loaded: UnsafeMutablePointer<Int>
    /// Members, dense (swap-remove), with each frame's index in `position` (-1: not a member).
    private let members: UnsafeMutablePointer<Int32>
    private let position: UnsafeMutablePointer<Int32>
    private(set) var count = 0

    /// Ring of `bits + 1` buckets by reference tick (mod `bits + 1`): heads, and per frame its links and bucket.
    private let heads: UnsafeMutablePointer<Int32>
    private let next: UnsafeMutablePointer<Int32>
    private let previous: UnsafeMutablePointer<Int32>
    private let bucket: UnsafeMutablePointer<Int32>
    /// Members whose counter is 0, by load time.
    private var zero: FrameHeap

    init(capacity: Int, bits: Int, interval: Int) {
        precondition(capacity >= 0 && capacity < Int(Int32.max) && bits >= 1 && bits <= 64 && interval >= 1)
        self.bits = bits
        self.interval = interval
        top = 1 << UInt64(bits - 1)
        nextTick = interval
        let size = max(1, capacity)
        counters = .allocate(capacity: size)
        counters.initialize(repeating: 0, count: size)
        stamp = .allocate(capacity: size)
        stamp.initialize(repeating: 0, count: size)
        referenced = .allocate(capacity: size)
        referenced.initialize(repeating: false, count: size)
        loaded = .allocate(capacity: size)
        loaded.initialize(repeating: 0, count: size)
        members = .allocate(capacity: size)
        members.initialize(repeating: -1, count: size)
        position = .allocate(capacity: size)
        position.initialize(repeating: -1, count: size)
        heads = .allocate(capacity: bits + 1)
        heads.initialize(repeating: -1, count: bits + 1)
        next = .allocate(capacity: size)
        next.initialize(repeating: -1, count: size)
        previous = .allocate(capacity: size)
        previous.initialize(repeating: -1, count: size)
        bucket = .allocate(capacity: size)
        bucket.initialize(repeating: -1, count: size)
        zero = FrameHeap(capacity: capacity)
    }

    deinit {
        counters.deallocate()
        stamp.deallocate()
        referenced.deallocate()
        loaded.deallocate()
        members.deallocate()
        position.deallocate()
        heads.deallocate()
        next.deallocate()
        previous.deallocate()
        bucket.deallocate()
    }

    // MARK: Reading

    /// The counter of `frame` at the current tick (0 when not a member).
    @inline(__always)
    func counter(of frame: Int) -> UInt64 {
        let behind = ticks &- stamp[frame]
        guard behind > 0 else { return counters[frame] }
        let shifted = (counters[frame] >> 1) | (referenced[frame] ? top : 0)
        return behind - 1 >= 64 ? 0 : shifted >> UInt64(behind - 1)
    }

    /// The reference bit of `frame`: set since the last tick.
    func isReferenced(_ frame: Int) -> Bool { referenced[frame] && stamp[frame] == ticks }

    /// Whether `frame` is a member.
    func contains(_ frame: Int) -> Bool { position[frame] >= 0 }

    /// The member at `index` in `0 ..< count` (in no particular order).
    func member(at index: Int) -> Int { Int(members[index]) }

    // MARK: Ticks

    /// Runs the ticks due at `time` (one at each `k · interval`, k ≥ 1, at or before it). Call before handling the
    /// access at `time`.
    @inline(__always)
    mutating func advance(to time: Int) {
        guard time >= nextTick else { return }
        let due = (time &- nextTick) / interval &+ 1
        nextTick &+= due &* interval
        // After bits + 1 ticks every bucket has been emptied: the rest only move the count.
        let visited = min(due, bits &+ 1)
        for _ in 0..<visited { tick() }
        ticks &+= due &- visited
    }

    /// One tick: the open period's members get their bit as the top bit (nonzero), those referenced last `bits`
    /// ticks ago shift it out (zero).
    private mutating func tick() {
        let closing = ticks &+ 1
        var frame = Int(heads[slot(closing)])
        while frame >= 0 {
            if zero.contains(frame) { zero.remove(frame) }
            frame = Int(next[frame])
        }
        let expiring = slot(closing &- bits)
        frame = Int(heads[expiring])
        while frame >= 0 {
            let following = Int(next[frame])
            bucket[frame] = -1
            next[frame] = -1
            previous[frame] = -1
            zero.insert(frame, priority: loaded[frame])
            frame = following
        }
        heads[expiring] = -1
        ticks = closing
    }

    @inline(__always)
    private func slot(_ tick: Int) -> Int {
        let modulus = bits &+ 1
        let remainder = tick % modulus
        return remainder < 0 ? remainder &+ modulus : remainder
    }

    // MARK: Membership

    /// Adds `frame` (not a member), loaded at `time`: counter 0, reference bit set.
    mutating func insert(_ frame: Int, time: Int) {
        counters[frame] = 0
        stamp[frame] = ticks
        referenced[frame] = true
        loaded[frame] = time
        members[count] = Int32(truncatingIfNeeded: frame)
        position[frame] = Int32(truncatingIfNeeded: count)
        count &+= 1
        zero.insert(frame, priority: time)
        link(frame, into: slot(ticks &+ 1))
    }

    /// Sets the reference bit of `frame` (a member).
    @inline(__always)
    mutating func reference(_ frame: Int) {
        if stamp[frame] != ticks {
            counters[frame] = counter(of: frame)
            stamp[frame] = ticks
            referenced[frame] = false
        }
        guard !referenced[frame] else { return }
        referenced[frame] = true
        unlink(frame)
        link(frame, into: slot(ticks &+ 1))
    }

    /// Removes `frame` (a member); its counter and bit read 0 and false afterwards.
    mutating func remove(_ frame: Int) {
        let index = Int(position[frame])
        count &-= 1
        let last = members[count]
        members[index] = last
        position[Int(last)] = Int32(truncatingIfNeeded: index)
        position[frame] = -1
        if zero.contains(frame) { zero.remove(frame) }
        unlink(frame)
        referenced[frame] = false
        counters[frame] = 0
        stamp[frame] = ticks
    }

    /// Removes and returns the member with the smallest counter, the earliest loaded among equals (not empty).
    mutating func removeSmallest() -> Int {
        precondition(count > 0, "no frame to remove")
        var victim: Int
        if let earliest = zero.min {
            victim = earliest
        } else {
            victim = Int(members[0])
            var smallest = counter(of: victim)
            for index in 1..<count {
                let frame = Int(members[index])
                let value = counter(of: frame)
                if value < smallest || (value == smallest && loaded[frame] < loaded[victim]) {
                    victim = frame
                    smallest = value
                }
            }
        }
        remove(victim)
        return victim
    }

    private mutating func link(_ frame: Int, into index: Int) {
        let head = heads[index]
        next[frame] = head
        previous[frame] = -1
        if head >= 0 { previous[Int(head)] = Int32(truncatingIfNeeded: frame) }
        heads[index] = Int32(truncatingIfNeeded: frame)
        bucket[frame] = Int32(truncatingIfNeeded: index)
    }

    private mutating func unlink(_ frame: Int) {
        let index = Int(bucket[frame])
        guard index >= 0 else { return }
        let before = Int(previous[frame])
        let after = next[frame]
        if before >= 0 { next[before] = after } else { heads[index] = after }
        if after >= 0 { previous[Int(after)] = Int32(truncatingIfNeeded: before) }
        next[frame] = -1
        previous[frame] = -1
        bucket[frame] = -1
    }

    // MARK: Explanations and checks

    /// The members in the order repeated ``removeSmallest()`` calls would take them if no tick ran first: smallest
    /// counter first, then earliest loaded. O(n log n), allocating: for explanations, never on the access path.
    func orderedMembers() -> [Int] {
        (0..<count).map { Int(members[$0]) }.sorted {
            (counter(of: $0), loaded[$0]) < (counter(of: $1), loaded[$1])
        }
    }

    /// Checks membership, the `bits` bound on counters, that exactly the zero-counter members are in the heap by
    /// their load time, and that every nonzero member is listed in the bucket of its reference tick. O(capacity).
    func checkInvariants(name: String, expectedCount: Int, isValid: (Int) -> Bool) throws(VMError) {
        guard expectedCount == count else {
            throw .contractViolation("\(name) tracks \(count) frames, \(expectedCount) are resident")
        }
        for index in 0..<count {
            let frame = Int(members[index])
            guard frame >= 0, frame < zero.capacity, Int(position[frame]) == index, isValid(frame) else {
                throw .contractViolation("\(name): frame \(frame) at \(index) is not valid here or mis-indexed")
            }
            let value = counter(of: frame)
            guard bits == 64 || value >> UInt64(bits) == 0 else {
                throw .contractViolation("\(name): frame \(frame) counter \(value) exceeds \(bits) bits")
            }
            guard (value == 0) == zero.contains(frame) else {
                throw .contractViolation(
                    "\(name): frame \(frame) has counter \(value); in the zero heap: \(zero.contains(frame))")
            }
            guard value != 0 || zero.priority(of: frame) == loaded[frame] else {
                throw .contractViolation("\(name): frame \(frame) is in the zero heap under another load time")
            }
            guard value == 0 || bucket[frame] >= 0 else {
                throw .contractViolation("\(name): frame \(frame) has counter \(value) but no reference tick")
            }
            guard !isReferenced(frame) || Int(bucket[frame]) == slot(ticks &+ 1) else {
                throw .contractViolation("\(name): frame \(frame) was referenced but is not in the open period")
            }
        }
        let position = self.position
        try zero.checkInvariants(name: "\(name) zero heap", isValid: { position[$0] >= 0 })
        var listed = 0
        for index in 0...bits {
            var frame = Int(heads[index])
            while frame >= 0 {
                guard position[frame] >= 0, Int(bucket[frame]) == index, listed <= count else {
                    throw .contractViolation("\(name): bucket \(index) lists frame \(frame) wrongly")
                }
                listed += 1
                frame = Int(next[frame])
            }
        }
    }
}
