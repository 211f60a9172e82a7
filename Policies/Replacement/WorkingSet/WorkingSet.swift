public import VMCore

/// WS, Tanenbaum's working-set page replacement algorithm: Denning's working set — the pages used in the last `tau`
/// units of virtual time — approximated with sampled reference bits. Virtual time is the run's access count (shared
/// by all processes, as ``PageReference/time``).
///
/// Each resident page has a reference bit R and a *time of last use*:
///
/// - R is set when the page is loaded (the faulting reference) and on every hit. A clock tick every `interval`
///   accesses (at times `interval`, `2·interval`, …) clears every R bit, after **sampling** it: a page whose R was
///   set in the period that the tick closes gets the tick's time as its time of last use. Ticks are applied lazily
///   (each page remembers the period of its last reference), so a tick costs nothing.
/// - On a fault with memory full, the whole table is scanned in load order (oldest loaded first; the book scans the
///   page table): R = 1 → the time of last use becomes the current virtual time (the page is in the working set);
///   R = 0 and age = now − last use > `tau` → the page is outside the working set, and the **first** such page in
///   scan order is the victim (the scan still finishes, updating the remaining pages, as the book says). If none is
///   older than `tau`, the page with R = 0 and the greatest age is evicted (ties: first in scan order); if every
///   page has R = 1, the first *clean* page in scan order is evicted ("preferably a clean page"; the book picks one
///   at random), or the first page when all are dirty.
///
/// Unlike LRU, recency is known only to the resolution of a tick: two pages referenced in the same period are
/// equally recent, and within a period (every page with R = 1) the choice falls back to load order. Among pages
/// outside the window the first in load order goes, not the least recently used. Only with `interval = 1` (exact
/// ages) and no page older than `tau` does it evict as LRU does; with `interval` longer than the run and `tau`
/// longer than the run it evicts as FIFO does (over clean pages first).
///
/// **The working set only chooses the victim.** The machine calls ``evict(for:)`` only when memory is full, so the
/// working-set *size* limits nothing here: no page is freed early because it left the window, and the resident set
/// is always the whole memory (a frame allocator with per-process budgets would be the place for that).
///
/// Behaviour at tiny sizes: with one frame the only resident page is always the victim.
///
/// P. J. Denning, "The working set model for program behavior", CACM 11(5), 1968; A. S. Tanenbaum & H. Bos,
/// *Modern Operating Systems*, 4th ed., §3.4.8 (2015).
///
/// **How the scan's decisions are found without scanning.** Write LRP for the tick period of a page's last
/// reference (loading counts) and P for the current one. A page with R = 0 (LRP < P) has been sampled by the tick
/// that closed its period, so its time of last use is exactly `(LRP + 1) · interval` (the scan's stamp of an R = 1
/// page is always overtaken by that tick, so it never reaches a decision). Hence the three rules become:
///
/// 1. outside the window ⇔ `(LRP + 1) · interval < now − tau` ⇔ LRP ≤ `boundary` = `(now − tau − 1) / interval − 1`
///    (none when `now − tau ≤ 0`); `boundary` < P only grows. Those pages sit in a heap by load sequence (a
///    counter bumped on every load): its top is the first such page in load order.
/// 2. every other page sits in a heap by (LRP, load sequence): its top, when its LRP < P, is the R = 0 page with
///    the greatest age, ties first in load order. A fault first moves the tops whose LRP ≤ `boundary` to heap 1.
/// 3. with no R = 0 page at all, the first clean page in load order is the head of a list of never-written pages
///    kept in load order, or else the head of the load-order table.
///
/// The scan's effect on the explanations (``residentOrder()``, ``state(of:at:)``) is applied lazily too: each page
/// remembers how many faults' scans its stored R bit and time of last use already reflect, and the policy the
/// latest fault's time; a page that missed the latest scan shows what that scan would have written (sampled, or
/// `last` = the scan's time; only the latest scan matters). ``state(of:at:)`` samples the page at `time` and stores
/// it, as the scan did: ask at a time no earlier than the latest reference and no later than the next one (a
/// reference before a time already asked about would meet an R bit cleared early; the decisions, kept apart from
/// the explanations, would not see it).
///
/// Complexity: insert and remove O(log n); access O(1) when the page was already referenced in the current tick
/// period, O(log n) for its first reference in a period (it moves within or between the heaps); evict O(log n)
/// amortised (each move from heap 2 to heap 1 is paid for by the reference that put the page in heap 2), rule 3
/// O(1). Everything is allocated in `init` from `frames`; nothing allocates afterwards.
///
/// Order (``residentOrder()``): load order, the order of the scan, each page noted with R, M and its time of last
/// use (`r=1 m=1 last=12`, 1-based) as of the policy's latest reference; the victim depends on the time of the
/// fault.
public final class WorkingSet: ReplacementPolicy {
    /// Resident frames in load order: the scan order.
    @exclusivity(unchecked) private var table: FrameList
    /// Resident frames never written since loaded, in load order (rule 3).
    @exclusivity(unchecked) private var cleanPages: FrameList
    /// Pages outside the window (LRP ≤ `boundary`), by load sequence (rule 1).
    @exclusivity(unchecked) private var outside: FrameHeap
    /// The other resident pages, by LRP then load sequence (rule 2).
    @exclusivity(unchecked) private var inside: FrameHeap
    /// LRP: tick period of the page's last reference, the decisions' copy of R (R = 1 ⇔ LRP = current period).
    private let lastPeriod: UnsafeMutablePointer<Int>
    /// Load sequence: the value of `loads` when the page was loaded; ascending along `table`.
    private let loadSequence: UnsafeMutablePointer<Int>
    /// Explanations only: the textbook's R bit, as the tick period in which it was set or -1 when sampled and
    /// cleared, and time of last use, as last stored (see ``settled(_:period:)`` for the scans not yet applied).
    private let referencedPeriod: UnsafeMutablePointer<Int>
    private let lastUse: UnsafeMutablePointer<Int>
    /// Explanations only: the number of faults (`scans`) whose scan `referencedPeriod` and `lastUse` reflect.
    private let scansSeen: UnsafeMutablePointer<Int>
    private let modified: UnsafeMutablePointer<Bool>
    /// Window in accesses.
    public let tau: Int
    /// Accesses between clock ticks that clear the R bits.
    public let interval: Int
    /// Time of the latest reference the policy saw: explanations only (``residentOrder()``), never a decision.
    @exclusivity(unchecked) private var latest = 0
    /// Pages loaded so far (the next load sequence).
    @exclusivity(unchecked) private var loads = 0
    /// Faults so far, and the time of the latest: the scans the textbook would have run.
    @exclusivity(unchecked) private var scans = 0
    @exclusivity(unchecked) private var lastScanTime = 0
    /// The last period outside the window at the latest fault (-1: none).
    @exclusivity(unchecked) private var boundary = -1

    public init(frames: Int, tau: Int, interval: Int) {
        precondition(tau >= 0 && interval >= 1)
        self.tau = tau
        self.interval = interval
        table = FrameList(capacity: frames)
        cleanPages = FrameList(capacity: frames)
        outside = FrameHeap(capacity: frames)
        inside = FrameHeap(capacity: frames)
        let size = max(1, frames)
        lastPeriod = .allocate(capacity: size)
        lastPeriod.initialize(repeating: -1, count: size)
        loadSequence = .allocate(capacity: size)
        loadSequence.initialize(repeating: 0, count: size)
        referencedPeriod = .allocate(capacity: size)
        referencedPeriod.initialize(repeating: -1, count: size)
        lastUse = .allocate(capacity: size)
        lastUse.initialize(repeating: 0, count: size)
        scansSeen = .allocate(capacity: size)
        scansSeen.initialize(repeating: 0, count: size)
        modified = .allocate(capacity: size)
        modified.initialize(repeating: false, count: size)
    }

    deinit {
        lastPeriod.deallocate()
        loadSequence.deallocate()
        referencedPeriod.deallocate()
        lastUse.deallocate()
        scansSeen.deallocate()
        modified.deallocate()
    }

    /// Applies the ticks before `period` to an R bit set in `referencedIn` (-1: clear): a bit set in an earlier
    /// period was sampled by the tick that closed it (at `(referencedIn + 1) · interval`), which recorded that time
    /// as the last use and cleared it.
    @inline(__always) private func sample(_ referencedIn: Int, _ last: Int, period: Int) -> (Int, Int) {
        referencedIn >= 0 && referencedIn < period
            ? (-1, max(last, (referencedIn + 1) * interval)) : (referencedIn, last)
    }

    /// The textbook's R bit (`referencedIn`, -1 when clear) and time of last use of `frame` at `period`: the stored
    /// values, then the latest fault's scan if the page has not seen it (only the latest matters: an earlier one
    /// wrote an earlier time, or sampled a bit that the latest would sample too), then the ticks up to `period`.
    @inline(__always) private func settled(_ frame: Int, period: Int) -> (referencedIn: Int, lastUse: Int) {
        var (referencedIn, last) = (referencedPeriod[frame], lastUse[frame])
        if scansSeen[frame] != scans {
            (referencedIn, last) = sample(referencedIn, last, period: lastScanTime / interval)
            if referencedIn >= 0 { last = lastScanTime }
        }
        return sample(referencedIn, last, period: period)
    }

    /// Stores ``settled(_:period:)``.
    @inline(__always) private func settle(_ frame: Int, period: Int) {
        (referencedPeriod[frame], lastUse[frame]) = settled(frame, period: period)
        scansSeen[frame] = scans
    }

    /// The R bit and time of last use of `frame` at virtual time `time`, no earlier than the latest reference the
    /// policy saw (for tests and diagrams).
    public func state(of frame: Int, at time: Int) -> (referenced: Bool, lastUse: Int) {
        settle(frame, period: time / interval)
        return (referencedPeriod[frame] >= 0, lastUse[frame])
    }

    public func inserted(frame: Int, reference: PageReference) {
        latest = reference.time
        let period = reference.time / interval
        referencedPeriod[frame] = period
        lastUse[frame] = reference.time
        scansSeen[frame] = scans
        let written = reference.kind == .write
        modified[frame] = written
        lastPeriod[frame] = period
        loadSequence[frame] = loads
        loads &+= 1
        table.pushBack(frame)
        if !written { cleanPages.pushBack(frame) }
        inside.insert(frame, priority: period, tieBreak: loadSequence[frame])
    }

    public func accessed(frame: Int, reference: PageReference) {
        latest = reference.time
        let period = reference.time / interval
        settle(frame, period: period)
        referencedPeriod[frame] = period
        if lastPeriod[frame] != period {
            lastPeriod[frame] = period
            if outside.contains(frame) {
                outside.remove(frame)
                inside.insert(frame, priority: period, tieBreak: loadSequence[frame])
            } else {
                inside.update(frame, priority: period)
            }
        }
        if reference.kind == .write && !modified[frame] {
            modified[frame] = true
            cleanPages.remove(frame)
        }
    }

    public func evict(for reference: PageReference) -> Int {
        let now = reference.time
        latest = now
        scans &+= 1
        lastScanTime = now
        let period = now / interval
        let windowStart = now - tau
        boundary = windowStart > 0 ? (windowStart - 1) / interval - 1 : -1
        while let first = inside.min, inside.priority(of: first) <= boundary {
            inside.remove(first)
            outside.insert(first, priority: loadSequence[first])
        }
        let victim: Int
        if let first = outside.min {
            victim = first
        } else if let first = inside.min, inside.priority(of: first) < period {
            victim = first
        } else {
            victim = cleanPages.head ?? table.head!
        }
        removed(frame: victim)
        return victim
    }

    public func removed(frame: Int) {
        table.remove(frame)
        if outside.contains(frame) { outside.remove(frame) } else { inside.remove(frame) }
        if cleanPages.contains(frame) { cleanPages.remove(frame) }
        lastPeriod[frame] = -1
        referencedPeriod[frame] = -1
        modified[frame] = false
    }

    /// The table in load order (the scan order), with R, M and the time of last use as of the latest reference
    /// the policy saw, ticks since then applied without storing them. O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        let period = latest / interval
        return ResidentOrder(
            table.frames().map { frame in
                let (referencedIn, last) = settled(frame, period: period)
                return ResidentOrder.Entry(
                    frame: frame,
                    note: ResidentOrder.note(
                        referencedIn >= 0 ? "r=1" : nil, modified[frame] ? "m=1" : nil,
                        "last=" + ResidentOrder.timeText(last)))
            }, meaning: "load order (the scan order)")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try table.checkInvariants(name: "working-set table", isValid: isResident)
        guard table.count == residentCount else {
            throw .contractViolation("working-set tracks \(table.count) frames, \(residentCount) are resident")
        }
        try cleanPages.checkInvariants(name: "working-set clean pages") { isResident($0) && !modified[$0] }
        try outside.checkInvariants(name: "working-set outside heap", isValid: isResident)
        try inside.checkInvariants(
            name: "working-set inside heap", expectedCount: residentCount - outside.count, isValid: isResident)
        var previousLoad = -1
        var clean = 0
        var current = table.head
        while let frame = current {
            guard lastUse[frame] >= 0, referencedPeriod[frame] >= -1 else {
                throw .contractViolation("working-set frame \(frame) has a negative time of last use")
            }
            guard loadSequence[frame] > previousLoad else {
                throw .contractViolation("working-set frame \(frame) is out of load order")
            }
            previousLoad = loadSequence[frame]
            let placed =
                outside.contains(frame)
                ? outside.priority(of: frame) == loadSequence[frame] && lastPeriod[frame] <= boundary
                : inside.contains(frame) && inside.priority(of: frame) == lastPeriod[frame]
                    && inside.tieBreak(of: frame) == loadSequence[frame] && lastPeriod[frame] > boundary
            guard placed else {
                throw .contractViolation("working-set frame \(frame) is misplaced between the heaps")
            }
            if !modified[frame] { clean += 1 }
            current = table.after(frame)
        }
        guard clean == cleanPages.count else {
            throw .contractViolation("working-set lists \(cleanPages.count) clean pages, \(clean) are clean")
        }
    }
}

/// Registers `working-set`.
public enum WorkingSetPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "working-set", kind: .replacement,
                summary: "WS: sampled R bits and last-use times; evict a page older than tau, else the oldest R=0 page",
                parameters: [
                    PolicyParameter(
                        name: "tau", type: .integer, defaultValue: "100",
                        summary: "working-set window in accesses (virtual time)"),
                    PolicyParameter(
                        name: "interval", type: .integer, defaultValue: "10",
                        summary: "accesses between clock ticks that sample and clear the R bits"),
                ],
                module: "WorkingSetPolicy",
                source: "Denning, CACM 1968; Tanenbaum & Bos, Modern Operating Systems, 4th ed. 2015, §3.4.8")
        ) { context throws(VMError) in
            let tau = context.arguments.integer("tau")
            try context.arguments.require(tau >= 0, "tau", "at least 0")
            let interval = context.arguments.integer("interval")
            try context.arguments.require(interval >= 1, "interval", "at least 1")
            return WorkingSet(frames: context.frames, tau: tau, interval: interval)
        }
    ]
}
