public import VMCore

/// Belady's optimal replacement (MIN): evict the page whose next reference lies farthest in the future; pages
/// never referenced again go first. No policy makes fewer faults on the same reference string.
///
/// L. A. Belady, "A study of replacement algorithms for a virtual-storage computer", IBM Systems Journal 5(2),
/// 1966. Needs the future: the runner supplies ``PageReference/nextUse`` for every reference. Ties (several pages
/// never used again) go to the lowest frame number, so runs are reproducible.
///
/// Complexity: insert, access, evict and remove are O(log n): a binary max-heap over frames keyed by next use,
/// with a position index per frame.
public final class OPT: ReplacementPolicy {
    public var needsFuture: Bool { true }

    private let heap: UnsafeMutablePointer<Int32>
    private let position: UnsafeMutablePointer<Int32>
    private let nextUse: UnsafeMutablePointer<Int>
    private var count = 0

    public init(frames: Int) {
        heap = .allocate(capacity: frames)
        position = .allocate(capacity: frames)
        position.initialize(repeating: -1, count: frames)
        nextUse = .allocate(capacity: frames)
        nextUse.initialize(repeating: 0, count: frames)
    }

    deinit {
        heap.deallocate()
        position.deallocate()
        nextUse.deallocate()
    }

    /// Whether frame `a` should leave before frame `b`.
    @inline(__always)
    private func leavesBefore(_ a: Int32, _ b: Int32) -> Bool {
        let keyA = nextUse[Int(a)]
        let keyB = nextUse[Int(b)]
        return keyA != keyB ? keyA > keyB : a < b
    }

    public func inserted(frame: Int, reference: PageReference) {
        nextUse[frame] = reference.nextUse
        heap[count] = Int32(truncatingIfNeeded: frame)
        position[frame] = Int32(truncatingIfNeeded: count)
        count += 1
        siftUp(count - 1)
    }

    public func accessed(frame: Int, reference: PageReference) {
        nextUse[frame] = reference.nextUse
        let index = Int(position[frame])
        siftUp(index)
        siftDown(Int(position[frame]))
    }

    public func evict(for reference: PageReference) -> Int {
        let victim = Int(heap[0])
        removed(frame: victim)
        return victim
    }

    public func removed(frame: Int) {
        let index = Int(position[frame])
        count -= 1
        position[frame] = -1
        guard index != count else { return }
        let last = heap[count]
        heap[index] = last
        position[Int(last)] = Int32(truncatingIfNeeded: index)
        siftUp(index)
        siftDown(Int(position[Int(last)]))
    }

    private func siftUp(_ start: Int) {
        var index = start
        let item = heap[index]
        while index > 0 {
            let parent = (index - 1) / 2
            let parentItem = heap[parent]
            guard leavesBefore(item, parentItem) else { break }
            heap[index] = parentItem
            position[Int(parentItem)] = Int32(truncatingIfNeeded: index)
            index = parent
        }
        heap[index] = item
        position[Int(item)] = Int32(truncatingIfNeeded: index)
    }

    private func siftDown(_ start: Int) {
        var index = start
        let item = heap[index]
        while true {
            let left = 2 * index + 1
            guard left < count else { break }
            var child = left
            if left + 1 < count, leavesBefore(heap[left + 1], heap[left]) { child = left + 1 }
            let childItem = heap[child]
            guard leavesBefore(childItem, item) else { break }
            heap[index] = childItem
            position[Int(childItem)] = Int32(truncatingIfNeeded: index)
            index = child
        }
        heap[index] = item
        position[Int(item)] = Int32(truncatingIfNeeded: index)
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        guard count == residentCount else {
            throw .contractViolation("opt tracks \(count) frames, \(residentCount) are resident")
        }
        for index in 0..<count {
            let frame = heap[index]
            guard isResident(Int(frame)), Int(position[Int(frame)]) == index else {
                throw .contractViolation("opt: frame \(frame) at heap index \(index) is not resident or mis-indexed")
            }
            if index > 0, leavesBefore(frame, heap[(index - 1) / 2]) {
                throw .contractViolation("opt: heap order broken at index \(index)")
            }
        }
    }
}

/// Registers `opt`.
public enum OPTPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "opt", kind: .replacement,
                summary: "Belady's MIN: evict the page used farthest in the future (needs the whole trace)",
                module: "OPTPolicy",
                source: "Belady, IBM Systems Journal 1966")
        ) { context throws(VMError) in OPT(frames: context.frames) }
    ]
}
