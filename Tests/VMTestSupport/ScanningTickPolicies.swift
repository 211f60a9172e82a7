public import VMCore

/// NFU and Aging as the textbook states them, on ``ScanningTickCounters``: every tick visits every page, every
/// eviction scans them all. The oracle that the real `NFU` (heap and pending list) and `Aging` (lazy counters,
/// zero heap, buckets) must match decision for decision and note for note.
public final class ScanningTickPolicy: ReplacementPolicy {
    private var counters: ScanningTickCounters
    private let update: (_ counter: UInt64, _ referenced: Bool, _ ticks: Int) -> UInt64
    private let describe: (_ counter: UInt64) -> String

    private init(
        frames: Int, interval: Int, update: @escaping (UInt64, Bool, Int) -> UInt64,
        describe: @escaping (UInt64) -> String
    ) {
        counters = ScanningTickCounters(capacity: frames, interval: interval)
        self.update = update
        self.describe = describe
    }

    /// NFU: a tick adds the reference bit, once however many were missed.
    public static func nfu(frames: Int, interval: Int) -> ScanningTickPolicy {
        ScanningTickPolicy(
            frames: frames, interval: interval,
            update: { counter, referenced, _ in referenced ? counter &+ 1 : counter },
            describe: { "n=\($0)" })
    }

    /// Aging with `bits`-bit counters: a tick shifts right and ORs the bit into the top; missed ticks only shift.
    public static func aging(frames: Int, bits: Int, interval: Int) -> ScanningTickPolicy {
        let top: UInt64 = 1 << UInt64(bits - 1)
        return ScanningTickPolicy(
            frames: frames, interval: interval,
            update: { counter, referenced, ticks in
                let value = (counter >> 1) | (referenced ? top : 0)
                return ticks - 1 >= 64 ? 0 : value >> UInt64(ticks - 1)
            },
            describe: { counter in
                let digits = String(counter, radix: 2)
                return "age=" + String(repeating: "0", count: max(0, bits - digits.count)) + digits
            })
    }

    public func inserted(frame: Int, reference: PageReference) {
        counters.advance(to: reference.time, update: update)
        counters.insert(frame, time: reference.time)
    }

    public func accessed(frame: Int, reference: PageReference) {
        counters.advance(to: reference.time, update: update)
        counters.reference(frame)
    }

    public func evict(for reference: PageReference) -> Int {
        counters.advance(to: reference.time, update: update)
        return counters.removeSmallest()
    }

    public func removed(frame: Int) { counters.remove(frame) }

    /// The counter of `frame`, as of the latest tick.
    public func counter(ofFrame frame: Int) -> UInt64 { counters.counter(of: frame) }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try counters.checkInvariants(name: "textbook scan", expectedCount: residentCount, isValid: isResident)
    }

    /// Smallest counter first, then earliest loaded, with the notes the real policies give.
    public func residentOrder() -> ResidentOrder? {
        ResidentOrder(
            counters.orderedMembers().map {
                ResidentOrder.Entry(
                    frame: $0,
                    note: ResidentOrder.note(
                        describe(counters.counter(of: $0)), counters.isReferenced($0) ? "r=1" : nil))
            }, meaning: "smallest counter first")
    }
}
