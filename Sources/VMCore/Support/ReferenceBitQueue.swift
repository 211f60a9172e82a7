/// A FIFO queue of frames, each with a reference bit, that evicts by reinsertion: F. J. Corbató's FIFO with a second
/// chance (MIT Project MAC MAC-M-384, 1968), in buffers it owns. The state of `second-chance` (bit set on load, as
/// Tanenbaum describes it) and `fifo-reinsertion` (bit clear on load, libCacheSim's `Clock`).
///
/// ``insert(_:)`` appends a frame at the newest end with its bit set to ``bitOnLoad``; ``reference(_:)`` sets the
/// bit on a hit; ``evict()`` looks at the oldest frame — bit set: clear it and move the frame to the newest end;
/// repeat — and removes and returns the first oldest frame found with a clear bit.
///
/// Storage is a ``FrameList`` and one flag per frame, allocated once in `init`; nothing allocates afterwards. The
/// value is move-only, like ``FrameList``.
///
/// Complexity: ``insert(_:)``, ``reference(_:)`` and ``remove(_:)`` O(1); ``evict()`` O(1) amortised, O(n) worst
/// case (every frame moved once).
public struct ReferenceBitQueue: ~Copyable {
    /// Oldest first.
    @usableFromInline var queue: FrameList
    @usableFromInline var referenced: UnsafeMutablePointer<Bool>
    /// The bit a frame gets when it is inserted: `true` lets the faulting reference count as a use.
    public let bitOnLoad: Bool

    /// An empty queue for frames `0 ..< capacity`.
    public init(capacity: Int, bitOnLoad: Bool) {
        queue = FrameList(capacity: capacity)
        referenced = .allocate(capacity: max(1, capacity))
        referenced.initialize(repeating: false, count: max(1, capacity))
        self.bitOnLoad = bitOnLoad
    }

    deinit { referenced.deallocate() }

    /// Frame numbers accepted: `0 ..< capacity`.
    public var capacity: Int { queue.capacity }

    /// Frames in the queue.
    @inlinable public var count: Int { queue.count }

    /// The reference bit of `frame`.
    @inlinable public func isReferenced(_ frame: Int) -> Bool { referenced[frame] }

    /// Appends `frame` (not in the queue) at the newest end, its bit set to ``bitOnLoad``.
    @inlinable
    public mutating func insert(_ frame: Int) {
        referenced[frame] = bitOnLoad
        queue.pushBack(frame)
    }

    /// Sets the reference bit of `frame` (in the queue).
    @inlinable
    public mutating func reference(_ frame: Int) { referenced[frame] = true }

    /// Moves referenced frames from the oldest end to the newest, clearing their bits, until the oldest frame's bit
    /// is clear; removes and returns that frame. The queue must not be empty.
    @inlinable
    public mutating func evict() -> Int {
        var oldest = queue.head!
        while referenced[oldest] {
            referenced[oldest] = false
            queue.moveToBack(oldest)
            oldest = queue.head!
        }
        queue.remove(oldest)
        return oldest
    }

    /// Accepts frames `0 ..< capacity` from now on (larger than before), keeping the order and the bits.
    public mutating func grow(to capacity: Int) {
        referenced = FrameBuffer.grow(referenced, from: max(1, queue.capacity), to: capacity, filling: false)
        queue.grow(to: capacity)
    }

    /// Removes `frame` (in the queue).
    @inlinable
    public mutating func remove(_ frame: Int) {
        queue.remove(frame)
        referenced[frame] = false
    }

    /// The frames oldest first, each noted `r=1` when its bit is set: the order ``evict()`` examines them (the first
    /// frame with a clear bit is the next victim; the oldest when every bit is set). O(count), allocating: for
    /// explanations (``ResidentOrder``), never on the access path.
    public func orderEntries() -> [ResidentOrder.Entry] {
        queue.frames().map { ResidentOrder.Entry(frame: $0, note: referenced[$0] ? "r=1" : nil) }
    }

    /// Checks the queue's links, that every frame is accepted by `isValid`, and that `count` equals
    /// `expectedCount` when one is given.
    public func checkInvariants(name: String, expectedCount: Int? = nil, isValid: (Int) -> Bool) throws(VMError) {
        try queue.checkInvariants(name: "\(name) queue", isValid: isValid)
        if let expectedCount, expectedCount != queue.count {
            throw .contractViolation("\(name) tracks \(queue.count) frames, \(expectedCount) are resident")
        }
    }
}
