public import VMCore

/// Full 2Q: a FIFO A1in of pages seen once, a ghost FIFO A1out remembering pages recently pushed out of A1in (page
/// numbers only), and an LRU list Am of pages that proved their worth. A miss on a page remembered in A1out enters
/// Am; any other miss enters A1in. A hit in Am moves the page to Am's MRU end; a hit in A1in changes nothing (the
/// "correlated reference" window). To evict: if A1in holds more than its quota Kin, its oldest page leaves and its
/// number enters A1out (dropping A1out's oldest when A1out holds Kout); otherwise Am's LRU page leaves.
///
/// T. Johnson, D. Shasha, "2Q: A Low Overhead High Performance Buffer Management Replacement Algorithm", VLDB 1994
/// (the "full version", Fig. 3). Defaults are libCacheSim's `TwoQ`: Kin = ⌊0.25·C⌋, Kout = ⌊0.5·C⌋ (parameters
/// `in` and `out` set the ratios); the golden tests reproduce its fault counts.
///
/// **Tiny memories.** With C = 1, Kin = 0 and Kout = 0: A1out holds nothing, nothing reaches Am, and 2Q is FIFO.
/// With C = 2 or 3, Kin = 0: A1in holds a page only until the next eviction (whenever A1in is not empty, its oldest
/// page is the victim), and Kout = 1 remembers that one page, so a page re-referenced right after its eviction is
/// promoted to Am. These follow from the formulas, as in libCacheSim, rather than from special cases.
///
/// Ghosts are keyed by (process, page) in ``GhostLists`` of capacity Kout, a bounded FIFO. When frames are free
/// (after a killed process), Am may exceed C − Kin until the next eviction takes from it.
///
/// Complexity: insert, access, evict and remove O(1) (expected, for the ghost table).
///
/// Order (``residentOrder()``): A1in oldest first and Am least recent first, the list the next eviction takes from
/// first, so the first page is the next victim.
public final class TwoQ: ReplacementPolicy {
    /// Kin, the A1in quota.
    public let inQuota: Int
    /// Kout, the A1out capacity.
    public let outCapacity: Int
    @exclusivity(unchecked) private var a1in: FrameList
    @exclusivity(unchecked) private var am: FrameList
    /// A1out, a bounded FIFO of ghosts.
    @exclusivity(unchecked) private var a1out: GhostLists
    /// 1 for A1in, 2 for Am, 0 when not resident.
    private let list: UnsafeMutablePointer<UInt8>
    /// The fault `evict` looked up (its time, page and process) and whether its page was a ghost in A1out. Under
    /// local replacement `evict` may run for another process's fault, with no insertion following here: `inserted`
    /// trusts the lookup only for the same fault.
    @exclusivity(unchecked) private var pendingValid = false
    @exclusivity(unchecked) private var pendingGhost = false
    @exclusivity(unchecked) private var pendingTime = -1
    @exclusivity(unchecked) private var pendingPage: UInt64 = 0
    @exclusivity(unchecked) private var pendingProcess = -1

    /// A 2Q over `frames` frames with Kin = ⌊inRatio·C⌋ and Kout = ⌊outRatio·C⌋.
    public init(frames: Int, inRatio: Double = 0.25, outRatio: Double = 0.5) {
        inQuota = Int(Double(frames) * inRatio)
        outCapacity = Int(Double(frames) * outRatio)
        a1in = FrameList(capacity: frames)
        am = FrameList(capacity: frames)
        a1out = GhostLists(frames: frames, capacity: outCapacity)
        list = .allocate(capacity: max(1, frames))
        list.initialize(repeating: 0, count: max(1, frames))
    }

    deinit { list.deallocate() }

    /// Pages in A1in, Am and ghosts in A1out.
    public var sizes: (a1in: Int, am: Int, a1out: Int) { (a1in.count, am.count, a1out.count) }

    private func noteFault(_ reference: PageReference) {
        pendingValid = true
        pendingTime = reference.time
        pendingPage = reference.page
        pendingProcess = reference.process
        pendingGhost = a1out.forget(reference)
    }

    /// Whether `evict` looked up this very fault.
    private func isPending(_ reference: PageReference) -> Bool {
        pendingValid && pendingTime == reference.time && pendingPage == reference.page
            && pendingProcess == reference.process
    }

    public func evict(for reference: PageReference) -> Int {
        noteFault(reference)
        if a1in.count > inQuota || am.isEmpty {
            let victim = a1in.popBack()!
            list[victim] = 0
            a1out.enqueue(frame: victim)
            return victim
        }
        let victim = am.popBack()!
        list[victim] = 0
        return victim
    }

    public func inserted(frame: Int, reference: PageReference) {
        if !isPending(reference) { noteFault(reference) }
        a1out.record(frame: frame, reference: reference)
        if pendingGhost {
            list[frame] = 2
            am.pushFront(frame)
        } else {
            list[frame] = 1
            a1in.pushFront(frame)
        }
        pendingValid = false
        pendingGhost = false
    }

    public func accessed(frame: Int, reference: PageReference) {
        if list[frame] == 2 { am.moveToFront(frame) }
    }

    public func removed(frame: Int) {
        if list[frame] == 1 { a1in.remove(frame) } else { am.remove(frame) }
        list[frame] = 0
    }

    /// A1in oldest first and Am least recent first, the list the next eviction takes from first. O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        let first = ResidentOrder.Group(name: "A1in", entries: a1in.frames(reversed: true).map { .init(frame: $0) })
        let main = ResidentOrder.Group(name: "Am", entries: am.frames(reversed: true).map { .init(frame: $0) })
        let fromA1in = a1in.count > inQuota || am.isEmpty
        return ResidentOrder(
            groups: fromA1in ? [first, main] : [main, first], meaning: "oldest first, the list evicted from first")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try a1in.checkInvariants(name: "2q A1in", isValid: { isResident($0) && list[$0] == 1 })
        try am.checkInvariants(name: "2q Am", isValid: { isResident($0) && list[$0] == 2 })
        try a1out.checkInvariants(name: "2q A1out")
        guard a1in.count + am.count == residentCount else {
            throw .contractViolation(
                "2q tracks \(a1in.count) + \(am.count) frames and \(a1out.count) ghosts; \(residentCount) resident")
        }
    }
}

/// Registers `2q`.
public enum TwoQPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "2q", kind: .replacement,
                summary: "full 2Q: FIFO probation queue A1in, ghost queue A1out, LRU main queue Am",
                parameters: [
                    PolicyParameter(
                        name: "in", type: .number, defaultValue: "0.25",
                        summary: "A1in quota as a fraction of the frames (floored)"),
                    PolicyParameter(
                        name: "out", type: .number, defaultValue: "0.5",
                        summary: "A1out ghost capacity as a fraction of the frames (floored)"),
                ],
                module: "TwoQPolicy",
                source: "Johnson & Shasha, VLDB 1994")
        ) { context throws(VMError) in
            let inRatio = context.arguments.number("in")
            let outRatio = context.arguments.number("out")
            try context.arguments.require(inRatio >= 0 && inRatio < 1, "in", "in [0, 1)")
            try context.arguments.require(outRatio >= 0 && outRatio <= 16, "out", "in [0, 16]")
            return TwoQ(frames: context.frames, inRatio: inRatio, outRatio: outRatio)
        }
    ]
}
