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
/// State: ``TickCounters`` (counters, reference bits, load times; the tick here is the shift).
///
/// Complexity: insert and access O(1) plus a tick when one is due; evict O(n) (a scan for the smallest counter);
/// remove O(1); a tick O(n), so O(n / interval) amortised per access.
///
/// Order (``residentOrder()``): smallest counter first (`age=0110`, most significant bit first), then earliest
/// loaded, `r=1` on pages referenced since the last tick; a tick due before the next eviction may still change it.
public final class Aging: ReplacementPolicy {
    @exclusivity(unchecked) private var counters: TickCounters
    private let bits: Int
    /// The counter's most significant bit, where a tick puts the reference bit.
    private let top: UInt64

    public init(frames: Int, bits: Int, interval: Int) {
        precondition(bits >= 1 && bits <= 64 && interval >= 1)
        self.bits = bits
        top = 1 << UInt64(bits - 1)
        counters = TickCounters(capacity: frames, interval: interval)
    }

    /// Runs the ticks due at `time`: shift right, the reference bit into the top bit, then the missed ticks' shifts.
    @inline(__always)
    private func advance(to time: Int) {
        counters.advance(to: time) { [top] counter, referenced, ticks in
            let value = (counter >> 1) | (referenced ? top : 0)
            return ticks - 1 >= 64 ? 0 : value >> UInt64(ticks - 1)
        }
    }

    public func inserted(frame: Int, reference: PageReference) {
        advance(to: reference.time)
        counters.insert(frame, time: reference.time)
    }

    public func accessed(frame: Int, reference: PageReference) {
        advance(to: reference.time)
        counters.reference(frame)
    }

    public func evict(for reference: PageReference) -> Int {
        advance(to: reference.time)
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
        for index in 0..<counters.count {
            let frame = counters.member(at: index)
            guard bits == 64 || counters.counter(of: frame) >> UInt64(bits) == 0 else {
                throw .contractViolation(
                    "aging: frame \(frame) counter \(counters.counter(of: frame)) exceeds \(bits) bits")
            }
        }
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
