/// Frames in the order they were appended, with access by position: the list a Python simulator keeps when it
/// appends each loaded page and `remove`s a victim, and draws `list[int(random() * len(list))]` (OSTEP's `RAND` and
/// `CLOCK`). Positions close up after a removal, as in that list, without moving the other entries.
///
/// Each frame occupies a *slot*; slots are handed out in increasing order, so slot order is list order. A Fenwick
/// tree counts the occupied slots, so the frame at position `k` is found by descending it, and a removal just
/// clears its slot. When the slots run out, the occupied ones are renumbered from 0 in order (O(slots)); there are
/// at least `capacity + 64` appends between two renumberings, so that costs O(1) amortised per append. Buffers
/// are allocated once in `init`; nothing allocates afterwards. The value is move-only, like ``FrameList``.
///
/// Complexity: ``append(_:)`` O(log n) amortised; ``remove(_:)`` and ``frame(at:)`` O(log n); ``contains(_:)``
/// O(1); ``frames()`` O(slots).
public struct IndexedFrameList: ~Copyable {
    /// Frame in each slot, or -1.
    private let slotFrame: UnsafeMutablePointer<Int32>
    /// Slot of each frame, or -1 when the frame is not in the list.
    private let frameSlot: UnsafeMutablePointer<Int32>
    /// Fenwick tree (1-based) over the slots: occupied counts.
    private let tree: UnsafeMutablePointer<Int32>
    private let slots: Int
    /// The largest power of two not above `slots`: where the descent in ``frame(at:)`` starts.
    private let topStep: Int
    /// Frames `0 ..< capacity` may be held.
    public let capacity: Int
    /// The next slot to hand out.
    private var nextSlot = 0
    /// Frames in the list.
    public private(set) var count = 0

    /// An empty list for frames `0 ..< capacity`.
    public init(capacity: Int) {
        precondition(capacity >= 0 && capacity < Int(Int32.max) / 4)
        self.capacity = capacity
        slots = 2 * capacity + 64
        var step = 1
        while step * 2 <= slots { step *= 2 }
        topStep = step
        slotFrame = .allocate(capacity: slots)
        slotFrame.initialize(repeating: -1, count: slots)
        frameSlot = .allocate(capacity: max(1, capacity))
        frameSlot.initialize(repeating: -1, count: max(1, capacity))
        tree = .allocate(capacity: slots + 1)
        tree.initialize(repeating: 0, count: slots + 1)
    }

    deinit {
        slotFrame.deallocate()
        frameSlot.deallocate()
        tree.deallocate()
    }

    /// Whether `frame` is in the list.
    public func contains(_ frame: Int) -> Bool { frameSlot[frame] >= 0 }

    /// Appends `frame` (not in the list) at the end.
    public mutating func append(_ frame: Int) {
        if nextSlot == slots { renumber() }
        let slot = nextSlot
        nextSlot += 1
        slotFrame[slot] = Int32(truncatingIfNeeded: frame)
        frameSlot[frame] = Int32(truncatingIfNeeded: slot)
        add(1, at: slot)
        count += 1
    }

    /// Removes `frame` (in the list); the frames after it move up one position.
    public mutating func remove(_ frame: Int) {
        let slot = Int(frameSlot[frame])
        slotFrame[slot] = -1
        frameSlot[frame] = -1
        add(-1, at: slot)
        count -= 1
    }

    /// The frame at `position` in `0 ..< count`.
    public func frame(at position: Int) -> Int {
        precondition(position >= 0 && position < count, "position \(position) outside 0..<\(count)")
        // Descend to the largest prefix of slots holding at most `position` frames: the next slot is the one.
        var index = 0
        var remaining = Int32(truncatingIfNeeded: position)
        var step = topStep
        while step > 0 {
            let candidate = index + step
            if candidate <= slots && tree[candidate] <= remaining {
                index = candidate
                remaining -= tree[candidate]
            }
            step >>= 1
        }
        return Int(slotFrame[index])
    }

    /// The frames in list order. O(slots), allocating: for explanations and checks, never on the access path.
    public func frames() -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(count)
        for slot in 0..<nextSlot where slotFrame[slot] >= 0 { result.append(Int(slotFrame[slot])) }
        return result
    }

    private func add(_ delta: Int32, at slot: Int) {
        var index = slot + 1
        while index <= slots {
            tree[index] += delta
            index += index & -index
        }
    }

    /// Moves the occupied slots to `0 ..< count`, in order, and rebuilds the tree in O(slots).
    private mutating func renumber() {
        var target = 0
        for slot in 0..<nextSlot {
            let frame = slotFrame[slot]
            guard frame >= 0 else { continue }
            slotFrame[slot] = -1
            slotFrame[target] = frame
            frameSlot[Int(frame)] = Int32(truncatingIfNeeded: target)
            target += 1
        }
        nextSlot = target
        for index in 1...slots { tree[index] = index <= target ? 1 : 0 }
        for index in 1...slots {
            let parent = index + (index & -index)
            if parent <= slots { tree[parent] += tree[index] }
        }
    }

    /// Checks that the slots and frames point at each other, that `count` frames are held, and that the tree counts
    /// the occupied slots. O(slots).
    public func checkInvariants(name: String, isValid: (Int) -> Bool) throws(VMError) {
        var held = 0
        for slot in 0..<slots {
            let frame = Int(slotFrame[slot])
            guard frame >= 0 else { continue }
            guard slot < nextSlot, frame < capacity, Int(frameSlot[frame]) == slot, isValid(frame) else {
                throw .contractViolation("\(name): slot \(slot) holds frame \(frame), which is not valid here")
            }
            held += 1
            guard position(ofSlot: slot) == held - 1 else {
                throw .contractViolation("\(name): the position tree miscounts slot \(slot)")
            }
        }
        guard held == count else { throw .contractViolation("\(name): \(held) frames held, \(count) counted") }
    }

    /// Occupied slots before `slot`.
    private func position(ofSlot slot: Int) -> Int {
        var index = slot
        var total = 0
        while index > 0 {
            total += Int(tree[index])
            index -= index & -index
        }
        return total
    }
}
