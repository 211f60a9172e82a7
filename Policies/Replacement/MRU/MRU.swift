public import VMCore

/// Most recently used: evict the page referenced last. The right choice for cyclic scans larger than memory, where
/// LRU always evicts the page needed next.
///
/// H.-T. Chou & D. J. DeWitt, "An evaluation of buffer management strategies for relational database systems",
/// VLDB 1985; also the `MRU` policy of OSTEP's `paging-policy.py` (Arpaci-Dusseau, *Operating Systems: Three Easy
/// Pieces*, ch. 22), whose numbers it reproduces. Under the machine's event order the victim is the page of the
/// reference before the fault.
///
/// Complexity: insert, access, evict and remove are O(1): an intrusive recency list over frames, most recent first.
///
/// Growable (``GrowableReplacementPolicy``): decisions never depend on frame numbers, so under local scope an
/// instance stores only its process's frames; growing is O(capacity), amortised O(1) per frame.
///
/// Order (``residentOrder()``): most recent first, so the first page is the next victim (OSTEP's `MRU` list
/// reversed).
public final class MRU: GrowableReplacementPolicy {
    @exclusivity(unchecked) private var recency: FrameList

    public init(frames: Int) { recency = FrameList(capacity: frames) }

    public func inserted(frame: Int, reference: PageReference) { recency.pushFront(frame) }

    public func accessed(frame: Int, reference: PageReference) { recency.moveToFront(frame) }

    public func evict(for reference: PageReference) -> Int { recency.popFront()! }

    public var frameCapacity: Int { recency.capacity }

    public func growFrames(to capacity: Int) { recency.grow(to: capacity) }

    public func removed(frame: Int) { recency.remove(frame) }

    /// The recency list, most recent first (the next victim first). O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        ResidentOrder(frames: recency.frames(), meaning: "most recent first")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try recency.checkInvariants(name: "mru list", isValid: isResident)
        guard recency.count == residentCount else {
            throw .contractViolation("mru tracks \(recency.count) frames, \(residentCount) are resident")
        }
    }
}

/// Registers `mru`.
public enum MRUPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "mru", kind: .replacement,
                summary: "most recently used: evict the page referenced last (good for large cyclic scans)",
                module: "MRUPolicy",
                source: "Chou & DeWitt, VLDB 1985; OSTEP paging-policy.py")
        ) { context throws(VMError) in MRU(frames: context.frames) }
    ]
}
