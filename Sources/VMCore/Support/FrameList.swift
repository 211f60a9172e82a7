/// An intrusive doubly linked list over frame numbers `0 ..< capacity`, in buffers it owns: the building block of
/// FIFO, LRU, CLOCK and their relatives. Every operation is O(1) and allocates nothing.
///
/// The list is circular through a sentinel (index `capacity`): `head` is the first frame, `tail` the last.
/// A frame is in at most one position; `contains` is O(1).
public struct FrameList: ~Copyable {
    @usableFromInline var next: UnsafeMutablePointer<Int32>
    @usableFromInline var previous: UnsafeMutablePointer<Int32>
    @usableFromInline var sentinel: Int32
    /// Frame numbers accepted: `0 ..< capacity`.
    public var capacity: Int { Int(sentinel) }
    /// Frames in the list.
    public var count: Int { storedCount }
    @usableFromInline var storedCount = 0

    public init(capacity: Int) {
        precondition(capacity >= 0 && capacity < Int(Int32.max))
        next = .allocate(capacity: capacity + 1)
        previous = .allocate(capacity: capacity + 1)
        next.initialize(repeating: -1, count: capacity + 1)
        previous.initialize(repeating: -1, count: capacity + 1)
        sentinel = Int32(capacity)
        next[capacity] = sentinel
        previous[capacity] = sentinel
    }

    deinit {
        next.deallocate()
        previous.deallocate()
    }

    @inlinable public var isEmpty: Bool { next[Int(sentinel)] == sentinel }
    /// First frame, or nil when empty.
    @inlinable public var head: Int? { isEmpty ? nil : Int(next[Int(sentinel)]) }
    /// Last frame, or nil when empty.
    @inlinable public var tail: Int? { isEmpty ? nil : Int(previous[Int(sentinel)]) }

    /// Whether `frame` is in the list.
    @inlinable public func contains(_ frame: Int) -> Bool { next[frame] >= 0 }

    /// The frame after `frame`, or nil at the tail.
    @inlinable public func after(_ frame: Int) -> Int? {
        let following = next[frame]
        return following == sentinel ? nil : Int(following)
    }

    /// The frame before `frame`, or nil at the head.
    @inlinable public func before(_ frame: Int) -> Int? {
        let preceding = previous[frame]
        return preceding == sentinel ? nil : Int(preceding)
    }

    /// Inserts `frame` (not in the list) first.
    @inlinable public mutating func pushFront(_ frame: Int) { insert(frame, after: sentinel) }

    /// Inserts `frame` (not in the list) last.
    @inlinable public mutating func pushBack(_ frame: Int) { insert(frame, after: previous[Int(sentinel)]) }

    /// Inserts `frame` (not in the list) just before `successor` (in the list).
    @inlinable public mutating func insert(_ frame: Int, before successor: Int) {
        insert(frame, after: previous[successor])
    }

    @inlinable mutating func insert(_ frame: Int, after predecessor: Int32) {
        let value = Int32(truncatingIfNeeded: frame)
        let following = next[Int(predecessor)]
        next[frame] = following
        previous[frame] = predecessor
        next[Int(predecessor)] = value
        previous[Int(following)] = value
        storedCount &+= 1
    }

    /// Removes `frame` (in the list).
    @inlinable public mutating func remove(_ frame: Int) {
        let preceding = previous[frame]
        let following = next[frame]
        next[Int(preceding)] = following
        previous[Int(following)] = preceding
        next[frame] = -1
        previous[frame] = -1
        storedCount &-= 1
    }

    /// Moves `frame` (in the list) to the front.
    @inlinable public mutating func moveToFront(_ frame: Int) {
        if next[Int(sentinel)] == Int32(truncatingIfNeeded: frame) { return }
        remove(frame)
        pushFront(frame)
    }

    /// Moves `frame` (in the list) to the back.
    @inlinable public mutating func moveToBack(_ frame: Int) {
        if previous[Int(sentinel)] == Int32(truncatingIfNeeded: frame) { return }
        remove(frame)
        pushBack(frame)
    }

    /// Removes and returns the last frame, or nil when empty.
    @inlinable public mutating func popBack() -> Int? {
        guard let last = tail else { return nil }
        remove(last)
        return last
    }

    /// Removes and returns the first frame, or nil when empty.
    @inlinable public mutating func popFront() -> Int? {
        guard let first = head else { return nil }
        remove(first)
        return first
    }

    /// The frames from head to tail, or from tail to head when `reversed`. O(count), allocating: for explanations
    /// (``ResidentOrder``), never on the access path.
    public func frames(reversed: Bool = false) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(count)
        var current = reversed ? tail : head
        while let frame = current {
            result.append(frame)
            current = reversed ? before(frame) : after(frame)
        }
        return result
    }

    /// Every frame once, going round the list as a circle from `start` (in the list): toward the tail and on from
    /// the head, or toward the head and on from the tail when `backward`. O(count), allocating: for explanations.
    public func circle(from start: Int, backward: Bool = false) -> [Int] {
        var result = [start]
        result.reserveCapacity(count)
        var current = start
        while true {
            current = backward ? before(current) ?? tail! : after(current) ?? head!
            if current == start { return result }
            result.append(current)
        }
    }

    /// Accepts frames `0 ..< newCapacity` from now on (larger than ``capacity``), keeping the order: O(capacity).
    public mutating func grow(to newCapacity: Int) {
        precondition(newCapacity > capacity && newCapacity < Int(Int32.max))
        next = Self.grow(next, from: Int(sentinel), to: newCapacity)
        previous = Self.grow(previous, from: Int(sentinel), to: newCapacity)
        sentinel = Int32(newCapacity)
    }

    /// Links for `newCapacity` frames: old links copied, the old sentinel's slot and every link to it moved to the
    /// new sentinel, new frames unlinked (-1).
    private static func grow(_ links: UnsafeMutablePointer<Int32>, from old: Int, to newCapacity: Int)
        -> UnsafeMutablePointer<Int32>
    {
        let grown = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity + 1)
        grown.initialize(repeating: -1, count: newCapacity + 1)
        for index in 0...old {
            let value = links[index]
            grown[index == old ? newCapacity : index] = value == Int32(old) ? Int32(newCapacity) : value
        }
        links.deallocate()
        return grown
    }

    /// Checks that links are symmetric, the walk from head reaches `count` frames, each accepted by `isValid`.
    public func checkInvariants(name: String, isValid: (Int) -> Bool) throws(VMError) {
        var walked = 0
        var current = next[Int(sentinel)]
        var previousFrame = sentinel
        while current != sentinel {
            guard current >= 0, current < sentinel, previous[Int(current)] == previousFrame else {
                throw .contractViolation("\(name): broken link at frame \(current)")
            }
            guard isValid(Int(current)) else {
                throw .contractViolation("\(name): frame \(current) is listed but not valid here")
            }
            walked += 1
            guard walked <= count else { throw .contractViolation("\(name): the list loops") }
            previousFrame = current
            current = next[Int(current)]
        }
        guard walked == count else {
            throw .contractViolation("\(name): \(walked) frames linked, \(count) counted")
        }
    }
}
