public import VMCore

/// LIRS, Low Inter-reference Recency Set: pages with a short reuse distance (LIR) hold most of the frames; the rest
/// (resident HIR pages, at most Lhirs of them) form a FIFO queue Q from which every eviction is taken. A recency
/// stack S orders LIR pages, resident HIR pages and recently evicted (non-resident) HIR pages by last reference,
/// and its bottom is always an LIR page ("stack pruning" drops HIR entries there).
///
/// - Hit on an LIR page: it moves to S's top (then S is pruned).
/// - Hit on a resident HIR page: if it is in S it becomes LIR (leaving Q) and the LIR page at S's bottom becomes a
///   resident HIR page at Q's end, then S is pruned; if it is not in S it goes on S's top and to Q's end, still HIR.
/// - Miss: the page at Q's front is evicted (staying in S as a non-resident HIR entry if it was there). While the
///   LIR set holds fewer than Llirs pages, the new page becomes LIR; otherwise, if it was a non-resident HIR entry
///   in S it becomes LIR (demoting S's bottom LIR page to Q, then pruning), else it becomes a resident HIR page on
///   S's top and at Q's end.
///
/// S. Jiang, X. Zhang, "LIRS: An Efficient Low Inter-reference Recency Set Replacement Policy to Improve Buffer
/// Cache Performance", ACM SIGMETRICS 2002. Lhirs = max(1, ⌊0.01·C⌋) and Llirs = C − Lhirs, as libCacheSim's
/// `LIRS`. With C = 1 there is no LIR page: the single frame is a resident HIR page, so LIRS is FIFO there.
///
/// **Bound.** Non-resident HIR entries live in S as ghosts keyed by (process, page) in ``GhostLists`` of
/// capacity 2C, and S is kept to at most 2C entries: when it grows past that, the oldest non-resident entries (in
/// the order they left RAM) are dropped — the same 2C bound as libCacheSim. Memory is therefore O(C).
///
/// **libCacheSim is not the reference here.** Its `LIRS` demotes an LIR page (and may evict a resident HIR page) on
/// a *hit* to a resident HIR page that is not in S, which the paper does not do and a replacement policy cannot do
/// in this machine (evictions happen only on faults). Our counts follow the paper and differ from libCacheSim's.
///
/// Complexity: insert, access and evict O(1) amortised (pruning removes each entry at most once); remove likewise.
///
/// Order (``residentOrder()``): the resident HIR pages in Q from its front (`in S` on those also in the stack),
/// then the LIR pages from the stack's bottom: the next victim first.
public final class LIRS: ReplacementPolicy {
    private let frames: Int
    /// Llirs, the LIR set's size.
    public let lirLimit: Int
    /// Lhirs, the resident HIR pages' share.
    public let hirLimit: Int
    /// Stack S over nodes: frames `0 ..< C`, ghosts `C + slot`. Head = top (most recent).
    @exclusivity(unchecked) private var stack: FrameList
    /// Queue Q of resident HIR frames; head = front (next victim), tail = end.
    @exclusivity(unchecked) private var queue: FrameList
    /// Non-resident HIR entries, in the order they left RAM (newest first).
    @exclusivity(unchecked) private var ghosts: GhostLists
    private let isLIR: UnsafeMutablePointer<Bool>
    @exclusivity(unchecked) private var lirCount = 0

    public init(frames: Int) {
        self.frames = frames
        hirLimit = max(1, Int(Double(frames) * 0.01))
        lirLimit = max(0, frames - hirLimit)
        let ghostCapacity = 2 * frames
        stack = FrameList(capacity: frames + ghostCapacity)
        queue = FrameList(capacity: frames)
        ghosts = GhostLists(frames: frames, capacity: ghostCapacity)
        isLIR = .allocate(capacity: max(1, frames))
        isLIR.initialize(repeating: false, count: max(1, frames))
    }

    deinit { isLIR.deallocate() }

    /// LIR pages, resident HIR pages, non-resident HIR entries in S, and S's length.
    public var sizes: (lir: Int, hir: Int, nonResident: Int, stack: Int) {
        (lirCount, queue.count, ghosts.count, stack.count)
    }

    private func forgetGhost(slot: Int) {
        stack.remove(frames + slot)
        ghosts.forget(slot: slot)
    }

    /// Removes HIR entries from S's bottom until an LIR page is there.
    private func prune() {
        while let bottom = stack.tail {
            if bottom >= frames {
                forgetGhost(slot: bottom - frames)
            } else if isLIR[bottom] {
                return
            } else {
                stack.remove(bottom)
            }
        }
    }

    /// Demotes LIR pages from S's bottom to Q's end until the LIR set fits.
    private func demoteExcess() {
        while lirCount > lirLimit {
            prune()
            let bottom = stack.tail!
            stack.remove(bottom)
            isLIR[bottom] = false
            lirCount -= 1
            queue.pushBack(bottom)
        }
        prune()
    }

    private func makeLIR(_ frame: Int) {
        isLIR[frame] = true
        lirCount += 1
        demoteExcess()
    }

    public func accessed(frame: Int, reference: PageReference) {
        if isLIR[frame] {
            stack.moveToFront(frame)
            prune()
        } else if stack.contains(frame) {
            stack.moveToFront(frame)
            queue.remove(frame)
            makeLIR(frame)
        } else {
            stack.pushFront(frame)
            queue.moveToBack(frame)
            prune()
        }
    }

    public func evict(for reference: PageReference) -> Int {
        if queue.isEmpty {
            // Only after pages left without eviction can the LIR set hold every frame; demote one.
            prune()
            let bottom = stack.tail!
            stack.remove(bottom)
            isLIR[bottom] = false
            lirCount -= 1
            prune()
            return bottom
        }
        let victim = queue.popFront()!
        if stack.contains(victim) {
            if ghosts.isFull { forgetGhost(slot: ghosts.oldest(.first)!) }
            let slot = ghosts.remember(frame: victim)
            // The non-resident entry keeps the victim's place in S.
            stack.insert(frames + slot, before: victim)
            stack.remove(victim)
        }
        return victim
    }

    public func inserted(frame: Int, reference: PageReference) {
        ghosts.record(frame: frame, reference: reference)
        isLIR[frame] = false
        let ghost = ghosts.slot(of: reference)
        if let ghost { forgetGhost(slot: ghost) }
        stack.pushFront(frame)
        if lirCount < lirLimit {
            isLIR[frame] = true
            lirCount += 1
        } else if ghost != nil {
            makeLIR(frame)
        } else {
            queue.pushBack(frame)
        }
        prune()
        while stack.count > 2 * frames, let oldest = ghosts.oldest(.first) { forgetGhost(slot: oldest) }
    }

    public func removed(frame: Int) {
        if isLIR[frame] {
            isLIR[frame] = false
            lirCount -= 1
            stack.remove(frame)
            prune()
        } else {
            queue.remove(frame)
            if stack.contains(frame) { stack.remove(frame) }
        }
    }

    /// Q from its front, then the LIR pages from S's bottom. O(stack), allocating.
    public func residentOrder() -> ResidentOrder? {
        let hir = queue.frames().map { ResidentOrder.Entry(frame: $0, note: stack.contains($0) ? "in S" : nil) }
        let lir = stack.frames(reversed: true).filter { $0 < frames && isLIR[$0] }.map {
            ResidentOrder.Entry(frame: $0)
        }
        return ResidentOrder(
            groups: [ResidentOrder.Group(name: "HIR", entries: hir), ResidentOrder.Group(name: "LIR", entries: lir)],
            meaning: "Q from its front, then LIR from the stack's bottom")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try stack.checkInvariants(
            name: "lirs S",
            isValid: { $0 < frames ? isResident($0) : ghosts.contains(slot: $0 - frames) })
        try queue.checkInvariants(name: "lirs Q", isValid: { isResident($0) && !isLIR[$0] })
        try ghosts.checkInvariants(name: "lirs non-resident entries")
        var ghostsInStack = 0
        var node = stack.head
        while let current = node {
            if current >= frames { ghostsInStack += 1 }
            node = stack.after(current)
        }
        guard lirCount + queue.count == residentCount, ghostsInStack == ghosts.count, lirCount <= max(lirLimit, 0),
            stack.count <= 2 * frames
        else {
            throw .contractViolation(
                "lirs: \(lirCount) LIR + \(queue.count) HIR pages, \(residentCount) resident, S holds \(stack.count)")
        }
        if let bottom = stack.tail, bottom >= frames || !isLIR[bottom] {
            throw .contractViolation("lirs: S's bottom \(bottom) is not an LIR page")
        }
    }
}

/// Registers `lirs`.
public enum LIRSPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "lirs", kind: .replacement,
                summary: "low inter-reference recency set: LIR pages stay, evict from a small FIFO of HIR pages",
                module: "LIRSPolicy",
                source: "Jiang & Zhang, ACM SIGMETRICS 2002")
        ) { context throws(VMError) in LIRS(frames: context.frames) }
    ]
}
