public import VMCore

/// ARC, Adaptive Replacement Cache: two LRU lists of resident pages — T1 (seen once recently) and T2 (seen at least
/// twice) — and two ghost lists of pages recently evicted from each, B1 and B2 (page numbers only). A target `p`
/// for |T1| adapts on ghost hits: a hit in B1 grows it by δ = max(|B2|/|B1|, 1), a hit in B2 shrinks it by
/// δ = max(|B1|/|B2|, 1); `p` is real-valued and stays in [0, C]. A miss that hits a ghost enters T2; any other miss
/// enters T1. REPLACE evicts T1's LRU page (into B1) when |T1| > p, or |T1| = p and the miss hit B2, or T2 is empty;
/// otherwise T2's LRU page (into B2). On a miss in no list with |T1| + |B1| = C, B1's oldest ghost is dropped before
/// REPLACE (or, with B1 empty, T1's LRU page is evicted without a ghost); otherwise, with all four lists holding 2C
/// pages, B2's oldest ghost is dropped. Hits move a page to T2's MRU end.
///
/// N. Megiddo, D. S. Modha, "ARC: A Self-Tuning, Low Overhead Replacement Cache", USENIX FAST 2003. The rules
/// and defaults (p starts at 0, real-valued δ) are libCacheSim's `ARC`, whose fault counts the golden tests
/// reproduce. Ghosts are keyed by (process, page) in ``GhostLists`` of capacity C (|B1| + |B2| ≤ C whenever
/// T1 + T2 is full). When pages leave without an eviction (a killed process) and a later miss is inserted into free
/// frames, ghost hits still adapt `p`, and the oldest ghosts are dropped to keep |T1| + |B1| ≤ C and the directory
/// within 2C.
///
/// **Local replacement.** An instance may evict while it holds fewer than C pages (its process is at its budget),
/// or for another process's fault, with no insertion following. A ghost list then drops its oldest ghost (B2's
/// first) when the table is full, and `inserted` looks the ghosts up again unless `evict` ran for the same fault.
///
/// Complexity: insert, access, evict and remove O(1) (expected, for the ghost table).
///
/// Order (``residentOrder()``): T1 and T2 least recent first, the list REPLACE would take from for a page in no
/// ghost list first (a ghost hit may choose the other).
public final class ARC: ReplacementPolicy {
    private let capacity: Int
    @exclusivity(unchecked) private var t1: FrameList
    @exclusivity(unchecked) private var t2: FrameList
    /// B1 (``GhostLists/List/first``) and B2 (``GhostLists/List/second``), most recent first.
    @exclusivity(unchecked) private var ghosts: GhostLists
    /// 1 for T1, 2 for T2, 0 when not resident.
    private let list: UnsafeMutablePointer<UInt8>
    /// Target size of T1.
    @exclusivity(unchecked) public private(set) var target = 0.0
    /// Which ghost list the faulting page was found in (0 none, 1 B1, 2 B2), set by the first of `evict` or
    /// `inserted` to see the fault, and consumed by `inserted`; with the fault's time, page and process. Under local
    /// replacement `evict` may run for another process's fault, with no insertion following here: `inserted` trusts
    /// the lookup only for the same fault.
    @exclusivity(unchecked) private var pendingGhost = 0
    @exclusivity(unchecked) private var pendingValid = false
    @exclusivity(unchecked) private var pendingTime = -1
    @exclusivity(unchecked) private var pendingPage: UInt64 = 0
    @exclusivity(unchecked) private var pendingProcess = -1

    public init(frames: Int) {
        capacity = frames
        t1 = FrameList(capacity: frames)
        t2 = FrameList(capacity: frames)
        ghosts = GhostLists(frames: frames, capacity: frames, lists: 2)
        list = .allocate(capacity: max(1, frames))
        list.initialize(repeating: 0, count: max(1, frames))
    }

    deinit { list.deallocate() }

    private var b1Count: Int { ghosts.count(.first) }
    private var b2Count: Int { ghosts.count(.second) }

    /// Resident pages in T1 and T2, and ghosts in B1 and B2.
    public var sizes: (t1: Int, t2: Int, b1: Int, b2: Int) { (t1.count, t2.count, b1Count, b2Count) }

    /// Looks the faulting page up in the ghost lists, adapts the target and forgets the ghost.
    private func noteFault(_ reference: PageReference) {
        pendingValid = true
        pendingTime = reference.time
        pendingPage = reference.page
        pendingProcess = reference.process
        pendingGhost = 0
        guard let slot = ghosts.slot(of: reference) else { return }
        if ghosts.list(of: slot) == .first {
            pendingGhost = 1
            target = min(target + max(Double(b2Count) / Double(b1Count), 1), Double(capacity))
        } else {
            pendingGhost = 2
            target = max(target - max(Double(b1Count) / Double(b2Count), 1), 0)
        }
        ghosts.forget(slot: slot)
    }

    /// Whether `evict` looked up this very fault.
    private func isPending(_ reference: PageReference) -> Bool {
        pendingValid && pendingTime == reference.time && pendingPage == reference.page
            && pendingProcess == reference.process
    }

    /// Evicts a resident frame into a ghost list.
    private func demote(from resident: inout FrameList, to ghostList: GhostLists.List) -> Int {
        let victim = resident.popBack()!
        list[victim] = 0
        if ghosts.isFull {
            // Unreachable under global replacement (evictions happen only with RAM full, so |B1| + |B2| ≤ C); under
            // local replacement an instance may evict while it holds fewer than C pages.
            ghosts.dropOldest(ghosts.isEmpty(.second) ? .first : .second)
        }
        ghosts.remember(frame: victim, in: ghostList)
        return victim
    }

    private func replace(hitInB2: Bool) -> Int {
        let size1 = Double(t1.count)
        if (!t1.isEmpty && (size1 > target || (size1 == target && hitInB2))) || t2.isEmpty {
            return demote(from: &t1, to: .first)
        }
        return demote(from: &t2, to: .second)
    }

    public func evict(for reference: PageReference) -> Int {
        noteFault(reference)
        if pendingGhost != 0 { return replace(hitInB2: pendingGhost == 2) }
        if t1.count + b1Count + 1 > capacity {
            if ghosts.isEmpty(.first) {
                let victim = t1.popBack()!
                list[victim] = 0
                return victim
            }
            ghosts.dropOldest(.first)
        } else if t1.count + b1Count + t2.count + b2Count >= 2 * capacity, !ghosts.isEmpty(.second) {
            ghosts.dropOldest(.second)
        }
        return replace(hitInB2: false)
    }

    public func inserted(frame: Int, reference: PageReference) {
        if !isPending(reference) {
            // A fault served from a free frame: no eviction ran for it, so look at the ghosts now and keep the bounds.
            noteFault(reference)
            if t1.count + b1Count + 1 > capacity, !ghosts.isEmpty(.first) {
                ghosts.dropOldest(.first)
            } else if t1.count + b1Count + t2.count + b2Count + 1 > 2 * capacity, !ghosts.isEmpty(.second) {
                ghosts.dropOldest(.second)
            }
        }
        ghosts.record(frame: frame, reference: reference)
        if pendingGhost != 0 {
            list[frame] = 2
            t2.pushFront(frame)
        } else {
            list[frame] = 1
            t1.pushFront(frame)
        }
        pendingValid = false
        pendingGhost = 0
    }

    public func accessed(frame: Int, reference: PageReference) {
        if list[frame] == 1 {
            t1.remove(frame)
            list[frame] = 2
            t2.pushFront(frame)
        } else {
            t2.moveToFront(frame)
        }
    }

    public func removed(frame: Int) {
        if list[frame] == 1 { t1.remove(frame) } else { t2.remove(frame) }
        list[frame] = 0
    }

    /// T1 and T2 least recent first; first the list a miss on a page in no ghost list would take from (it follows
    /// ``evict(for:)`` without changing anything). O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        let recent = ResidentOrder.Group(name: "T1", entries: t1.frames(reversed: true).map { .init(frame: $0) })
        let frequent = ResidentOrder.Group(name: "T2", entries: t2.frames(reversed: true).map { .init(frame: $0) })
        let fromT1 =
            (t1.count + b1Count + 1 > capacity && ghosts.isEmpty(.first))
            || (!t1.isEmpty && Double(t1.count) > target) || t2.isEmpty
        return ResidentOrder(
            groups: fromT1 ? [recent, frequent] : [frequent, recent],
            meaning: "least recent first, the list a new page evicts from first")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try t1.checkInvariants(name: "arc T1", isValid: { isResident($0) && list[$0] == 1 })
        try t2.checkInvariants(name: "arc T2", isValid: { isResident($0) && list[$0] == 2 })
        try ghosts.checkInvariants(name: "arc ghosts")
        guard t1.count + t2.count == residentCount else {
            throw .contractViolation("arc tracks \(t1.count + t2.count) frames, \(residentCount) are resident")
        }
        guard t1.count + b1Count <= capacity, t1.count + t2.count + b1Count + b2Count <= 2 * capacity, target >= 0,
            target <= Double(capacity)
        else {
            throw .contractViolation(
                "arc sizes out of bounds: T1 \(t1.count), T2 \(t2.count), B1 \(b1Count), B2 \(b2Count), p \(target)")
        }
    }
}

/// Registers `arc`.
public enum ARCPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "arc", kind: .replacement,
                summary: "adaptive replacement cache: recency and frequency LRU lists balanced by ghost hits",
                module: "ARCPolicy",
                source: "Megiddo & Modha, USENIX FAST 2003")
        ) { context throws(VMError) in ARC(frames: context.frames) }
    ]
}
