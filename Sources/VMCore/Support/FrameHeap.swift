/// An indexed binary min-heap over frame numbers `0 ..< capacity`, in buffers it owns: the building block of
/// Belady's OPT, its reverse UnOPT and LRU-K, which all evict "the frame with the smallest key" while keys change.
///
/// **Order.** Each frame in the heap has a `priority` and a `tieBreak` (both `Int`); frame `a` comes before frame
/// `b` when `(priority, tieBreak, frame)` of `a` is lexicographically smaller. The order is total, so ``min`` is
/// the same whatever sequence of operations built the heap. A max-heap on `key` is this heap on `~key` (the
/// bitwise complement reverses the order of every `Int` without overflow).
///
/// **Storage.** Four buffers allocated once in `init` (the heap array, each frame's position in it, and the two
/// keys per frame); no operation allocates. The value is move-only, like ``FrameList``.
///
/// Complexity: ``insert(_:priority:tieBreak:)``, ``update(_:priority:)``, ``remove(_:)`` and ``popMin()`` are
/// O(log n); ``min``, ``contains(_:)`` and ``priority(of:)`` are O(1).
public struct FrameHeap: ~Copyable {
    /// Frames in heap order: `heap[0]` is the minimum.
    @usableFromInline let heap: UnsafeMutablePointer<Int32>
    /// Index of each frame in `heap`, -1 when the frame is not in the heap.
    @usableFromInline let position: UnsafeMutablePointer<Int32>
    @usableFromInline let priorities: UnsafeMutablePointer<Int>
    @usableFromInline let tieBreaks: UnsafeMutablePointer<Int>
    /// Frames `0 ..< capacity` may be held.
    public let capacity: Int
    /// Frames in the heap.
    public var count: Int { storedCount }
    @usableFromInline var storedCount = 0

    /// An empty heap for frames `0 ..< capacity`.
    public init(capacity: Int) {
        precondition(capacity >= 0 && capacity < Int(Int32.max))
        self.capacity = capacity
        let size = max(1, capacity)
        heap = .allocate(capacity: size)
        heap.initialize(repeating: -1, count: size)
        position = .allocate(capacity: size)
        position.initialize(repeating: -1, count: size)
        priorities = .allocate(capacity: size)
        priorities.initialize(repeating: 0, count: size)
        tieBreaks = .allocate(capacity: size)
        tieBreaks.initialize(repeating: 0, count: size)
    }

    deinit {
        heap.deallocate()
        position.deallocate()
        priorities.deallocate()
        tieBreaks.deallocate()
    }

    /// Whether the heap holds no frame.
    @inlinable public var isEmpty: Bool { storedCount == 0 }

    /// The frame that comes first, or nil when empty. O(1).
    @inlinable public var min: Int? { storedCount == 0 ? nil : Int(heap[0]) }

    /// Whether `frame` is in the heap. O(1).
    @inlinable public func contains(_ frame: Int) -> Bool { position[frame] >= 0 }

    /// The priority of `frame` (in the heap). O(1).
    @inlinable public func priority(of frame: Int) -> Int { priorities[frame] }

    /// The tie-break key of `frame` (in the heap). O(1).
    @inlinable public func tieBreak(of frame: Int) -> Int { tieBreaks[frame] }

    /// Whether frame `a` comes before frame `b`.
    @inlinable @inline(__always)
    func precedes(_ a: Int, _ b: Int) -> Bool {
        let priorityA = priorities[a]
        let priorityB = priorities[b]
        if priorityA != priorityB { return priorityA < priorityB }
        let tieA = tieBreaks[a]
        let tieB = tieBreaks[b]
        return tieA != tieB ? tieA < tieB : a < b
    }

    @inlinable @inline(__always)
    func place(_ frame: Int, at index: Int) {
        heap[index] = Int32(truncatingIfNeeded: frame)
        position[frame] = Int32(truncatingIfNeeded: index)
    }

    /// Adds `frame` (not in the heap) with the given keys. O(log n).
    @inlinable
    public mutating func insert(_ frame: Int, priority: Int, tieBreak: Int = 0) {
        priorities[frame] = priority
        tieBreaks[frame] = tieBreak
        place(frame, at: storedCount)
        storedCount &+= 1
        siftUp(storedCount &- 1)
    }

    /// Gives `frame` (in the heap) a new priority, keeping its tie-break key. O(log n).
    @inlinable
    public mutating func update(_ frame: Int, priority: Int) {
        priorities[frame] = priority
        siftUp(Int(position[frame]))
        siftDown(Int(position[frame]))
    }

    /// Removes `frame` (in the heap). O(log n).
    @inlinable
    public mutating func remove(_ frame: Int) {
        let index = Int(position[frame])
        storedCount &-= 1
        position[frame] = -1
        guard index != storedCount else { return }
        let last = Int(heap[storedCount])
        place(last, at: index)
        siftUp(index)
        siftDown(Int(position[last]))
    }

    /// Removes and returns the frame that comes first, or nil when empty. O(log n).
    @inlinable
    public mutating func popMin() -> Int? {
        guard storedCount > 0 else { return nil }
        let first = Int(heap[0])
        remove(first)
        return first
    }

    @inlinable
    mutating func siftUp(_ start: Int) {
        var index = start
        let frame = Int(heap[index])
        while index > 0 {
            let parent = (index &- 1) / 2
            let parentFrame = Int(heap[parent])
            guard precedes(frame, parentFrame) else { break }
            place(parentFrame, at: index)
            index = parent
        }
        place(frame, at: index)
    }

    @inlinable
    mutating func siftDown(_ start: Int) {
        var index = start
        let frame = Int(heap[index])
        while true {
            let left = 2 &* index &+ 1
            guard left < storedCount else { break }
            var child = left
            if left &+ 1 < storedCount, precedes(Int(heap[left &+ 1]), Int(heap[left])) { child = left &+ 1 }
            let childFrame = Int(heap[child])
            guard precedes(childFrame, frame) else { break }
            place(childFrame, at: index)
            index = child
        }
        place(frame, at: index)
    }

    /// The frames in the order repeated ``popMin()`` calls would return them, the heap unchanged. O(n log n),
    /// allocating: for explanations (``ResidentOrder``), never on the access path.
    public func orderedFrames() -> [Int] {
        (0..<storedCount).map { Int(heap[$0]) }.sorted { precedes($0, $1) }
    }

    /// Checks that every frame in the heap is accepted by `isValid` and indexed at its position, that no frame
    /// comes before its parent, that exactly `count` frames are indexed, and that `count` equals `expectedCount`
    /// when one is given. O(capacity).
    public func checkInvariants(name: String, expectedCount: Int? = nil, isValid: (Int) -> Bool) throws(VMError) {
        if let expectedCount, expectedCount != storedCount {
            throw .contractViolation("\(name) tracks \(storedCount) frames, \(expectedCount) are resident")
        }
        for index in 0..<storedCount {
            let frame = Int(heap[index])
            guard frame >= 0, frame < capacity, Int(position[frame]) == index else {
                throw .contractViolation("\(name): heap index \(index) holds frame \(frame), which is mis-indexed")
            }
            guard isValid(frame) else {
                throw .contractViolation("\(name): frame \(frame) is in the heap but not valid here")
            }
            if index > 0, precedes(frame, Int(heap[(index - 1) / 2])) {
                throw .contractViolation("\(name): heap order broken at index \(index)")
            }
        }
        var indexed = 0
        for frame in 0..<capacity where position[frame] >= 0 { indexed += 1 }
        guard indexed == storedCount else {
            throw .contractViolation("\(name): \(indexed) frames indexed, \(storedCount) in the heap")
        }
    }
}
