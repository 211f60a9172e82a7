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
/// Complexity: insert, access, evict and remove are O(log n): a ``FrameHeap`` (indexed binary min-heap over
/// frames) keyed by (next use, load time).
///
/// Order (``residentOrder()``): soonest next use first (`next=12`, 1-based), the next victim first; and the load
/// order (the heap's tie-break key), which is OSTEP's `UNOPT` list.
public final class UnOPT: ReplacementPolicy {
    public var needsFuture: Bool { true }

    /// Frames keyed by next use, ties broken by load time: the soonest next use comes first.
    @exclusivity(unchecked) private var heap: FrameHeap

    public init(frames: Int) { heap = FrameHeap(capacity: frames) }

    public func inserted(frame: Int, reference: PageReference) {
        heap.insert(frame, priority: reference.nextUse, tieBreak: reference.time)
    }

    public func accessed(frame: Int, reference: PageReference) { heap.update(frame, priority: reference.nextUse) }

    public func evict(for reference: PageReference) -> Int { heap.popMin()! }

    public func removed(frame: Int) { heap.remove(frame) }

    /// The heap's order, soonest next use first (the next victim first), each noted with its next use; and the load
    /// order. O(n log n), allocating.
    public func residentOrder() -> ResidentOrder? {
        let frames = heap.orderedFrames()
        return ResidentOrder(
            frames.map {
                ResidentOrder.Entry(frame: $0, note: "next=" + ResidentOrder.timeText(heap.priority(of: $0)))
            },
            meaning: "soonest next use first",
            loadOrder: frames.sorted { heap.tieBreak(of: $0) < heap.tieBreak(of: $1) })
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try heap.checkInvariants(name: "unopt", expectedCount: residentCount, isValid: isResident)
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
                source: "Belady, IBM Systems Journal 1966 (reversed); OSTEP paging-policy.py UNOPT",
                needsFuture: true)
        ) { context throws(VMError) in UnOPT(frames: context.frames) }
    ]
}
