/// Local replacement: one instance of the replacement policy per process, each seeing only that process's frames,
/// and a frame budget per process (``FrameBudgetRule``). The machine holds it as its ``ReplacementPolicy`` and asks
/// it, at each fault, whether the faulting process must replace one of its own pages (``mustReplaceOwn(_:)``).
///
/// ## Cost
/// - Per process: a few counters (O(1) words, appended when the process appears) and one leaf of a tree over
///   processes; its policy instance is made at its first fault (``prepare(_:)``), so a process that never faults
///   costs no instance.
/// - Per instance: when the policy is a ``GrowableReplacementPolicy``, the process's frames are renumbered densely
///   (`0 ..< held`, one shared frame → number map and one number → frame buffer per process) and its instance starts
///   with storage for ``initialCapacity`` frames, doubling as the process holds more: storage proportional to the
///   most frames the process held, and the same decisions as an instance for the whole machine. Other policies get
///   an instance sized by the machine's frame count, seeing machine frame numbers (O(frames) per faulting process).
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
    private let makePolicy: (Int) throws(VMError) -> any ReplacementPolicy
    /// Whether instances see per-process frame numbers and grow (the policy is a ``GrowableReplacementPolicy``).
    let renumbers: Bool
    /// Frames a growable instance is first made for.
    static let initialCapacity = 4
    /// Per-process number of each frame (renumbering only).
    private let localOf: UnsafeMutablePointer<Int32>
    /// Per process: machine frame of each of its numbers (renumbering only).
    @exclusivity(unchecked) private var numbering: [LocalNumbering] = []
    /// Each process's policy instance, made at its first fault.
    @exclusivity(unchecked) private(set) var policies: [(any ReplacementPolicy)?] = []
    /// The same instances, reached without reference counting per call (``PolicyHandle``); `boxes` keeps them alive.
    @exclusivity(unchecked) private var handles: [PolicyHandle?] = []
    @exclusivity(unchecked) private var boxes: [PolicyHandle.Box?] = []
    /// Process owning each frame this object tracks, or -1.
    private let ownerOf: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) private(set) var resident: [Int] = []
    /// Mapped size per process (declared, or touched so far), for proportional budgets.
    @exclusivity(unchecked) private var mapped: [Int] = []
    @exclusivity(unchecked) private var declared: [Bool] = []
    @exclusivity(unchecked) private var live: [Bool] = []
    /// Live processes, and the sum of `max(mapped, 1)` over them (proportional budgets).
    @exclusivity(unchecked) private var liveCount = 0
    @exclusivity(unchecked) private var liveMapped = 0
    /// Page-fault-frequency state: the process's own accesses, its budget, and its accesses at its last fault.
    @exclusivity(unchecked) private var accesses: [Int] = []
    @exclusivity(unchecked) private var pffBudget: [Int] = []
    @exclusivity(unchecked) private var lastFault: [Int] = []
    /// Processes holding frames, with what bounds their excess over budget.
    @exclusivity(unchecked) private var tree = ProcessTree()
    /// Policy instances made so far (observable cost: one per process that faulted).
    @exclusivity(unchecked) private(set) var instancesMade = 0
    /// Frames the instances were made or grown for, all together (observable cost of their storage).
    @exclusivity(unchecked) private(set) var instanceFrames = 0
    /// Tree nodes visited by victim searches so far (observable cost of ``evict(for:)``).
    @exclusivity(unchecked) private(set) var searchSteps = 0

    let needsFuture: Bool

    /// - Parameters:
    ///   - probe: an instance of the policy, asked whether it needs the future and whether it can grow.
    ///   - makePolicy: a fresh instance for a number of frames.
    init(
        rule: FrameBudgetRule, frames: Int, probe: any ReplacementPolicy,
        makePolicy: @escaping (Int) throws(VMError) -> any ReplacementPolicy
    ) {
        self.rule = rule
        frameCount = frames
        self.makePolicy = makePolicy
        needsFuture = probe.needsFuture
        renumbers = probe is any GrowableReplacementPolicy
        ownerOf = .allocate(capacity: frames)
        ownerOf.initialize(repeating: -1, count: frames)
        localOf = .allocate(capacity: renumbers ? frames : 0)
        if renumbers { localOf.initialize(repeating: -1, count: frames) }
    }

    deinit {
        ownerOf.deallocate()
        localOf.deallocate()
        for process in numbering.indices { numbering[process].deallocate() }
    }

    /// A new process; `declaredPages` is its declared mapped size, if any. O(1) amortised (O(log processes) for its
    /// tree leaf); its policy instance comes at its first fault.
    func addProcess(declaredPages: Int?) throws(VMError) {
        policies.append(nil)
        handles.append(nil)
        boxes.append(nil)
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
        if renumbers { numbering.append(LocalNumbering()) }
    }

    /// Makes the process's policy instance if it has none yet. Called at each fault of `process`, before
    /// ``mustReplaceOwn(_:)``.
    @inline(__always)
    func prepare(_ process: Int) throws(VMError) {
        if policies[process] == nil { try makeInstance(process) }
    }

    /// Whether `process` has its policy instance (it has faulted before).
    @inline(__always)
    func hasInstance(_ process: Int) -> Bool { handles[process] != nil }

    private func makeInstance(_ process: Int) throws(VMError) {
        let capacity = renumbers ? min(frameCount, Self.initialCapacity) : frameCount
        let policy = try makePolicy(capacity)
        if renumbers {
            guard let growable = policy as? any GrowableReplacementPolicy, growable.frameCapacity >= capacity else {
                throw .contractViolation("a fresh instance of the growable replacement policy cannot grow")
            }
            numbering[process].start(capacity: capacity)
        }
        policies[process] = policy
        let box = PolicyHandle.Box(policy)
        boxes[process] = box
        handles[process] = PolicyHandle(box)
        instancesMade += 1
        instanceFrames += capacity
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

    /// Evicts one of `process`'s own pages; -1 when the policy chose a frame it does not hold.
    func evictOwn(_ process: Int, for reference: PageReference) -> Int {
        guard process >= 0, let handle = handles[process] else { return -1 }
        let chosen = handle.with { $0.evict(for: reference) }
        let frame = renumbers ? numbering[process].frame(ofNumber: chosen) : chosen
        forget(frame, process: process)
        return frame
    }

    private func forget(_ frame: Int, process: Int) {
        if frame >= 0 && frame < frameCount && Int(ownerOf[frame]) == process {
            ownerOf[frame] = -1
            if renumbers {
                numbering[process].release(Int(localOf[frame]))
                localOf[frame] = -1
            }
            resident[process] -= 1
            updateLeaf(process)
        }
    }

    /// The process's number for `frame`, growing its instance when every number is taken.
    private func number(_ frame: Int, process: Int) -> Int {
        if let number = numbering[process].take(frame) {
            localOf[frame] = Int32(truncatingIfNeeded: number)
            return number
        }
        let capacity = min(frameCount, 2 * numbering[process].capacity)
        (policies[process] as! any GrowableReplacementPolicy).growFrames(to: capacity)
        instanceFrames += capacity - numbering[process].capacity
        numbering[process].grow(to: capacity)
        let number = numbering[process].take(frame)!
        localOf[frame] = Int32(truncatingIfNeeded: number)
        return number
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
        let local = renumbers ? number(frame, process: process) : frame
        handles[process].unsafelyUnwrapped.with { $0.inserted(frame: local, reference: reference) }
    }

    /// Each process's instance in turn, as groups tagged with the process index; frame numbers are the machine's.
    /// The load order is the instance's own while a single process holds frames, nil otherwise. O(frames):
    /// explanations only.
    func residentOrder() -> ResidentOrder? {
        var groups: [ResidentOrder.Group] = []
        var meaning = ""
        var hand: Int?
        var loadOrders: [[Int]?] = []
        for process in policies.indices where resident[process] > 0 {
            guard let policy = policies[process] else { continue }
            let own: ResidentOrder
            if let described = policy.residentOrder() {
                own = renumbers ? described.mapFrames { numbering[process].frame(ofNumber: $0) } : described
            } else {
                own = .frameOrder((0..<frameCount).filter { Int(ownerOf[$0]) == process })
            }
            if meaning.isEmpty { meaning = own.meaning }
            if hand == nil { hand = own.hand }
            loadOrders.append(own.loadOrder)
            for var group in own.groups {
                group.process = process
                groups.append(group)
            }
        }
        // Each instance knows its own placements only: a load order is given while one process holds frames.
        return ResidentOrder(
            groups: groups, meaning: meaning.isEmpty ? "frame order" : meaning, hand: hand,
            loadOrder: loadOrders.count == 1 ? loadOrders[0] : nil)
    }

    func accessed(frame: Int, reference: PageReference) {
        accesses[reference.process] &+= 1
        let local = renumbers ? Int(localOf[frame]) : frame
        handles[reference.process].unsafelyUnwrapped.with { $0.accessed(frame: local, reference: reference) }
    }

    /// RAM is full and the faulting process is under its budget: take a frame from the process furthest over its
    /// budget (ties: the lowest process index). A branch-and-bound search of the tree: the child with the higher
    /// upper bound of excess first, and no subtree whose bound cannot beat the best found (a subtree to the left of
    /// the best wins a tie, one to the right does not). With exact bounds (equal and page-fault-frequency budgets)
    /// the first leaf reached is the answer and O(log processes) nodes are visited.
    func evict(for reference: PageReference) -> Int {
        var best = (excess: Int.min, process: -1)
        let root = tree.nodes[1]
        if root.holdsFrames {
            search(
                node: 1, low: 0, width: tree.capacity, liveBefore: 0, bound: bound(of: root, liveBefore: 0), best: &best
            )
        }
        return evictOwn(best.process, for: reference)
    }

    /// An upper bound of `resident − budget` over the live processes holding frames in a subtree.
    private func bound(of summary: ProcessTree.Summary, liveBefore: Int) -> Int {
        switch rule {
        case .equal:
            // The lowest budget in the subtree is that of its highest-ranked live process.
            summary.maxResident - equalBudget(rank: liveBefore + summary.live - 1)
        case .proportional:
            summary.maxResident - proportionalBudget(mapped: summary.minMapped)
        case .pageFaultFrequency:
            summary.maxExcess
        }
    }

    private func search(
        node: Int, low: Int, width: Int, liveBefore: Int, bound: Int, best: inout (excess: Int, process: Int)
    ) {
        searchSteps &+= 1
        if best.process >= 0 && (bound < best.excess || (bound == best.excess && low > best.process)) { return }
        if width == 1 {
            let process = low
            let excess: Int
            switch rule {
            case .equal: excess = resident[process] - equalBudget(rank: liveBefore)
            case .proportional: excess = resident[process] - proportionalBudget(mapped: mapped[process])
            case .pageFaultFrequency: excess = resident[process] - pffBudget[process]
            }
            if best.process < 0 || excess > best.excess || (excess == best.excess && process < best.process) {
                best = (excess, process)
            }
            return
        }
        let half = width / 2
        let left = tree.nodes[2 * node]
        let right = tree.nodes[2 * node + 1]
        let rightLiveBefore = liveBefore + left.live
        let leftBound = left.holdsFrames ? self.bound(of: left, liveBefore: liveBefore) : nil
        let rightBound = right.holdsFrames ? self.bound(of: right, liveBefore: rightLiveBefore) : nil
        if let rightBound, leftBound.map({ rightBound > $0 }) ?? true {
            search(
                node: 2 * node + 1, low: low + half, width: half, liveBefore: rightLiveBefore, bound: rightBound,
                best: &best)
            if let leftBound {
                search(node: 2 * node, low: low, width: half, liveBefore: liveBefore, bound: leftBound, best: &best)
            }
        } else if let leftBound {
            search(node: 2 * node, low: low, width: half, liveBefore: liveBefore, bound: leftBound, best: &best)
            if let rightBound {
                search(
                    node: 2 * node + 1, low: low + half, width: half, liveBefore: rightLiveBefore, bound: rightBound,
                    best: &best)
            }
        }
    }

    func removed(frame: Int) {
        let process = Int(ownerOf[frame])
        guard process >= 0 else { return }
        let local = renumbers ? Int(localOf[frame]) : frame
        handles[process]?.with { $0.removed(frame: local) }
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
            if renumbers {
                guard numbering[process].inUse == resident[process] else {
                    throw .contractViolation(
                        "process \(process) has \(numbering[process].inUse) frame numbers for \(resident[process]) frames"
                    )
                }
                try policy.checkInvariants(residentCount: resident[process]) { number in
                    let frame = numbering[process].frame(ofNumber: number)
                    return frame >= 0 && frame < frameCount && Int(ownerOf[frame]) == process
                        && Int(localOf[frame]) == number && isResident(frame)
                }
            } else {
                try policy.checkInvariants(residentCount: resident[process]) { frame in
                    frame >= 0 && frame < frameCount && Int(ownerOf[frame]) == process && isResident(frame)
                }
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

/// What local replacement spent so far (``Machine/localReplacementCosts``).
public struct LocalReplacementCosts: Sendable, Hashable {
    /// Policy instances made: one per process that faulted.
    public var instances: Int
    /// Frames the instances were made or grown for, all together: their storage is proportional to it.
    public var instanceFrames: Int
    /// Tree nodes visited while choosing which process gives up a frame.
    public var searchSteps: Int
}

/// One process's dense numbering of the frames it holds: number → machine frame, with a free list of numbers
/// (a free number `n` stores `-2 - next free number`). O(1) per take and release; grows by doubling.
struct LocalNumbering {
    private var frames: UnsafeMutablePointer<Int32>?
    private(set) var capacity = 0
    /// Numbers handed out at least once (`0 ..< used`).
    private var used = 0
    private var freeHead = -1
    /// Numbers in use now.
    private(set) var inUse = 0

    mutating func start(capacity: Int) {
        frames = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    func deallocate() { frames?.deallocate() }

    /// A number for `frame`, or nil when all `capacity` are taken.
    mutating func take(_ frame: Int) -> Int? {
        guard let frames else { return nil }
        let number: Int
        if freeHead >= 0 {
            number = freeHead
            freeHead = -2 - Int(frames[number])
        } else if used < capacity {
            number = used
            used += 1
        } else {
            return nil
        }
        frames[number] = Int32(truncatingIfNeeded: frame)
        inUse += 1
        return number
    }

    mutating func release(_ number: Int) {
        guard let frames, number >= 0, number < used else { return }
        frames[number] = Int32(truncatingIfNeeded: -2 - freeHead)
        freeHead = number
        inUse -= 1
    }

    /// The machine frame behind `number`, or -1 when it is not in use.
    func frame(ofNumber number: Int) -> Int {
        guard let frames, number >= 0, number < used, frames[number] >= 0 else { return -1 }
        return Int(frames[number])
    }

    mutating func grow(to newCapacity: Int) {
        guard let old = frames else { return }
        frames = FrameBuffer.grow(old, from: used, to: newCapacity, filling: -1)
        capacity = newCapacity
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
