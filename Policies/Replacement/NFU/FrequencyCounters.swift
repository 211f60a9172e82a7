public import VMCore

/// The state of ``NFU`` in buffers allocated once: a counter, a reference bit and a load time per member frame,
/// with the members in a heap by (counter, load time) so that neither a tick nor an eviction visits every frame.
///
/// A tick adds 1 to the counter of each member whose bit is set and clears the bit; ticks missed in between (a
/// local policy sees only its own process's accesses) add nothing more. Only the members whose bit went from
/// clear to set since the last tick are affected, and they are listed as it happens (`pending`, each frame at
/// most once), so a tick visits them alone and moves each down the heap. The victim is the heap's minimum.
///
/// Complexity: ``reference(_:)`` O(1); ``insert(_:time:)``, ``remove(_:)`` and ``removeSmallest()`` O(log n);
/// ``advance(to:)`` O(1) when no tick is due, else O(k log n) for the k members referenced since the last tick (at
/// most one per access: O(log n) amortised per access).
struct FrequencyCounters: ~Copyable {
    let interval: Int
    /// Time of the next tick.
    private var nextTick: Int
    /// Members by (counter, load time, frame); the counter is the heap priority.
    private var heap: FrameHeap
    private let referenced: UnsafeMutablePointer<Bool>
    /// Frames whose bit was set since the last tick, each once (`listed`); an entry whose frame has since been
    /// removed is skipped, and serves the frame again if it is loaded anew before the tick.
    private let pending: UnsafeMutablePointer<Int32>
    private let listed: UnsafeMutablePointer<Bool>
    private var pendingCount = 0

    init(capacity: Int, interval: Int) {
        precondition(capacity >= 0 && capacity < Int(Int32.max) && interval >= 1)
        self.interval = interval
        nextTick = interval
        heap = FrameHeap(capacity: capacity)
        let size = max(1, capacity)
        referenced = .allocate(capacity: size)
        referenced.initialize(repeating: false, count: size)
        pending = .allocate(capacity: size)
        pending.initialize(repeating: -1, count: size)
        listed = .allocate(capacity: size)
        listed.initialize(repeating: false, count: size)
    }

    deinit {
        referenced.deallocate()
        pending.deallocate()
        listed.deallocate()
    }

    /// Member frames.
    var count: Int { heap.count }

    /// The counter of `frame` (0 when not a member).
    func counter(of frame: Int) -> UInt64 { heap.contains(frame) ? UInt64(heap.priority(of: frame)) : 0 }

    /// The reference bit of `frame`: set since the last tick.
    func isReferenced(_ frame: Int) -> Bool { referenced[frame] }

    /// Runs the ticks due at `time` (one at each `k · interval`, k ≥ 1, at or before it): the bit counts once.
    /// Call before handling the access at `time`.
    @inline(__always)
    mutating func advance(to time: Int) {
        guard time >= nextTick else { return }
        nextTick &+= ((time &- nextTick) / interval &+ 1) &* interval
        for index in 0..<pendingCount {
            let frame = Int(pending[index])
            listed[frame] = false
            guard referenced[frame] else { continue }
            referenced[frame] = false
            heap.update(frame, priority: heap.priority(of: frame) &+ 1)
        }
        pendingCount = 0
    }

    /// Adds `frame` (not a member), loaded at `time`: counter 0, reference bit set.
    mutating func insert(_ frame: Int, time: Int) {
        heap.insert(frame, priority: 0, tieBreak: time)
        referenced[frame] = true
        list(frame)
    }

    /// Sets the reference bit of `frame` (a member).
    @inline(__always)
    mutating func reference(_ frame: Int) {
        guard !referenced[frame] else { return }
        referenced[frame] = true
        list(frame)
    }

    @inline(__always)
    private mutating func list(_ frame: Int) {
        guard !listed[frame] else { return }
        listed[frame] = true
        pending[pendingCount] = Int32(truncatingIfNeeded: frame)
        pendingCount &+= 1
    }

    /// Removes `frame` (a member); its counter and bit read 0 and false afterwards.
    mutating func remove(_ frame: Int) {
        heap.remove(frame)
        referenced[frame] = false
    }

    /// Removes and returns the member with the smallest counter, the earliest loaded among equals (not empty).
    mutating func removeSmallest() -> Int {
        guard let victim = heap.min else { preconditionFailure("no frame to remove") }
        remove(victim)
        return victim
    }

    /// The members in the order repeated ``removeSmallest()`` calls would take them if no tick ran first: smallest
    /// counter first, then earliest loaded. O(n log n), allocating: for explanations, never on the access path.
    func orderedMembers() -> [Int] { heap.orderedFrames() }

    /// Checks the heap, that every set bit is listed for the next tick, and that no frame is listed twice.
    /// O(capacity).
    func checkInvariants(name: String, expectedCount: Int, isValid: (Int) -> Bool) throws(VMError) {
        try heap.checkInvariants(name: name, expectedCount: expectedCount, isValid: isValid)
        var listedCount = 0
        for frame in 0..<heap.capacity {
            if referenced[frame] && !(listed[frame] && heap.contains(frame)) {
                throw .contractViolation("\(name): frame \(frame) was referenced but is not listed for the tick")
            }
            if listed[frame] { listedCount += 1 }
        }
        guard listedCount == pendingCount else {
            throw .contractViolation("\(name): \(listedCount) frames listed for the tick, \(pendingCount) entries")
        }
    }
}
