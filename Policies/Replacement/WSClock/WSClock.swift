public import VMCore

/// WSClock: the working-set policy run on a clock. Resident pages sit on a circle with a hand; each has a reference
/// bit R (set when the page is loaded and on every hit), a modified bit M (set by writes) and the virtual time of
/// its last use (set when it is loaded, and by the hand when it finds R set). To evict at time `now`, the hand
/// sweeps at most once around:
///
/// - R set: clear it, record `now` as the page's last use, advance (the page is in the working set);
/// - R clear and `now − lastUse > tau` (outside the working set) and clean: evict it;
/// - R clear, outside the window and dirty: in Carr & Hennessy the hand schedules its write-back and moves on, and
///   the page becomes clean when the write completes. This machine writes dirty pages only when it evicts them, so
///   no write completes during a sweep; the reduction: the page is passed over and remembered, and if the sweep
///   finds no old clean page the **first old dirty page passed** is evicted (the machine writes it out);
/// - otherwise advance.
///
/// If the sweep finds no page outside the window, the page with the oldest last use seen is evicted (ties: the
/// first the hand met). The new page takes the victim's place just behind the hand, as in `clock`. `tau` is the
/// working-set window in accesses (virtual time is the run's access count, shared by all processes).
///
/// R. W. Carr & J. L. Hennessy, "WSCLOCK — a simple and effective algorithm for virtual memory management",
/// SOSP 1981; Tanenbaum & Bos, *Modern Operating Systems*, 4th ed., §3.4.9 (2015).
///
/// Complexity: insert, access and remove O(1); evict O(n) worst case (one sweep).
///
/// Growable (``GrowableReplacementPolicy``): decisions never depend on frame numbers, so under local scope an
/// instance stores only its process's frames; growing is O(capacity), amortised O(1) per frame.
///
/// Order (``residentOrder()``): from the hand round the circle, each page noted with its bits and time of last
/// use (`r=1 m=1 last=12`, 1-based); the sweep's choice depends on the time of the fault.
public final class WSClock: GrowableReplacementPolicy {
    @exclusivity(unchecked) private var circle: FrameList
    @exclusivity(unchecked) private var referenced: UnsafeMutablePointer<Bool>
    @exclusivity(unchecked) private var modified: UnsafeMutablePointer<Bool>
    @exclusivity(unchecked) private var lastUse: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private var hand = -1
    private let tau: Int

    public init(frames: Int, tau: Int) {
        precondition(tau >= 0)
        self.tau = tau
        circle = FrameList(capacity: frames)
        referenced = .allocate(capacity: frames)
        referenced.initialize(repeating: false, count: frames)
        modified = .allocate(capacity: frames)
        modified.initialize(repeating: false, count: frames)
        lastUse = .allocate(capacity: frames)
        lastUse.initialize(repeating: 0, count: frames)
    }

    deinit {
        referenced.deallocate()
        modified.deallocate()
        lastUse.deallocate()
    }

    private func successor(of frame: Int) -> Int { circle.after(frame) ?? circle.head! }

    public func inserted(frame: Int, reference: PageReference) {
        referenced[frame] = true
        modified[frame] = reference.kind == .write
        lastUse[frame] = reference.time
        if hand < 0 {
            circle.pushBack(frame)
            hand = frame
        } else {
            circle.insert(frame, before: hand)
        }
    }

    public func accessed(frame: Int, reference: PageReference) {
        referenced[frame] = true
        if reference.kind == .write { modified[frame] = true }
    }

    public func evict(for reference: PageReference) -> Int {
        let now = reference.time
        var firstOldDirty = -1
        var oldest = -1
        for _ in 0..<circle.count {
            let frame = hand
            if referenced[frame] {
                referenced[frame] = false
                lastUse[frame] = now
            } else if now - lastUse[frame] > tau {
                if !modified[frame] {
                    removed(frame: frame)
                    return frame
                }
                if firstOldDirty < 0 { firstOldDirty = frame }
            }
            if oldest < 0 || lastUse[frame] < lastUse[oldest] { oldest = frame }
            hand = successor(of: frame)
        }
        let victim = firstOldDirty >= 0 ? firstOldDirty : oldest
        removed(frame: victim)
        return victim
    }

    public var frameCapacity: Int { circle.capacity }

    public func growFrames(to capacity: Int) {
        referenced = FrameBuffer.grow(referenced, from: circle.capacity, to: capacity, filling: false)
        modified = FrameBuffer.grow(modified, from: circle.capacity, to: capacity, filling: false)
        lastUse = FrameBuffer.grow(lastUse, from: circle.capacity, to: capacity, filling: 0)
        circle.grow(to: capacity)
    }

    public func removed(frame: Int) {
        if frame == hand {
            let following = successor(of: frame)
            hand = following == frame ? -1 : following
        }
        circle.remove(frame)
        referenced[frame] = false
        modified[frame] = false
    }

    /// The circle from the hand, with R, M and the time of last use. O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        guard hand >= 0 else { return ResidentOrder([], meaning: "from the hand") }
        return ResidentOrder(
            circle.circle(from: hand).map {
                ResidentOrder.Entry(
                    frame: $0,
                    note: ResidentOrder.note(
                        referenced[$0] ? "r=1" : nil, modified[$0] ? "m=1" : nil,
                        "last=" + ResidentOrder.timeText(lastUse[$0])))
            }, meaning: "from the hand", hand: hand)
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try circle.checkInvariants(name: "wsclock circle", isValid: isResident)
        guard circle.count == residentCount else {
            throw .contractViolation("wsclock tracks \(circle.count) frames, \(residentCount) are resident")
        }
        guard (hand < 0) == circle.isEmpty, hand < 0 || circle.contains(hand) else {
            throw .contractViolation("wsclock hand \(hand) is not on the circle")
        }
    }
}

/// Registers `wsclock`.
public enum WSClockPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "wsclock", kind: .replacement,
                summary: "working set on a clock: evict an old clean page (age > tau), else old dirty, else oldest",
                parameters: [
                    PolicyParameter(
                        name: "tau", type: .integer, defaultValue: "100",
                        summary: "working-set window in accesses (virtual time)")
                ],
                module: "WSClockPolicy",
                source: "Carr & Hennessy, SOSP 1981; Tanenbaum & Bos, Modern Operating Systems, 4th ed. 2015, §3.4.9")
        ) { context throws(VMError) in
            let tau = context.arguments.integer("tau")
            try context.arguments.require(tau >= 0, "tau", "at least 0")
            return WSClock(frames: context.frames, tau: tau)
        }
    ]
}
