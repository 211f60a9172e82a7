public import VMCore

/// CLOCK-Pro: hot and cold resident pages and non-resident cold pages in their *test period* share one clock,
/// swept by three hands. A cold page in its test period that is referenced again has a reuse distance shorter than
/// the hot pages' recency and becomes hot; a test period ends when HAND_hot or HAND_test passes the page.
///
/// Every page has a reference bit (set on hits, clear on load). "The list head" is the position just behind
/// HAND_hot; pages placed there are the last the hands reach. On a fault, the faulting page's non-resident entry
/// (if any) is looked up and taken off the clock first; then:
///
/// - **HAND_cold** reclaims a frame. At a resident cold page: bit clear → the victim; if it was in its test period
///   it stays on the clock, in the same place, as a non-resident cold page (a ghost), else it leaves the clock. Bit
///   set → the bit is cleared and the page moves to the list head; in its test period it turns hot (and `m_c`
///   grows by one, HAND_hot runs while hot pages exceed `m − m_c`); otherwise it starts a new test period. The hand
///   passes hot and non-resident pages.
/// - **HAND_hot** (run while the hot pages exceed `m − m_c`): at a hot page with its bit set, clears it and moves
///   on; with the bit clear, turns it cold (resident, not in test). Every cold page it passes ends its test period
///   (a non-resident one leaves the clock). After turning a page cold it moves on and stops at the next hot page,
///   or right there when no hot page is left.
/// - **HAND_test** (run before a new ghost would make the non-resident pages exceed `m`): ends the test period of
///   each cold page it passes and stops after removing one non-resident page. Non-resident pages are thus bounded
///   by the memory size and live in a ``PageGhostTable`` of capacity `m` (keyed by process and page).
/// - The faulting page: if it was a non-resident cold page (a reuse within its test period) it becomes **hot** at
///   the list head (`m_c` grows, HAND_hot runs as needed); otherwise it enters as a **cold** page in its test period
///   at the list head.
///
/// **Adaptation.** A cold page referenced in its test period grows `m_c` by one; a test period ending without a
/// reference (the bit is clear) shrinks it by one; `m_c` stays within `[1, m]`, so with memory full at least one
/// cold page is resident and HAND_cold always finds a victim. `m_c` starts at `m` (all memory may be cold), as the
/// reference implementations in Python (pyclockpro), Go (go-clockpro) and libCacheSim (`init-ratio-cold=1`) do; the
/// paper gives no initial value. At one frame `m_c = 1` leaves no room for hot pages: a page turning hot is turned
/// back cold at once, and CLOCK-Pro evicts like CLOCK. `m` is the frame count the policy is made for; under local
/// replacement a process may hold fewer frames, all hot, and HAND_hot then turns one cold before HAND_cold runs.
///
/// S. Jiang, F. Chen, X. Zhang, "CLOCK-Pro: An Effective Improvement of the CLOCK Replacement", USENIX ATC 2005.
/// libCacheSim 0.3.5's `ClockPro` is not a usable reference: on the Belady string at 6 frames (5 distinct pages) it
/// reports 7 misses, and a page repeated at 1 frame always misses (see the tests' comments).
///
/// Complexity: access and remove O(1); insert and evict O(1) amortised, O(m) worst case (hand sweeps; each hand
/// step clears a bit, ends a test period, removes a ghost or changes a page's status). No allocation after `init`.
///
/// Order (``residentOrder()``): the resident cold pages in the order HAND_cold reaches them (`r=1`, `test` for a
/// page in its test period), then the hot pages in the order HAND_hot reaches them.
public final class ClockPro: ReplacementPolicy {
    private let capacity: Int
    /// The clock: node `f` is resident frame `f`, node `capacity + s` is ghost slot `s`. Hands move toward the tail.
    @exclusivity(unchecked) private var clock: FrameList
    @exclusivity(unchecked) private var ghosts: PageGhostTable
    private let hot: UnsafeMutablePointer<Bool>
    private let test: UnsafeMutablePointer<Bool>
    private let referenced: UnsafeMutablePointer<Bool>
    private let pages: UnsafeMutablePointer<UInt64>
    private let processes: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private var handHot = -1
    @exclusivity(unchecked) private var handCold = -1
    @exclusivity(unchecked) private var handTest = -1
    /// Resident hot pages.
    @exclusivity(unchecked) public private(set) var hotCount = 0
    /// Resident cold pages.
    @exclusivity(unchecked) public private(set) var coldCount = 0
    /// `m_c`, the target number of resident cold pages.
    @exclusivity(unchecked) public private(set) var coldTarget: Int
    /// The fault `evict` saw (time, page, process), so that `inserted` does not look the page up twice. Under local
    /// replacement the machine may evict from this instance for another process's fault and insert elsewhere, so
    /// `inserted` checks that the pending fault is its own.
    @exclusivity(unchecked) private var pendingValid = false
    @exclusivity(unchecked) private var pendingHot = false
    @exclusivity(unchecked) private var pendingTime = -1
    @exclusivity(unchecked) private var pendingPage: UInt64 = 0
    @exclusivity(unchecked) private var pendingProcess = -1

    public init(frames: Int) {
        capacity = frames
        coldTarget = max(1, frames)
        clock = FrameList(capacity: 2 * frames)
        ghosts = PageGhostTable(capacity: frames)
        let size = max(1, frames)
        hot = .allocate(capacity: size)
        hot.initialize(repeating: false, count: size)
        test = .allocate(capacity: size)
        test.initialize(repeating: false, count: size)
        referenced = .allocate(capacity: size)
        referenced.initialize(repeating: false, count: size)
        pages = .allocate(capacity: size)
        pages.initialize(repeating: 0, count: size)
        processes = .allocate(capacity: size)
        processes.initialize(repeating: 0, count: size)
    }

    deinit {
        hot.deallocate()
        test.deallocate()
        referenced.deallocate()
        pages.deallocate()
        processes.deallocate()
    }

    /// Non-resident cold pages in their test period.
    public var ghostCount: Int { ghosts.count }

    /// Whether the resident page in `frame` is hot, in its test period, and referenced (for tests and diagrams).
    public func status(of frame: Int) -> (hot: Bool, test: Bool, referenced: Bool) {
        (hot[frame], test[frame], referenced[frame])
    }

    /// The clock from HAND_hot onwards (the list head is last): resident frames as `.resident(frame)`, ghosts as
    /// `.ghost(page)`.
    public func clockOrder() -> [ClockProNode] {
        guard handHot >= 0 else { return [] }
        var result: [ClockProNode] = []
        var node = handHot
        repeat {
            result.append(node < capacity ? .resident(node) : .ghost(ghosts.page(at: node - capacity)))
            node = successor(of: node)
        } while node != handHot
        return result
    }

    @inline(__always) private func successor(of node: Int) -> Int { clock.after(node) ?? clock.head! }

    @inline(__always) private func isGhost(_ node: Int) -> Bool { node >= capacity }

    /// Takes `node` off the clock; hands on it move to its successor.
    private func unlink(_ node: Int) {
        if clock.count == 1 {
            handHot = -1
            handCold = -1
            handTest = -1
        } else {
            let next = successor(of: node)
            if handHot == node { handHot = next }
            if handCold == node { handCold = next }
            if handTest == node { handTest = next }
        }
        clock.remove(node)
    }

    /// Puts `node` (off the clock) at the list head, just behind HAND_hot.
    private func placeAtHead(_ node: Int) {
        if handHot < 0 {
            clock.pushBack(node)
            handHot = node
            handCold = node
            handTest = node
        } else {
            clock.insert(node, before: handHot)
        }
    }

    private func growColdTarget() { coldTarget = min(max(1, capacity), coldTarget + 1) }

    private func shrinkColdTarget() { coldTarget = max(1, coldTarget - 1) }

    private func removeGhost(_ node: Int) {
        unlink(node)
        ghosts.remove(slot: node - capacity)
    }

    /// Ends the test period of resident cold page `node`; without a reference during it, `m_c` shrinks.
    private func endTest(_ node: Int) {
        guard test[node] else { return }
        test[node] = false
        if !referenced[node] { shrinkColdTarget() }
    }

    private func balanceHot() {
        while hotCount > 0 && hotCount > capacity - coldTarget { runHandHot() }
    }

    /// Turns one hot page cold, then stops at the next hot page.
    private func runHandHot() {
        var demoted = false
        var passed = 0
        while true {
            let node = handHot
            if isGhost(node) {
                removeGhost(node)
                shrinkColdTarget()
            } else if hot[node] {
                if demoted { return }
                if referenced[node] {
                    referenced[node] = false
                } else {
                    hot[node] = false
                    hotCount -= 1
                    coldCount += 1
                    demoted = true
                }
                handHot = successor(of: node)
            } else {
                endTest(node)
                handHot = successor(of: node)
            }
            if demoted {
                if hotCount == 0 { return }
                passed += 1
                if passed > clock.count { return }
            }
        }
    }

    /// Ends test periods until one non-resident page leaves the clock.
    private func runHandTest() {
        while true {
            let node = handTest
            if isGhost(node) {
                removeGhost(node)
                shrinkColdTarget()
                return
            }
            if !hot[node] { endTest(node) }
            handTest = successor(of: node)
        }
    }

    private func runHandCold() -> Int {
        while true {
            // Under local replacement a process may hold fewer frames than m, all hot: make one cold first.
            if coldCount == 0 { runHandHot() }
            let node = handCold
            if isGhost(node) || hot[node] {
                handCold = successor(of: node)
                continue
            }
            if referenced[node] {
                referenced[node] = false
                unlink(node)
                placeAtHead(node)
                if test[node] {
                    test[node] = false
                    hot[node] = true
                    coldCount -= 1
                    hotCount += 1
                    growColdTarget()
                    balanceHot()
                } else {
                    test[node] = true
                }
                continue
            }
            if test[node] && ghosts.isFull { runHandTest() }
            coldCount -= 1
            if test[node] {
                let ghost = capacity + ghosts.insert(page: pages[node], process: processes[node])
                clock.insert(ghost, before: node)
                if handHot == node { handHot = ghost }
                if handTest == node { handTest = ghost }
                handCold = successor(of: node)
                clock.remove(node)
            } else {
                unlink(node)
            }
            test[node] = false
            return node
        }
    }

    /// Takes the faulting page's ghost off the clock: a reuse within its test period.
    private func noteFault(_ reference: PageReference) {
        pendingValid = true
        pendingHot = false
        pendingTime = reference.time
        pendingPage = reference.page
        pendingProcess = reference.process
        guard let slot = ghosts.slot(of: reference) else { return }
        removeGhost(capacity + slot)
        growColdTarget()
        pendingHot = true
    }

    public func evict(for reference: PageReference) -> Int {
        noteFault(reference)
        return runHandCold()
    }

    public func inserted(frame: Int, reference: PageReference) {
        if !pendingValid || pendingTime != reference.time || pendingPage != reference.page
            || pendingProcess != reference.process
        {
            noteFault(reference)
        }
        pendingValid = false
        pages[frame] = reference.page
        processes[frame] = reference.process
        referenced[frame] = false
        placeAtHead(frame)
        if pendingHot {
            hot[frame] = true
            test[frame] = false
            hotCount += 1
            balanceHot()
        } else {
            hot[frame] = false
            test[frame] = true
            coldCount += 1
        }
        pendingHot = false
    }

    public func accessed(frame: Int, reference: PageReference) { referenced[frame] = true }

    public func removed(frame: Int) {
        unlink(frame)
        if hot[frame] { hotCount -= 1 } else { coldCount -= 1 }
        hot[frame] = false
        test[frame] = false
        referenced[frame] = false
    }

    /// Cold pages from HAND_cold, then hot pages from HAND_hot; the hand is HAND_cold when it is on a resident cold
    /// page. O(clock), allocating.
    public func residentOrder() -> ResidentOrder? {
        guard handHot >= 0 else { return ResidentOrder([], meaning: "cold from HAND_cold, then hot from HAND_hot") }
        func resident(from hand: Int, hot wanted: Bool) -> [ResidentOrder.Entry] {
            clock.circle(from: hand).filter { $0 < capacity && hot[$0] == wanted }.map {
                ResidentOrder.Entry(
                    frame: $0, note: ResidentOrder.note(referenced[$0] ? "r=1" : nil, test[$0] ? "test" : nil))
            }
        }
        return ResidentOrder(
            groups: [
                ResidentOrder.Group(name: "cold", entries: resident(from: handCold, hot: false)),
                ResidentOrder.Group(name: "hot", entries: resident(from: handHot, hot: true)),
            ], meaning: "cold from HAND_cold, then hot from HAND_hot",
            hand: handCold < capacity && !hot[handCold] ? handCold : nil)
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try clock.checkInvariants(
            name: "clock-pro clock",
            isValid: { $0 < capacity ? isResident($0) : ghosts.isOccupied($0 - capacity) })
        try ghosts.checkInvariants(name: "clock-pro ghosts")
        guard hotCount + coldCount == residentCount, clock.count == residentCount + ghosts.count else {
            throw .contractViolation(
                "clock-pro tracks \(hotCount) hot, \(coldCount) cold, \(ghosts.count) ghosts; \(residentCount) resident"
            )
        }
        var hotSeen = 0
        var current = clock.head
        while let node = current {
            if node < capacity && hot[node] {
                hotSeen += 1
                guard !test[node] else { throw .contractViolation("clock-pro hot frame \(node) is in a test period") }
            }
            current = clock.after(node)
        }
        let handsValid = [handHot, handCold, handTest].allSatisfy { clock.isEmpty ? $0 == -1 : clock.contains($0) }
        guard hotSeen == hotCount, handsValid, coldTarget >= 1, coldTarget <= max(1, capacity),
            hotCount <= max(0, capacity - coldTarget)
        else {
            throw .contractViolation(
                "clock-pro state out of bounds: \(hotSeen) hot seen, \(hotCount) counted, m_c \(coldTarget)")
        }
    }
}

/// A position on CLOCK-Pro's clock.
public enum ClockProNode: Equatable, Sendable {
    case resident(Int)
    case ghost(UInt64)
}

/// Registers `clock-pro`.
public enum ClockProPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "clock-pro", kind: .replacement,
                summary: "CLOCK-Pro: hot/cold pages and non-resident test pages on one clock with three hands",
                module: "ClockProPolicy",
                source: "Jiang, Chen & Zhang, USENIX ATC 2005")
        ) { context throws(VMError) in ClockPro(frames: context.frames) }
    ]
}
