/// Local replacement: one instance of the replacement policy per process, each seeing only that process's frames,
/// and a frame budget per process (``FrameBudgetRule``). The machine holds it as its ``ReplacementPolicy`` and asks
/// it, at each fault, whether the faulting process must replace one of its own pages (``mustReplaceOwn(_:)``).
///
/// ## Cost
/// - Per process: a few counters (O(1) words, appended when the process appears) and one leaf of a tree over
///   processes; its policy instance is made at its first fault (``prepare(_:)``), so a process that never faults
///   costs no instance.
/// - A hit costs one more call than global replacement (this object forwards to the process's policy).
/// - A budget is O(1) (proportional, page-fault frequency) or O(log processes) (equal: the process's rank among live
///   processes). The totals it needs (live processes, mapped pages) are kept up to date as processes appear, touch
///   pages and die, never recounted.
/// - Choosing the process to take a frame from (RAM full, faulting process under budget) searches the tree of
///   processes holding frames, pruned by an upper bound of each subtree's excess: O(log processes) for equal and
///   page-fault-frequency budgets, where the bound is exact; for proportional budgets the bound can be loose, and
///   the search visits at most the processes holding frames (typically O(log processes)).
/// - Each fault updates O(1) leaves: O(log processes).
///
/// So a run with P processes costs O(P log P) in local scope beyond what global scope costs, never O(P²).
final class LocalReplacement: ReplacementPolicy {
    let rule: FrameBudgetRule
    let frameCount: Int
    private let makePolicy: () throws(VMError) -> any ReplacementPolicy
    /// Each process's policy instance, made at its first fault.
    private(set) var policies: [(any ReplacementPolicy)?] = []
    /// Process owning each frame this object tracks, or -1.
    private let ownerOf: UnsafeMutablePointer<Int32>
    private(set) var resident: [Int] = []
    /// Mapped size per process (declared, or touched so far), for proportional budgets.
    private var mapped: [Int] = []
    private var declared: [Bool] = []
    private var live: [Bool] = []
    /// Live processes, and the sum of `max(mapped, 1)` over them (proportional budgets).
    private var liveCount = 0
    private var liveMapped = 0
    /// Page-fault-frequency state: the process's own accesses, its budget, and its accesses at its last fault.
    private var accesses: [Int] = []
    private var pffBudget: [Int] = []
    private var lastFault: [Int] = []
    /// Processes holding frames, with what bounds their excess over budget.
    private var tree = ProcessTree()
    /// Policy instances made so far (observable cost: one per process that faulted).
    private(set) var instancesMade = 0
    /// Tree nodes visited by victim searches so far (observable cost of ``evict(for:)``).
    private(set) var searchSteps = 0

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

    /// A new process; `declaredPages` is its declared mapped size, if any. O(1) amortised (O(log processes) for its
    /// tree leaf); its policy instance comes at its first fault.
    func addProcess(declaredPages: Int?) throws(VMError) {
        policies.append(nil)
        resident.append(0)
        mapped.append(declaredPages ?? 0)
        declared.append(declaredPages != nil)
        live.append(true)
        liveCount += 1
        liveMapped += max(declaredPages ?? 0, 1)
        accesses.append(0)
        lastFault.append(0)
        pffBudget.append(max(1, frameCount / liveCount))
        tree.append(live: true)
    }

    /// Makes the process's policy instance if it has none yet. Called at each fault of `process`, before
    /// ``mustReplaceOwn(_:)``.
    @inline(__always)
    func prepare(_ process: Int) throws(VMError) {
        if policies[process] == nil {
            policies[process] = try makePolicy()
            instancesMade += 1
        }
    }

    /// The process touched a page for the first time (its mapped size grows when it declared none).
    func touchedNewPage(process: Int) {
        guard !declared[process] else { return }
        if live[process] { liveMapped += max(mapped[process] + 1, 1) - max(mapped[process], 1) }
        mapped[process] += 1
        if case .proportional = rule { updateLeaf(process) }
    }

    /// The process was killed: it no longer takes a share.
    func processKilled(_ process: Int) {
        guard live[process] else { return }
        live[process] = false
        liveCount -= 1
        liveMapped -= max(mapped[process], 1)
        tree.setLive(process, false)
        updateLeaf(process)
    }

    /// The frame budget of `process` now: O(1), or O(log processes) under equal budgets.
    func budget(of process: Int) -> Int {
        guard live[process] else { return 0 }
        switch rule {
        case .equal:
            return equalBudget(rank: tree.liveBefore(process))
        case .proportional:
            return proportionalBudget(mapped: mapped[process])
        case .pageFaultFrequency:
            return pffBudget[process]
        }
    }

    /// Equal budgets: ⌊frames / live⌋, one more for the first `frames mod live` live processes (by rank).
    private func equalBudget(rank: Int) -> Int {
        guard liveCount > 0 else { return 0 }
        return frameCount / liveCount + (rank < frameCount % liveCount ? 1 : 0)
    }

    private func proportionalBudget(mapped: Int) -> Int {
        max(1, frameCount * max(mapped, 1) / max(liveMapped, 1))
    }

    /// Called at the start of each fault of `process`: updates a page-fault-frequency budget and says whether the
    /// process is at its budget and must replace one of its own pages.
    func mustReplaceOwn(_ process: Int) -> Bool {
        if case .pageFaultFrequency(let grow, let shrink) = rule {
            let interval = accesses[process] - lastFault[process]
            lastFault[process] = accesses[process]
            let before = pffBudget[process]
            if interval < grow {
                pffBudget[process] = min(frameCount, before + 1)
            } else if interval > shrink {
                pffBudget[process] = max(1, before - 1)
            }
            if pffBudget[process] != before { updateLeaf(process) }
        }
        return resident[process] > 0 && resident[process] >= budget(of: process)
    }

    /// Evicts one of `process`'s own pages.
    func evictOwn(_ process: Int, for reference: PageReference) -> Int {
        guard process >= 0, let policy = policies[process] else { return -1 }
        let frame = policy.evict(for: reference)
        forget(frame, process: process)
        return frame
    }

    private func forget(_ frame: Int, process: Int) {
        if frame >= 0 && frame < frameCount && Int(ownerOf[frame]) == process {
            ownerOf[frame] = -1
            resident[process] -= 1
            updateLeaf(process)
        }
    }

    /// Refreshes the tree leaf of `process` from its counters.
    private func updateLeaf(_ process: Int) {
        let holds = resident[process] > 0 && live[process]
        tree.set(
            process,
            resident: holds ? resident[process] : nil,
            mapped: max(mapped[process], 1),
            excess: holds ? resident[process] - pffBudget[process] : nil)
    }

    // MARK: ReplacementPolicy

    func inserted(frame: Int, reference: PageReference) {
        let process = reference.process
        accesses[process] &+= 1
        ownerOf[frame] = Int32(truncatingIfNeeded: process)
        resident[process] += 1
        updateLeaf(process)
        policies[process]!.inserted(frame: frame, reference: reference)
    }

    func accessed(frame: Int, reference: PageReference) {
        accesses[reference.process] &+= 1
        policies[reference.process].unsafelyUnwrapped.accessed(frame: frame, reference: reference)
    }

    /// RAM is full and the faulting process is under its budget: take a frame from the process furthest over its
    /// budget (ties: the lowest process index). A depth-first search of the tree, lower indices first, that skips
    /// every subtree whose upper bound of excess cannot beat the best found.
    func evict(for reference: PageReference) -> Int {
        var best = (excess: Int.min, process: -1)
        search(node: 1, low: 0, width: tree.capacity, liveBefore: 0, best: &best)
        return evictOwn(best.process, for: reference)
    }

    private func search(node: Int, low: Int, width: Int, liveBefore: Int, best: inout (excess: Int, process: Int)) {
        searchSteps &+= 1
        let summary = tree.nodes[node]
        guard summary.holdsFrames else { return }
        let bound: Int
        switch rule {
        case .equal:
            // The lowest budget in the subtree is that of its highest-ranked live process.
            bound = summary.maxResident - equalBudget(rank: liveBefore + summary.live - 1)
        case .proportional:
            bound = summary.maxResident - proportionalBudget(mapped: summary.minMapped)
        case .pageFaultFrequency:
            bound = summary.maxExcess
        }
        if best.process >= 0 && bound <= best.excess { return }
        if width == 1 {
            let process = low
            let excess: Int
            switch rule {
            case .equal: excess = resident[process] - equalBudget(rank: liveBefore)
            case .proportional: excess = resident[process] - proportionalBudget(mapped: mapped[process])
            case .pageFaultFrequency: excess = resident[process] - pffBudget[process]
            }
            if best.process < 0 || excess > best.excess { best = (excess, process) }
            return
        }
        let half = width / 2
        search(node: 2 * node, low: low, width: half, liveBefore: liveBefore, best: &best)
        search(
            node: 2 * node + 1, low: low + half, width: half, liveBefore: liveBefore + tree.nodes[2 * node].live,
            best: &best)
    }

    func removed(frame: Int) {
        let process = Int(ownerOf[frame])
        guard process >= 0 else { return }
        policies[process]?.removed(frame: frame)
        forget(frame, process: process)
    }

    /// O(processes + frames): every instance's structures, the counters and the tree agree with what is resident.
    func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        let tracked = resident.reduce(0, +)
        guard tracked == residentCount else {
            throw .contractViolation("local replacement tracks \(tracked) frames, \(residentCount) are resident")
        }
        guard liveCount == live.count(where: { $0 }) else {
            throw .contractViolation("local replacement counts \(liveCount) live processes")
        }
        var mappedTotal = 0
        for process in live.indices where live[process] { mappedTotal += max(mapped[process], 1) }
        guard mappedTotal == liveMapped else {
            throw .contractViolation(
                "local replacement sums \(liveMapped) mapped pages, the processes map \(mappedTotal)")
        }
        for process in policies.indices {
            guard live[process] || resident[process] == 0 else {
                throw .contractViolation("killed process \(process) still holds \(resident[process]) frames")
            }
            guard let policy = policies[process] else {
                guard resident[process] == 0 else {
                    throw .contractViolation("process \(process) holds frames but has no policy instance")
                }
                continue
            }
            try policy.checkInvariants(residentCount: resident[process]) { frame in
                frame >= 0 && frame < frameCount && Int(ownerOf[frame]) == process && isResident(frame)
            }
        }
        try tree.checkInvariants(count: policies.count) { process in
            let holds = resident[process] > 0 && live[process]
            return ProcessTree.Summary(
                maxResident: holds ? resident[process] : .min, minMapped: holds ? max(mapped[process], 1) : .max,
                maxExcess: holds ? resident[process] - pffBudget[process] : .min, live: live[process] ? 1 : 0)
        }
    }
}

/// A segment tree over process indices (a power-of-two number of leaves, doubled as processes appear): per subtree,
/// the most frames a process holding frames holds, the smallest mapped size among them, the largest
/// page-fault-frequency excess among them, and the number of live processes. O(log processes) per update; O(1)
/// amortised per appended process.
struct ProcessTree {
    /// What bounds the excess of the processes of a subtree. `Int.min` in `maxResident` and `maxExcess` means no
    /// process of the subtree holds frames (`minMapped` is then `Int.max`).
    struct Summary: Equatable {
        /// Largest resident count among live processes holding frames.
        var maxResident: Int
        /// Smallest `max(mapped, 1)` among them.
        var minMapped: Int
        /// Largest resident count minus page-fault-frequency budget among them.
        var maxExcess: Int
        /// Live processes (holding frames or not).
        var live: Int

        static let empty = Summary(maxResident: .min, minMapped: .max, maxExcess: .min, live: 0)

        var holdsFrames: Bool { maxResident != .min }

        static func combine(_ left: Summary, _ right: Summary) -> Summary {
            Summary(
                maxResident: max(left.maxResident, right.maxResident), minMapped: min(left.minMapped, right.minMapped),
                maxExcess: max(left.maxExcess, right.maxExcess), live: left.live + right.live)
        }
    }

    /// Number of leaves; node 1 is the root, node `capacity + i` the leaf of process `i`.
    private(set) var capacity = 1
    private(set) var nodes: [Summary] = [.empty, .empty]
    private(set) var count = 0

    mutating func append(live: Bool) {
        if count == capacity {
            let leaves = nodes[capacity..<(capacity + count)]
            capacity *= 2
            nodes = Array(repeating: .empty, count: 2 * capacity)
            nodes.replaceSubrange(capacity..<(capacity + count), with: leaves)
            for node in stride(from: capacity - 1, through: 1, by: -1) {
                nodes[node] = .combine(nodes[2 * node], nodes[2 * node + 1])
            }
        }
        count += 1
        var leaf = Summary.empty
        leaf.live = live ? 1 : 0
        update(count - 1, to: leaf)
    }

    mutating func setLive(_ process: Int, _ live: Bool) {
        var leaf = nodes[capacity + process]
        leaf.live = live ? 1 : 0
        update(process, to: leaf)
    }

    /// Sets the leaf of `process`: `resident` and `excess` when it is live and holds frames, else nil.
    mutating func set(_ process: Int, resident: Int?, mapped: Int, excess: Int?) {
        var leaf = nodes[capacity + process]
        leaf.maxResident = resident ?? .min
        leaf.minMapped = resident == nil ? .max : mapped
        leaf.maxExcess = excess ?? .min
        update(process, to: leaf)
    }

    private mutating func update(_ process: Int, to leaf: Summary) {
        var node = capacity + process
        guard nodes[node] != leaf else { return }
        nodes[node] = leaf
        node /= 2
        while node >= 1 {
            nodes[node] = .combine(nodes[2 * node], nodes[2 * node + 1])
            node /= 2
        }
    }

    /// Live processes with an index below `process`: O(log processes).
    func liveBefore(_ process: Int) -> Int {
        var node = capacity + process
        var total = 0
        while node > 1 {
            if node & 1 == 1 { total += nodes[node - 1].live }
            node /= 2
        }
        return total
    }

    /// Every leaf matches `leaf(process)` and every inner node combines its children.
    func checkInvariants(count expected: Int, leaf: (Int) -> Summary) throws(VMError) {
        guard count == expected else {
            throw .contractViolation("the process tree has \(count) leaves for \(expected) processes")
        }
        for process in 0..<count where nodes[capacity + process] != leaf(process) {
            throw .contractViolation("the process tree's leaf of process \(process) is stale")
        }
        for node in 1..<capacity where nodes[node] != .combine(nodes[2 * node], nodes[2 * node + 1]) {
            throw .contractViolation("the process tree's node \(node) does not combine its children")
        }
    }
}
