public import VMCore

/// Second chance, as Tanenbaum describes it: a FIFO queue of resident pages, each with a reference bit that is
/// **set when the page is loaded** (the faulting reference uses it) and on every hit. To evict, look at the oldest
/// page: if its bit is set, clear it and move the page to the tail as if it had just arrived; repeat until the
/// oldest page has a clear bit, and evict that one.
///
/// A. S. Tanenbaum & H. Bos, *Modern Operating Systems*, 4th ed., §3.4.4 (2015); the algorithm is Corbató's
/// (MIT Project MAC MAC-M-384, 1968). It picks the same victims as `clock` (the same algorithm kept on a circle
/// with a hand); `fifo-reinsertion` is the variant with the bit clear on load.
///
/// State: a ``ReferenceBitQueue`` with the bit set on load.
///
/// Complexity: insert, access and remove O(1); evict O(1) amortised, O(n) worst case (every page moved once).
///
/// Growable (``GrowableReplacementPolicy``): decisions never depend on frame numbers, so under local scope an
/// instance stores only its process's frames; growing is O(capacity), amortised O(1) per frame.
///
/// Order (``residentOrder()``): oldest first with `r=1` on referenced pages; the next victim is the first page
/// without `r=1` (the oldest when every page has it).
public final class SecondChance: GrowableReplacementPolicy {
    @exclusivity(unchecked) private var queue: ReferenceBitQueue

    public init(frames: Int) { queue = ReferenceBitQueue(capacity: frames, bitOnLoad: true) }

    public func inserted(frame: Int, reference: PageReference) { queue.insert(frame) }

    public func accessed(frame: Int, reference: PageReference) { queue.reference(frame) }

    public func evict(for reference: PageReference) -> Int { queue.evict() }

    public var frameCapacity: Int { queue.capacity }

    public func growFrames(to capacity: Int) { queue.grow(to: capacity) }

    public func removed(frame: Int) { queue.remove(frame) }

    /// The queue oldest first, `r=1` on pages whose bit is set. O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        ResidentOrder(queue.orderEntries(), meaning: "oldest first, r=1 passed over")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try queue.checkInvariants(name: "second-chance", expectedCount: residentCount, isValid: isResident)
    }
}

/// Registers `second-chance`.
public enum SecondChancePolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "second-chance", kind: .replacement,
                summary: "FIFO queue; a page referenced since it was last passed over goes to the tail, bit cleared",
                module: "SecondChancePolicy",
                source: "Tanenbaum & Bos, Modern Operating Systems, 4th ed. 2015, §3.4.4; Corbató 1968")
        ) { context throws(VMError) in SecondChance(frames: context.frames) }
    ]
}
