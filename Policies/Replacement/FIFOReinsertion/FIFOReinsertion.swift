public import VMCore

/// FIFO-Reinsertion, libCacheSim's `Clock` (one-bit counter): a FIFO queue whose pages carry a reference bit that
/// is **clear when the page is loaded** and set by every later hit. To evict, look at the oldest page: if its bit
/// is set, clear it and reinsert the page at the newest end; repeat until the oldest page has a clear bit, and
/// evict that one.
///
/// Source: libCacheSim (Juncheng Yang et al.), `libCacheSim/cache/eviction/Clock.c` with `n-bit-counter=1`, the
/// simulator of Yang et al., "FIFO queues are all you need for cache eviction", SOSP 2023; the algorithm is the
/// FIFO-with-second-chance of F. J. Corbató, MIT Project MAC MAC-M-384, 1968. It differs from `clock` and
/// `second-chance` only in the bit on load (clear here, set there), which is what libCacheSim's numbers need.
///
/// State: a ``ReferenceBitQueue`` with the bit clear on load.
///
/// Complexity: insert, access and remove O(1); evict O(1) amortised, O(n) worst case (every page reinserted once).
///
/// Growable (``GrowableReplacementPolicy``): decisions never depend on frame numbers, so under local scope an
/// instance stores only its process's frames; growing is O(capacity), amortised O(1) per frame.
///
/// Order (``residentOrder()``): oldest first with `r=1` on referenced pages; the next victim is the first page
/// without `r=1` (the oldest when every page has it).
public final class FIFOReinsertion: GrowableReplacementPolicy {
    @exclusivity(unchecked) private var queue: ReferenceBitQueue

    public init(frames: Int) { queue = ReferenceBitQueue(capacity: frames, bitOnLoad: false) }

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
        try queue.checkInvariants(name: "fifo-reinsertion", expectedCount: residentCount, isValid: isResident)
    }
}

/// Registers `fifo-reinsertion`.
public enum FIFOReinsertionPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "fifo-reinsertion", kind: .replacement,
                summary: "libCacheSim's Clock: FIFO that reinserts pages hit since loading; bit clear on load",
                module: "FIFOReinsertionPolicy",
                source: "libCacheSim Clock.c (Yang et al., SOSP 2023); Corbató, MIT Project MAC 1968")
        ) { context throws(VMError) in FIFOReinsertion(frames: context.frames) }
    ]
}
