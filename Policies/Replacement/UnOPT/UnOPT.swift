public import VMCore

/// The worst informed choice, Belady's MIN turned around: evict the page whose next reference comes *soonest*.
/// Pages never referenced again are kept as long as any other page is resident; among several of them (the only
/// possible tie) the one loaded earliest goes, as in OSTEP's `paging-policy.py`, whose `UNOPT` numbers it
/// reproduces. A pessimal bound to set against `opt`, not a policy to use.
///
/// L. A. Belady, "A study of replacement algorithms for a virtual-storage computer", IBM Systems Journal 5(2), 1966
/// (the ordering by next use); R. H. & A. C. Arpaci-Dusseau, *Operating Systems: Three Easy Pieces*, ch. 22,
/// `paging-policy.py -p UNOPT`. Needs the future: the runner supplies ``PageReference/nextUse``.
///
/// Complexity: insert, access, evict and remove are O(log n): a binary min-heap over frames keyed by
/// (next use, load time), with a position index per frame.
public final class UnOPT: ReplacementPolicy {
    public var needsFuture: Bool { true }

    private let heap: UnsafeMutablePointer<Int32>
    private let position: UnsafeMutablePointer<Int32>
    private let nextUse: UnsafeMutablePointer<Int>
    private let loaded: UnsafeMutablePointer<Int>
    private var count = 0

    public init(frames: Int) {
        heap = .allocate(capacity: frames)
        position = .allocate(capacity: frames)
        position.initialize(repeating: -1, count: frames)
        nextUse = .allocate(capacity: frames)
        nextUse.initialize(repeating: 0, count: frames)
        loaded = .allocate(capacity: frames)
        loaded.initialize(repeating: 0, count: frames)
    }

    deinit {
        heap.deallocate()
        position.deallocate()
        nextUse.deallocate()
        loaded.deallocate()
    }

    /// Whether frame `a` should leave before frame `b`.
    @inline(__always)
    private func leavesBefore(_ a: Int32, _ b: Int32) -> Bool {
        let keyA = nextUse[Int(a)]
        let keyB = nextUse[Int(b)]
        return keyA != keyB ? keyA < keyB : loaded[Int(a)] < loaded[Int(b)]
    }

    public func inserted(frame: Int, reference: PageReference) {
        nextUse[frame] = reference.nextUse
        loaded[frame] = reference.time
        heap[count] = Int32(truncatingIfNeeded: frame)
        position[frame] = Int32(truncatingIfNeeded: count)
        count += 1
        siftUp(count - 1)
    }

    public func accessed(frame: Int, reference: PageReference) {
        nextUse[frame] = reference.nextUse
        siftUp(Int(position[frame]))
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
            throw .contractViolation("unopt tracks \(count) frames, \(residentCount) are resident")
        }
        for index in 0..<count {
            let frame = heap[index]
            guard isResident(Int(frame)), Int(position[Int(frame)]) == index else {
                throw .contractViolation("unopt: frame \(frame) at heap index \(index) is not resident or mis-indexed")
            }
            if index > 0, leavesBefore(frame, heap[(index - 1) / 2]) {
                throw .contractViolation("unopt: heap order broken at index \(index)")
            }
        }
    }
}

/// Registers `unopt`.
public enum UnOPTPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "unopt", kind: .replacement,
                summary: "the pessimal bound: evict the page used soonest (needs the whole trace)",
                module: "UnOPTPolicy",
                source: "Belady, IBM Systems Journal 1966 (reversed); OSTEP paging-policy.py UNOPT")
        ) { context throws(VMError) in UnOPT(frames: context.frames) }
    ]
}
