public import VMCore

/// Least recently used: evict the page whose last reference is oldest.
///
/// A stack algorithm (R. L. Mattson, J. Gecsei, D. R. Slutz, I. L. Traiger, "Evaluation techniques for storage
/// hierarchies", IBM Systems Journal 9(2), 1970): its resident set at n frames is always contained in the one at
/// n + 1, so it never shows Belady's anomaly.
///
/// Complexity: insert, access, evict and remove are O(1): an intrusive recency list over frames, most recent first.
///
/// Growable (``GrowableReplacementPolicy``): decisions never depend on frame numbers, so under local scope an
/// instance stores only its process's frames; growing is O(capacity), amortised O(1) per frame.
///
/// Order (``residentOrder()``): least recent first, so the first page is the next victim (OSTEP's `LRU` list).
public final class LRU: GrowableReplacementPolicy {
    @exclusivity(unchecked) private var recency: FrameList

    public init(frames: Int) { recency = FrameList(capacity: frames) }

    public func inserted(frame: Int, reference: PageReference) { recency.pushFront(frame) }

    public func accessed(frame: Int, reference: PageReference) { recency.moveToFront(frame) }

    public func evict(for reference: PageReference) -> Int { recency.popBack()! }

    public var frameCapacity: Int { recency.capacity }

    public func growFrames(to capacity: Int) { recency.grow(to: capacity) }

    public func removed(frame: Int) { recency.remove(frame) }

    /// The recency list, least recent first (the next victim first). O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        ResidentOrder(frames: recency.frames(reversed: true), meaning: "least recent first")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try recency.checkInvariants(name: "lru list", isValid: isResident)
        guard recency.count == residentCount else {
            throw .contractViolation("lru tracks \(recency.count) frames, \(residentCount) are resident")
        }
    }
}

/// Registers `lru`.
public enum LRUPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "lru", kind: .replacement,
                summary: "least recently used: evict the page whose last reference is oldest",
                module: "LRUPolicy",
                source: "Mattson, Gecsei, Slutz & Traiger, IBM Systems Journal 1970")
        ) { context throws(VMError) in LRU(frames: context.frames) }
    ]
}
