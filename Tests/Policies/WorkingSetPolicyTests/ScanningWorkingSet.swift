import VMCore

/// The textbook working-set scan, kept as the oracle: `WorkingSet` as it was before it became O(log n) per fault,
/// moved here verbatim (only renamed and made internal). Every fault walks all resident pages in load order,
/// sampling each R bit, stamping the time of last use of every page with R = 1, and taking the first page older
/// than `tau`, else the R = 0 page with the greatest age, else the first clean page, else the first page — exactly
/// as ``WorkingSetPolicy/WorkingSet``'s doc comment states the policy. `WorkingSetDifferentialTests` drives both
/// through the same calls and requires the same victims, the same ``ResidentOrder`` and the same `state(of:at:)`.
///
/// Complexity: insert, access and remove O(1); evict O(n) (one full scan of the n resident pages).
final class ScanningWorkingSet: ReplacementPolicy {
    /// Resident frames in load order: the scan order.
    @exclusivity(unchecked) private var table: FrameList
    /// Tick period (`time / interval`) of the page's last reference, or -1 when sampled and cleared.
    private let referencedPeriod: UnsafeMutablePointer<Int>
    private let lastUse: UnsafeMutablePointer<Int>
    private let modified: UnsafeMutablePointer<Bool>
    /// Window in accesses.
    let tau: Int
    /// Accesses between clock ticks that clear the R bits.
    let interval: Int
    /// Time of the latest reference the policy saw: explanations only (``residentOrder()``), never a decision.
    @exclusivity(unchecked) private var latest = 0

    init(frames: Int, tau: Int, interval: Int) {
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
    func state(of frame: Int, at time: Int) -> (referenced: Bool, lastUse: Int) {
        sample(frame, period: time / interval)
        return (referencedPeriod[frame] >= 0, lastUse[frame])
    }

    func inserted(frame: Int, reference: PageReference) {
        latest = reference.time
        referencedPeriod[frame] = reference.time / interval
        lastUse[frame] = reference.time
        modified[frame] = reference.kind == .write
        table.pushBack(frame)
    }

    func accessed(frame: Int, reference: PageReference) {
        latest = reference.time
        let period = reference.time / interval
        sample(frame, period: period)
        referencedPeriod[frame] = period
        if reference.kind == .write { modified[frame] = true }
    }

    func evict(for reference: PageReference) -> Int {
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

    func removed(frame: Int) {
        table.remove(frame)
        referencedPeriod[frame] = -1
        modified[frame] = false
    }

    /// The table in load order (the scan order), with R, M and the time of last use as of the latest reference
    /// the policy saw, ticks since then applied without storing them. O(n), allocating.
    func residentOrder() -> ResidentOrder? {
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

    func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
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
