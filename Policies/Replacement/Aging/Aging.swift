public import VMCore

/// Aging: each resident page has an n-bit counter and a reference bit (set when the page is loaded and on every
/// hit). Every `interval` accesses a tick shifts every counter right by one and ORs the page's reference bit into
/// the most significant bit, then clears the bit. The victim is the page with the smallest counter; ties go to the
/// page loaded earliest. A new page starts at 0, so until the next tick it is the first candidate — the textbook
/// behaviour, most visible when `interval` is long.
///
/// A. S. Tanenbaum & H. Bos, *Modern Operating Systems*, 4th ed., §3.4.7 (2015), "Simulating LRU in software":
/// aging is NFU (`nfu`) with the counters shifted, so that recent references outweigh old ones.
///
/// Time is virtual: the tick at time `k · interval` (k ≥ 1) runs before the policy handles the access at that
/// time; ticks the policy did not witness (with local replacement it sees only its own process's accesses) are
/// caught up on its next event, the reference bit counting only in the first of them.
///
/// State: ``AgingCounters``: counters brought up to date lazily, the zero-counter pages in a heap by load time,
/// the others in buckets by the tick that last took their bit.
///
/// Complexity: access O(1); insert and remove O(log n); a tick O(log n) per page whose counter becomes or stops
/// being 0 (O(log n) amortised per access, whatever n); evict O(log n) when some counter is 0 — always when n
/// exceeds `bits · interval` — else a scan of the n ≤ `bits · interval` counters. (The textbook version visits
/// every page at every tick and scans them all to evict: O(n / interval) per access and O(n) per fault.)
///
/// Order (``residentOrder()``): smallest counter first (`age=0110`, most significant bit first), then earliest
/// loaded, `r=1` on pages referenced since the last tick; a tick due before the next eviction may still change it.
public final class Aging: ReplacementPolicy {
    @exclusivity(unchecked) private var counters: AgingCounters
    private let bits: Int

    public init(frames: Int, bits: Int, interval: Int) {
        precondition(bits >= 1 && bits <= 64 && interval >= 1)
        self.bits = bits
        counters = AgingCounters(capacity: frames, bits: bits, interval: interval)
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

    /// The aging counter of the page in `frame` (for tests).
    public func counter(ofFrame frame: Int) -> UInt64 { counters.counter(of: frame) }

    /// Smallest counter first, then earliest loaded, as of the last tick. O(n log n), allocating.
    public func residentOrder() -> ResidentOrder? {
        ResidentOrder(
            counters.orderedMembers().map {
                let digits = String(counters.counter(of: $0), radix: 2)
                let age = String(repeating: "0", count: max(0, bits - digits.count)) + digits
                return ResidentOrder.Entry(
                    frame: $0, note: ResidentOrder.note("age=" + age, counters.isReferenced($0) ? "r=1" : nil))
            }, meaning: "smallest counter first")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try counters.checkInvariants(name: "aging", expectedCount: residentCount, isValid: isResident)
    }
}

/// Registers `aging`.
public enum AgingPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "aging", kind: .replacement,
                summary:
                    "n-bit aging counters: each tick shifts right and ORs the reference bit in; evict the smallest",
                parameters: [
                    PolicyParameter(
                        name: "bits", type: .integer, defaultValue: "8", summary: "counter width, 1 to 64 bits"),
                    PolicyParameter(
                        name: "interval", type: .integer, defaultValue: "100",
                        summary: "accesses between ticks (virtual time)"),
                ],
                module: "AgingPolicy",
                source: "Tanenbaum & Bos, Modern Operating Systems, 4th ed. 2015, §3.4.7")
        ) { context throws(VMError) in
            let bits = context.arguments.integer("bits")
            let interval = context.arguments.integer("interval")
            try context.arguments.require(bits >= 1 && bits <= 64, "bits", "between 1 and 64")
            try context.arguments.require(interval >= 1, "interval", "at least 1")
            return Aging(frames: context.frames, bits: bits, interval: interval)
        }
    ]
}
