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
/// independent list model of the paper's pseudocode. Ghosts are keyed by (process, page) in a
/// ``PageGhostTable`` of capacity C + 1 (one more than |B1| + |B2| ≤ C, for the moment between an eviction and the
/// directory trim). When a fault is served from a free frame (after a killed process), the same trim keeps
/// |T1| + |B1| ≤ C and the directory within 2C.
///
/// Complexity: insert, access and remove O(1) (expected, for the ghost table); evict O(1) amortised (each pass
/// clears the bits it crosses), O(n) worst case.
public final class CAR: ReplacementPolicy {
    private let capacity: Int
    /// Clocks: head = the hand's next page, tail = most recently added.
    private var t1: FrameList
    private var t2: FrameList
    /// Ghost lists: head = most recent.
    private var b1: FrameList
    private var b2: FrameList
    private var ghosts: PageGhostTable
    private let referenced: UnsafeMutablePointer<Bool>
    private let pages: UnsafeMutablePointer<UInt64>
    private let processes: UnsafeMutablePointer<Int>
    /// Target size of T1.
    public private(set) var target = 0.0
    private var evictedForFault = false

    public init(frames: Int) {
        capacity = frames
        t1 = FrameList(capacity: frames)
        t2 = FrameList(capacity: frames)
        b1 = FrameList(capacity: frames + 1)
        b2 = FrameList(capacity: frames + 1)
        ghosts = PageGhostTable(capacity: frames + 1)
        let count = max(1, frames)
        referenced = .allocate(capacity: count)
        referenced.initialize(repeating: false, count: count)
        pages = .allocate(capacity: count)
        pages.initialize(repeating: 0, count: count)
        processes = .allocate(capacity: count)
        processes.initialize(repeating: 0, count: count)
    }

    deinit {
        referenced.deallocate()
        pages.deallocate()
        processes.deallocate()
    }

    /// Resident pages in T1 and T2, and ghosts in B1 and B2.
    public var sizes: (t1: Int, t2: Int, b1: Int, b2: Int) { (t1.count, t2.count, b1.count, b2.count) }

    private func remember(_ frame: Int, in ghostList: inout FrameList) {
        ghostList.pushFront(ghosts.insert(page: pages[frame], process: processes[frame]))
    }

    private func discardOldest(of ghostList: inout FrameList) {
        ghosts.remove(slot: ghostList.popBack()!)
    }

    /// Drops ghosts so that adding a page absent from B1 ∪ B2 keeps the directory's bounds.
    private func trimDirectory() {
        if t1.count + b1.count >= capacity, !b1.isEmpty {
            discardOldest(of: &b1)
        } else if t1.count + t2.count + b1.count + b2.count >= 2 * capacity, !b2.isEmpty {
            discardOldest(of: &b2)
        }
    }

    public func evict(for reference: PageReference) -> Int {
        let inGhosts = ghosts.slot(of: reference) != nil
        let victim: Int
        while true {
            if Double(t1.count) >= max(1, target) {
                let head = t1.head!
                t1.remove(head)
                if !referenced[head] {
                    remember(head, in: &b1)
                    victim = head
                    break
                }
                referenced[head] = false
                t2.pushBack(head)
            } else {
                let head = t2.head!
                if !referenced[head] {
                    t2.remove(head)
                    remember(head, in: &b2)
                    victim = head
                    break
                }
                referenced[head] = false
                t2.moveToBack(head)
            }
        }
        if !inGhosts { trimDirectory() }
        evictedForFault = true
        return victim
    }

    public func inserted(frame: Int, reference: PageReference) {
        let slot = ghosts.slot(of: reference)
        if !evictedForFault && slot == nil { trimDirectory() }
        evictedForFault = false
        pages[frame] = reference.page
        processes[frame] = reference.process
        referenced[frame] = false
        guard let slot else {
            t1.pushBack(frame)
            return
        }
        if b1.contains(slot) {
            target = min(target + max(1, Double(b2.count) / Double(b1.count)), Double(capacity))
            b1.remove(slot)
        } else {
            target = max(target - max(1, Double(b1.count) / Double(b2.count)), 0)
            b2.remove(slot)
        }
        ghosts.remove(slot: slot)
        t2.pushBack(frame)
    }

    public func accessed(frame: Int, reference: PageReference) { referenced[frame] = true }

    public func removed(frame: Int) {
        if t1.contains(frame) { t1.remove(frame) } else { t2.remove(frame) }
        referenced[frame] = false
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try t1.checkInvariants(name: "car T1", isValid: { isResident($0) && !t2.contains($0) })
        try t2.checkInvariants(name: "car T2", isValid: isResident)
        try b1.checkInvariants(name: "car B1", isValid: { ghosts.isOccupied($0) && !b2.contains($0) })
        try b2.checkInvariants(name: "car B2", isValid: { ghosts.isOccupied($0) })
        try ghosts.checkInvariants(name: "car ghosts")
        guard t1.count + t2.count == residentCount else {
            throw .contractViolation("car tracks \(t1.count + t2.count) frames, \(residentCount) are resident")
        }
        guard b1.count + b2.count == ghosts.count, t1.count + b1.count <= capacity,
            t1.count + t2.count + b1.count + b2.count <= 2 * capacity, target >= 0, target <= Double(capacity)
        else {
            throw .contractViolation(
                "car sizes out of bounds: T1 \(t1.count), T2 \(t2.count), B1 \(b1.count), B2 \(b2.count), p \(target)")
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
