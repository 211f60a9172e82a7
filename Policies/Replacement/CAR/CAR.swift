public import VMCore

/// CAR, CLOCK with Adaptive Replacement: ARC's structure with CLOCKs in place of its LRU lists. Two clocks of
/// resident pages, T1 (recency) and T2 (frequency), each page with a reference bit set on hits (hits move
/// nothing), and two LRU ghost lists B1 and B2 of recently evicted page numbers. A miss found in no ghost list
/// enters T1's tail; one found in B1 raises the target `p` for |T1| by max(1, |B2|/|B1|), one found in B2 lowers
/// it by max(1, |B1|/|B2|), and both enter T2's tail; new pages start with a clear bit.
///
/// To free a frame: while |T1| ≥ max(1, p), T1's head is examined — clear bit: evicted into B1's MRU end; set bit:
/// cleared and moved to T2's tail; otherwise T2's head — clear bit: evicted into B2; set bit: cleared and moved to
/// T2's tail. Then, for a page in no ghost list, B1's LRU entry is discarded if |T1| + |B1| = C, else B2's if the
/// directory holds 2C pages.
///
/// S. Bansal, D. S. Modha, "CAR: Clock with Adaptive Replacement", USENIX FAST 2004 (Fig. 2), with a real-valued
/// `p` starting at 0. libCacheSim's Python binding does not expose `CAR`, so the golden tests cross-check an
/// independent list model of the paper's pseudocode. Ghosts are keyed by (process, page) in
/// ``GhostLists`` of capacity C + 1 (one more than |B1| + |B2| ≤ C, for the moment between an eviction and the
/// directory trim). When a fault is served from a free frame (after a killed process), the same trim keeps
/// |T1| + |B1| ≤ C and the directory within 2C.
///
/// **Local replacement.** An instance may evict while it holds fewer than C pages (its process is at its budget),
/// or for another process's fault, with no insertion following. When T2 is empty the hand then works on T1 whatever
/// `p` says; a full ghost table first drops its oldest ghost (B2's first); and `inserted` trims the directory unless
/// `evict` already did for the same fault (same time, page and process).
///
/// Complexity: insert, access and remove O(1) (expected, for the ghost table); evict O(1) amortised (each pass
/// clears the bits it crosses), O(n) worst case.
///
/// Order (``residentOrder()``): each clock from its hand (`r=1` on referenced pages), the clock swept first first;
/// the hand is that clock's.
public final class CAR: ReplacementPolicy {
    private let capacity: Int
    /// Clocks: head = the hand's next page, tail = most recently added.
    @exclusivity(unchecked) private var t1: FrameList
    @exclusivity(unchecked) private var t2: FrameList
    /// B1 (``GhostLists/List/first``) and B2 (``GhostLists/List/second``), most recent first.
    @exclusivity(unchecked) private var ghosts: GhostLists
    private let referenced: UnsafeMutablePointer<Bool>
    /// Target size of T1.
    @exclusivity(unchecked) public private(set) var target = 0.0
    /// The fault `evict` last ran for (time, page, process) and whether it trimmed the directory for it.
    @exclusivity(unchecked) private var pendingValid = false
    @exclusivity(unchecked) private var pendingTrimmed = false
    @exclusivity(unchecked) private var pendingTime = -1
    @exclusivity(unchecked) private var pendingPage: UInt64 = 0
    @exclusivity(unchecked) private var pendingProcess = -1

    public init(frames: Int) {
        capacity = frames
        t1 = FrameList(capacity: frames)
        t2 = FrameList(capacity: frames)
        ghosts = GhostLists(frames: frames, capacity: frames + 1, lists: 2)
        referenced = .allocate(capacity: max(1, frames))
        referenced.initialize(repeating: false, count: max(1, frames))
    }

    deinit { referenced.deallocate() }

    private var b1Count: Int { ghosts.count(.first) }
    private var b2Count: Int { ghosts.count(.second) }

    /// Resident pages in T1 and T2, and ghosts in B1 and B2.
    public var sizes: (t1: Int, t2: Int, b1: Int, b2: Int) { (t1.count, t2.count, b1Count, b2Count) }

    /// Drops ghosts so that adding a page absent from B1 ∪ B2 keeps the directory's bounds.
    private func trimDirectory() {
        if t1.count + b1Count >= capacity, !ghosts.isEmpty(.first) {
            ghosts.dropOldest(.first)
        } else if t1.count + t2.count + b1Count + b2Count >= 2 * capacity, !ghosts.isEmpty(.second) {
            ghosts.dropOldest(.second)
        }
    }

    /// Makes the page of `frame` the newest ghost of `list`, first dropping the oldest ghost (B2's, else B1's)
    /// when the table is full: unreachable under global replacement, where |B1| + |B2| ≤ C before an eviction.
    private func remember(_ frame: Int, in list: GhostLists.List) {
        if ghosts.isFull { ghosts.dropOldest(ghosts.isEmpty(.second) ? .first : .second) }
        ghosts.remember(frame: frame, in: list)
    }

    /// Whether `evict` ran for this very fault.
    private func isPending(_ reference: PageReference) -> Bool {
        pendingValid && pendingTime == reference.time && pendingPage == reference.page
            && pendingProcess == reference.process
    }

    public func evict(for reference: PageReference) -> Int {
        let inGhosts = ghosts.contains(reference)
        let victim: Int
        while true {
            // T2 is empty only when the instance holds fewer than C pages (local replacement).
            if Double(t1.count) >= max(1, target) || t2.isEmpty {
                let head = t1.head!
                t1.remove(head)
                if !referenced[head] {
                    remember(head, in: .first)
                    victim = head
                    break
                }
                referenced[head] = false
                t2.pushBack(head)
            } else {
                let head = t2.head!
                if !referenced[head] {
                    t2.remove(head)
                    remember(head, in: .second)
                    victim = head
                    break
                }
                referenced[head] = false
                t2.moveToBack(head)
            }
        }
        if !inGhosts { trimDirectory() }
        pendingValid = true
        pendingTrimmed = !inGhosts
        pendingTime = reference.time
        pendingPage = reference.page
        pendingProcess = reference.process
        return victim
    }

    public func inserted(frame: Int, reference: PageReference) {
        let slot = ghosts.slot(of: reference)
        // A page absent from the ghosts needs room in the directory, unless `evict` made it for this fault.
        if slot == nil && !(isPending(reference) && pendingTrimmed) { trimDirectory() }
        pendingValid = false
        ghosts.record(frame: frame, reference: reference)
        referenced[frame] = false
        guard let slot else {
            t1.pushBack(frame)
            return
        }
        if ghosts.list(of: slot) == .first {
            target = min(target + max(1, Double(b2Count) / Double(b1Count)), Double(capacity))
        } else {
            target = max(target - max(1, Double(b1Count) / Double(b2Count)), 0)
        }
        ghosts.forget(slot: slot)
        t2.pushBack(frame)
    }

    public func accessed(frame: Int, reference: PageReference) { referenced[frame] = true }

    public func removed(frame: Int) {
        if t1.contains(frame) { t1.remove(frame) } else { t2.remove(frame) }
        referenced[frame] = false
    }

    /// T1 and T2 from their hands, `r=1` on referenced pages, the clock the next sweep starts on first. O(n),
    /// allocating.
    public func residentOrder() -> ResidentOrder? {
        func group(_ name: String, _ frames: [Int]) -> ResidentOrder.Group {
            ResidentOrder.Group(
                name: name, entries: frames.map { ResidentOrder.Entry(frame: $0, note: referenced[$0] ? "r=1" : nil) })
        }
        let fromT1 = Double(t1.count) >= max(1, target) || t2.isEmpty
        let groups =
            fromT1
            ? [group("T1", t1.frames()), group("T2", t2.frames())]
            : [group("T2", t2.frames()), group("T1", t1.frames())]
        return ResidentOrder(
            groups: groups, meaning: "from each clock's hand, the clock swept first first",
            hand: groups[0].entries.first?.frame)
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try t1.checkInvariants(name: "car T1", isValid: { isResident($0) && !t2.contains($0) })
        try t2.checkInvariants(name: "car T2", isValid: isResident)
        try ghosts.checkInvariants(name: "car ghosts")
        guard t1.count + t2.count == residentCount else {
            throw .contractViolation("car tracks \(t1.count + t2.count) frames, \(residentCount) are resident")
        }
        guard t1.count + b1Count <= capacity, t1.count + t2.count + b1Count + b2Count <= 2 * capacity, target >= 0,
            target <= Double(capacity)
        else {
            throw .contractViolation(
                "car sizes out of bounds: T1 \(t1.count), T2 \(t2.count), B1 \(b1Count), B2 \(b2Count), p \(target)")
        }
    }
}

/// Registers `car`.
public enum CARPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "car", kind: .replacement,
                summary: "clock with adaptive replacement: ARC's ghost-driven balance over two CLOCKs",
                module: "CARPolicy",
                source: "Bansal & Modha, USENIX FAST 2004")
        ) { context throws(VMError) in CAR(frames: context.frames) }
    ]
}
