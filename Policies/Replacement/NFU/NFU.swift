public import VMCore

/// Not frequently used: each resident page has a counter and a reference bit (set when the page is loaded and on
/// every hit). Every `interval` accesses a tick adds each page's reference bit to its counter and clears the bit.
/// The victim is the page with the smallest counter; ties go to the page loaded earliest. Counters never decay, so
/// a page heavily used long ago stays — the flaw that `aging` fixes.
///
/// A. S. Tanenbaum & H. Bos, *Modern Operating Systems*, 4th ed., §3.4.7 (2015), "Simulating LRU in software".
///
/// Time is virtual: the tick at time `k · interval` (k ≥ 1) runs before the policy handles the access at that
/// time; ticks the policy did not witness (local replacement) are caught up on its next event, the reference bit
/// counting once.
///
/// State: ``FrequencyCounters``: the pages in a heap by (counter, load time), and the pages referenced since the
/// last tick, which alone a tick visits.
///
/// Complexity: access O(1); insert, evict and remove O(log n); a tick O(k log n) for the k pages referenced since
/// the last one, so O(log n) amortised per access whatever n. (The textbook version visits every page at every tick
/// and scans them all to evict: O(n / interval) per access and O(n) per fault.)
///
/// Order (``residentOrder()``): smallest counter first (`n=3`), then earliest loaded, `r=1` on pages referenced
/// since the last tick; a tick due before the next eviction may still change it.
public final class NFU: ReplacementPolicy {
    @exclusivity(unchecked) private var counters: FrequencyCounters

    public init(frames: Int, interval: Int) {
        precondition(interval >= 1)
        counters = FrequencyCounters(capacity: frames, interval: interval)
    }

    public func inserted(frame: Int, reference: PageReference) {
        counters.advance(to: reference.time)
        counters.insert(frame, time: reference.time)
    }

    public func accessed(frame: Int, reference: PageReference) {
        counters.advance(to: reference.time)
        counters.reference(frame)
    }

    public func evict(for reference: PageReference) -> Int {
        counters.advance(to: reference.time)
        return counters.removeSmallest()
    }

    public func removed(frame: Int) { counters.remove(frame) }

    /// The NFU counter of the page in `frame` (for tests).
    public func counter(ofFrame frame: Int) -> UInt64 { counters.counter(of: frame) }

    /// Smallest counter first, then earliest loaded, as of the last tick. O(n log n), allocating.
    public func residentOrder() -> ResidentOrder? {
        ResidentOrder(
            counters.orderedMembers().map {
                ResidentOrder.Entry(
                    frame: $0,
                    note: ResidentOrder.note("n=\(counters.counter(of: $0))", counters.isReferenced($0) ? "r=1" : nil))
            }, meaning: "smallest counter first")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try counters.checkInvariants(name: "nfu", expectedCount: residentCount, isValid: isResident)
    }
}

/// Registers `nfu`.
public enum NFUPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "nfu", kind: .replacement,
                summary: "not frequently used: each tick adds the reference bit to a counter; evict the smallest",
                parameters: [
                    PolicyParameter(
                        name: "interval", type: .integer, defaultValue: "100",
                        summary: "accesses between ticks (virtual time)")
                ],
                module: "NFUPolicy",
                source: "Tanenbaum & Bos, Modern Operating Systems, 4th ed. 2015, §3.4.7")
        ) { context throws(VMError) in
            let interval = context.arguments.integer("interval")
            try context.arguments.require(interval >= 1, "interval", "at least 1")
            return NFU(frames: context.frames, interval: interval)
        }
    ]
}
