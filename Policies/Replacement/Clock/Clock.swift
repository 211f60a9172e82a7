public import VMCore

/// CLOCK, the textbook one-handed second-chance algorithm: resident pages sit on a circle with a hand; each has a
/// reference bit, set when the page is loaded and on every reference. To evict, the hand sweeps: a page with its
/// bit set loses the bit and is passed over; the first page with a clear bit is the victim. The new page takes the
/// victim's place on the circle, just behind the hand.
///
/// F. J. Corbató, "A paging experiment with the Multics system", MIT Project MAC MAC-M-384, 1968. (libCacheSim's
/// `Clock` clears the bit on load instead; that variant is `fifo-reinsertion`.)
///
/// Complexity: insert, access and remove O(1); evict O(1) amortised, O(n) worst case (one full sweep).
///
/// Growable (``GrowableReplacementPolicy``): decisions never depend on frame numbers, so under local scope an
/// instance stores only its process's frames; growing is O(capacity), amortised O(1) per frame.
///
/// Order (``residentOrder()``): from the hand round the circle, `r=1` on referenced pages; the next victim is the
/// first page without `r=1` (the hand's page when every page has it).
public final class Clock: GrowableReplacementPolicy {
    @exclusivity(unchecked) private var circle: FrameList
    @exclusivity(unchecked) private var referenced: UnsafeMutablePointer<Bool>
    @exclusivity(unchecked) private var hand = -1

    public init(frames: Int) {
        circle = FrameList(capacity: frames)
        referenced = .allocate(capacity: frames)
        referenced.initialize(repeating: false, count: frames)
    }

    deinit { referenced.deallocate() }

    private func successor(of frame: Int) -> Int { circle.after(frame) ?? circle.head! }

    public func inserted(frame: Int, reference: PageReference) {
        referenced[frame] = true
        if hand < 0 {
            circle.pushBack(frame)
            hand = frame
        } else {
            circle.insert(frame, before: hand)
        }
    }

    public func accessed(frame: Int, reference: PageReference) { referenced[frame] = true }

    public func evict(for reference: PageReference) -> Int {
        while referenced[hand] {
            referenced[hand] = false
            hand = successor(of: hand)
        }
        let victim = hand
        removed(frame: victim)
        return victim
    }

    public var frameCapacity: Int { circle.capacity }

    public func growFrames(to capacity: Int) {
        referenced = FrameBuffer.grow(referenced, from: circle.capacity, to: capacity, filling: false)
        circle.grow(to: capacity)
    }

    public func removed(frame: Int) {
        if frame == hand {
            let following = successor(of: frame)
            hand = following == frame ? -1 : following
        }
        circle.remove(frame)
        referenced[frame] = false
    }

    /// The circle from the hand, `r=1` on pages whose bit is set. O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        guard hand >= 0 else { return ResidentOrder([], meaning: "from the hand") }
        return ResidentOrder(
            circle.circle(from: hand).map { ResidentOrder.Entry(frame: $0, note: referenced[$0] ? "r=1" : nil) },
            meaning: "from the hand", hand: hand)
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try circle.checkInvariants(name: "clock circle", isValid: isResident)
        guard circle.count == residentCount else {
            throw .contractViolation("clock tracks \(circle.count) frames, \(residentCount) are resident")
        }
        guard (hand < 0) == circle.isEmpty, hand < 0 || circle.contains(hand) else {
            throw .contractViolation("clock hand \(hand) is not on the circle")
        }
    }
}

/// Registers `clock`.
public enum ClockPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "clock", kind: .replacement,
                summary: "hand-based second chance; reference bit set on load and on every hit",
                module: "ClockPolicy",
                source: "Corbató, MIT Project MAC MAC-M-384, 1968")
        ) { context throws(VMError) in Clock(frames: context.frames) }
    ]
}
