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
/// Complexity: insert, access and remove O(1); evict O(n) (one full scan of the n resident pages).
///
/// Order (``residentOrder()``): load order, the order of the scan, each page noted with R, M and its time of last
/// use (`r=1 m=1 last=12`, 1-based) as of the policy's latest reference; the victim depends on the time of the
/// fault.
public final class WorkingSet: ReplacementPolicy {
    /// Resident frames in load order: the scan order.
    @exclusivity(unchecked) private var table: FrameList
    /// Tick period (`time / interval`) of the page's last reference, or -1 when sampled and cleared.
    private let referencedPeriod: UnsafeMutablePointer<Int>
    private let lastUse: UnsafeMutablePointer<Int>
    private let modified: UnsafeMutablePointer<Bool>
    /// Window in accesses.
    public let tau: Int
    /// Accesses between clock ticks that clear the R bits.
    public let interval: Int
    /// Time of the latest reference the policy saw: explanations only (``residentOrder()``), never a decision.
    @exclusivity(unchecked) private var latest = 0

    public init(frames: Int, tau: Int, interval: Int) {
        precondition(tau >= 0 && interval >= 1)
        self.tau = tau
        self.interval = interval
        table = FrameList(capacity: frames)
        referencedPeriod = .allocate(capacity: max(1, frames))
        referencedPeriod.initialize(repeating: -1, count: max(1, frames))
        lastUse = .allocate(capacity: max(1, frames))
        lastUse.initialize(repeating: 0, count: max(1, frames))
        modified = .allocate(capacity: max(1, frames))
        modified.initialize(repeating: false, count: max(1, frames))
    }

    deinit {
        referencedPeriod.deallocate()
        lastUse.deallocate()
        modified.deallocate()
    }

    /// Applies the ticks since the page's last reference: a bit set in an earlier period was sampled by the tick
    /// that closed it (at `(period + 1) · interval`), which recorded that time as the last use and cleared it.
    @inline(__always) private func sample(_ frame: Int, period: Int) {
        let referencedIn = referencedPeriod[frame]
        if referencedIn >= 0 && referencedIn < period {
            lastUse[frame] = max(lastUse[frame], (referencedIn + 1) * interval)
            referencedPeriod[frame] = -1
        }
    }

    /// The R bit and time of last use of `frame` at virtual time `time` (for tests and diagrams).
    public func state(of frame: Int, at time: Int) -> (referenced: Bool, lastUse: Int) {
        sample(frame, period: time / interval)
        return (referencedPeriod[frame] >= 0, lastUse[frame])
    }

    public func inserted(frame: Int, reference: PageReference) {
        latest = reference.time
        referencedPeriod[frame] = reference.time / interval
        lastUse[frame] = reference.time
        modified[frame] = reference.kind == .write
        table.pushBack(frame)
    }

    public func accessed(frame: Int, reference: PageReference) {
        latest = reference.time
        let period = reference.time / interval
        sample(frame, period: period)
        referencedPeriod[frame] = period
        if reference.kind == .write { modified[frame] = true }
    }

    public func evict(for reference: PageReference) -> Int {
        let now = reference.time
        latest = now
        let period = now / interval
        var outside = -1
        var oldest = -1
        var firstClean = -1
        var current = table.head
        while let frame = current {
            sample(frame, period: period)
            if referencedPeriod[frame] >= 0 {
                lastUse[frame] = now
                if firstClean < 0 && !modified[frame] { firstClean = frame }
            } else if outside < 0 {
                if now - lastUse[frame] > tau {
                    outside = frame
                } else if oldest < 0 || lastUse[frame] < lastUse[oldest] {
                    oldest = frame
                }
            }
            current = table.after(frame)
        }
        let victim = outside >= 0 ? outside : oldest >= 0 ? oldest : firstClean >= 0 ? firstClean : table.head!
        removed(frame: victim)
        return victim
    }

    public func removed(frame: Int) {
        table.remove(frame)
        referencedPeriod[frame] = -1
        modified[frame] = false
    }

    /// The table in load order (the scan order), with R, M and the time of last use as of the latest reference
    /// the policy saw, ticks since then applied without storing them. O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        let period = latest / interval
        return ResidentOrder(
            table.frames().map { frame in
                let referencedIn = referencedPeriod[frame]
                let sampled = referencedIn >= 0 && referencedIn < period
                let last = sampled ? max(lastUse[frame], (referencedIn + 1) * interval) : lastUse[frame]
                return ResidentOrder.Entry(
                    frame: frame,
                    note: ResidentOrder.note(
                        referencedIn >= 0 && !sampled ? "r=1" : nil, modified[frame] ? "m=1" : nil,
                        "last=" + ResidentOrder.timeText(last)))
            }, meaning: "load order (the scan order)")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try table.checkInvariants(name: "working-set table", isValid: isResident)
        guard table.count == residentCount else {
            throw .contractViolation("working-set tracks \(table.count) frames, \(residentCount) are resident")
        }
        var current = table.head
        while let frame = current {
            guard lastUse[frame] >= 0, referencedPeriod[frame] >= -1 else {
                throw .contractViolation("working-set frame \(frame) has a negative time of last use")
            }
            current = table.after(frame)
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
