/// Local replacement: one instance of the replacement policy per process, each seeing only that process's frames,
/// and a frame budget per process (``FrameBudgetRule``). The machine holds it as its ``ReplacementPolicy`` and asks
/// it, at each fault, whether the faulting process must replace one of its own pages (``mustReplaceOwn(_:)``).
///
/// Hits cost one more call than global replacement (this object forwards to the process's policy). Budgets are
/// computed at faults only: O(processes) per fault.
final class LocalReplacement: ReplacementPolicy {
    let rule: FrameBudgetRule
    let frameCount: Int
    private let makePolicy: () throws(VMError) -> any ReplacementPolicy
    private(set) var policies: [any ReplacementPolicy] = []
    /// Process owning each frame this object tracks, or -1.
    private let ownerOf: UnsafeMutablePointer<Int32>
    private(set) var resident: [Int] = []
    /// Mapped size per process (declared, or touched so far), for proportional budgets.
    private var mapped: [Int] = []
    private var declared: [Bool] = []
    private var live: [Bool] = []
    /// Page-fault-frequency state: the process's own accesses, its budget, and its accesses at its last fault.
    private var accesses: [Int] = []
    private var pffBudget: [Int] = []
    private var lastFault: [Int] = []

    let needsFuture: Bool

    init(rule: FrameBudgetRule, frames: Int, makePolicy: @escaping () throws(VMError) -> any ReplacementPolicy)
        throws(VMError)
    {
        self.rule = rule
        frameCount = frames
        self.makePolicy = makePolicy
        needsFuture = try makePolicy().needsFuture
        ownerOf = .allocate(capacity: frames)
        ownerOf.initialize(repeating: -1, count: frames)
    }

    deinit { ownerOf.deallocate() }

    /// A new process: its own policy instance; `declaredPages` is its declared mapped size, if any.
    func addProcess(declaredPages: Int?) throws(VMError) {
        policies.append(try makePolicy())
        resident.append(0)
        mapped.append(declaredPages ?? 0)
        declared.append(declaredPages != nil)
        live.append(true)
        accesses.append(0)
        lastFault.append(0)
        let share = max(1, frameCount / max(1, live.count { $0 }))
        pffBudget.append(share)
    }

    /// The process touched a page for the first time (its mapped size grows when it declared none).
    func touchedNewPage(process: Int) {
        if !declared[process] { mapped[process] += 1 }
    }

    /// The process was killed: it no longer takes a share.
    func processKilled(_ process: Int) { live[process] = false }

    /// The frame budget of `process` now.
    func budget(of process: Int) -> Int {
        switch rule {
        case .equal:
            let count = live.count { $0 }
            guard count > 0, live[process] else { return 0 }
            let rank = (0..<process).count { live[$0] }
            return frameCount / count + (rank < frameCount % count ? 1 : 0)
        case .proportional:
            guard live[process] else { return 0 }
            var total = 0
            for index in mapped.indices where live[index] { total += max(mapped[index], 1) }
            return max(1, frameCount * max(mapped[process], 1) / max(total, 1))
        case .pageFaultFrequency:
            return live[process] ? pffBudget[process] : 0
        }
    }

    /// Called at the start of each fault of `process`: updates a page-fault-frequency budget and says whether the
    /// process is at its budget and must replace one of its own pages.
    func mustReplaceOwn(_ process: Int) -> Bool {
        if case .pageFaultFrequency(let grow, let shrink) = rule {
            let interval = accesses[process] - lastFault[process]
            lastFault[process] = accesses[process]
            if interval < grow {
                pffBudget[process] = min(frameCount, pffBudget[process] + 1)
            } else if interval > shrink {
                pffBudget[process] = max(1, pffBudget[process] - 1)
            }
        }
        return resident[process] > 0 && resident[process] >= budget(of: process)
    }

    /// Evicts one of `process`'s own pages.
    func evictOwn(_ process: Int, for reference: PageReference) -> Int {
        let frame = policies[process].evict(for: reference)
        forget(frame, process: process)
        return frame
    }

    private func forget(_ frame: Int, process: Int) {
        if frame >= 0 && frame < frameCount && Int(ownerOf[frame]) == process {
            ownerOf[frame] = -1
            resident[process] -= 1
        }
    }

    // MARK: ReplacementPolicy

    func inserted(frame: Int, reference: PageReference) {
        let process = reference.process
        accesses[process] &+= 1
        ownerOf[frame] = Int32(truncatingIfNeeded: process)
        resident[process] += 1
        policies[process].inserted(frame: frame, reference: reference)
    }

    func accessed(frame: Int, reference: PageReference) {
        accesses[reference.process] &+= 1
        policies[reference.process].accessed(frame: frame, reference: reference)
    }

    /// RAM is full and the faulting process is under its budget: take a frame from the process furthest over its
    /// budget (ties: the lowest process index).
    func evict(for reference: PageReference) -> Int {
        var victim = -1
        var excess = Int.min
        for process in resident.indices where resident[process] > 0 {
            let over = resident[process] - budget(of: process)
            if over > excess {
                excess = over
                victim = process
            }
        }
        return evictOwn(victim, for: reference)
    }

    func removed(frame: Int) {
        let process = Int(ownerOf[frame])
        guard process >= 0 else { return }
        policies[process].removed(frame: frame)
        forget(frame, process: process)
    }

    func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        let tracked = resident.reduce(0, +)
        guard tracked == residentCount else {
            throw .contractViolation("local replacement tracks \(tracked) frames, \(residentCount) are resident")
        }
        for process in policies.indices {
            try policies[process].checkInvariants(residentCount: resident[process]) { frame in
                frame >= 0 && frame < frameCount && Int(ownerOf[frame]) == process && isResident(frame)
            }
        }
    }
}
