import Testing
import VMCore
import VMTestSupport

/// Many processes cost what they use: page tables, per-process policy instances and local-scope budgets grow
/// linearly with the number of processes. Checked through observable quantities (table bytes, instances made, the
/// frames they were sized for, victim-search steps), never through time.
struct ProcessScalingTests {
    static let processes = 100_000
    static let frames = 1024

    /// One access per process, pids 1…n, all on the same page. Per-step invariant checks are O(machine), which
    /// would make this test itself quadratic: the machine is checked every 10,000 steps and at the end instead.
    static func run(scope: ReplacementScope, policy: String = "lru") throws -> Machine {
        let machine = try Workbench.machine(policy: policy, frames: frames, checks: false, scope: scope)
        for pid in 1...processes {
            try machine.step(Access(pid: UInt32(pid), page: 0x400, kind: .read, pageShift: machine.layout.pageShift))
            if pid % 10_000 == 0 { try machine.checkInvariants() }
        }
        try machine.checkInvariants()
        return machine
    }

    @Test(
        "100,000 single-page processes: compact page tables, one small instance each, searches of O(log n) steps",
        arguments: ["global", "local:equal", "local:proportional", "local:pff"])
    func manySmallProcesses(scope: String) throws {
        let machine = try Self.run(scope: ReplacementScope(parsing: scope))
        #expect(machine.processes.count == Self.processes)
        #expect(machine.totals.minorFaults == Self.processes)
        let tableBytes = machine.processes.reduce(0) { $0 + $1.pageTable.bytesInUse }
        #expect(machine.processes.allSatisfy { $0.pageTable.isCompact && $0.pageTable.tableCount == 0 })
        #expect(tableBytes <= Self.processes * 16, "one 16-byte compact slot per process, not four 4 KiB tables")
        guard scope != "global" else {
            #expect(machine.localReplacementCosts == nil)
            return
        }
        let costs = try #require(machine.localReplacementCosts)
        #expect(costs.instances == Self.processes, "one instance per process that faulted")
        #expect(
            costs.instanceFrames <= Self.processes * 4,
            "growable instances start small; sized by the machine they would need \(Self.processes * Self.frames)")
        // Every fault past the first 1024 takes a frame from another process. A scan of all processes per steal
        // would be about 5·10⁹ steps; the pruned search visits O(log n) nodes per steal (log₂ 131072 = 17).
        let steals = Self.processes - Self.frames
        #expect(costs.searchSteps <= steals * 4 * 18, "searchSteps \(costs.searchSteps) for \(steals) steals")
    }

    @Test("Budgets of 100,000 processes are read in O(log n) each (the run's per-process report)")
    func budgetsOfManyProcesses() throws {
        let machine = try Self.run(scope: .local(.equal))
        let budgets = (0..<Self.processes).map { machine.budget(ofProcess: $0) ?? -1 }
        #expect(budgets.reduce(0, +) == Self.frames, "equal budgets share out every frame")
        #expect(
            budgets.prefix(Self.frames).allSatisfy { $0 == 1 } && budgets.dropFirst(Self.frames).allSatisfy { $0 == 0 })
    }
}

/// Hides that a policy can grow, so local replacement gives it a whole-machine instance with machine frame numbers:
/// the reference that growable, renumbered instances must match decision for decision.
final class Opaque: ReplacementPolicy {
    let inner: any ReplacementPolicy
    init(_ inner: any ReplacementPolicy) { self.inner = inner }
    var needsFuture: Bool { inner.needsFuture }
    func inserted(frame: Int, reference: PageReference) { inner.inserted(frame: frame, reference: reference) }
    func accessed(frame: Int, reference: PageReference) { inner.accessed(frame: frame, reference: reference) }
    func evict(for reference: PageReference) -> Int { inner.evict(for: reference) }
    func removed(frame: Int) { inner.removed(frame: frame) }
    func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try inner.checkInvariants(residentCount: residentCount, isResident: isResident)
    }
}

struct GrowableInstanceTests {
    static func machine(policy: String, scope: ReplacementScope, opaque: Bool) throws -> Machine {
        let registry = Workbench.registry
        let specification = try PolicySpecification(parsing: policy)
        let frames = 40
        let make = { (frames: Int) throws(VMError) -> any ReplacementPolicy in
            let policy = try registry.makeReplacement(specification, frames: frames)
            return opaque ? Opaque(policy) : policy
        }
        return try Machine(
            configuration: MachineConfiguration(
                frames: frames, swapDevices: [SwapDeviceConfiguration(name: "s", slots: 150)], scope: scope,
                checksInvariants: true),
            replacement: make(frames), makeReplacement: make,
            allocator: registry.makeAllocator(PolicySpecification(name: "first-free"), frames: frames),
            placement: registry.makePlacement(PolicySpecification(name: "first-free"), frames: frames))
    }

    @Test(
        "Growable instances, renumbered per process and grown from 4 frames, decide exactly as whole-machine ones",
        arguments: [
            "lru", "fifo", "mru", "clock", "second-chance", "fifo-reinsertion", "sieve", "random:seed=5", "linux-2list",
            "wsclock:tau=50", "mglru", "nru:interval=20",
        ])
    func sameDecisions(policy: String) throws {
        for scope in ["local:equal", "local:proportional", "local:pff:grow=3,shrink=30"] {
            let rule = try ReplacementScope(parsing: scope)
            let grown = try Self.machine(policy: policy, scope: rule, opaque: false)
            let whole = try Self.machine(policy: policy, scope: rule, opaque: true)
            var generator = SplitMix64(seed: 21)
            for step in 0..<6000 {
                // Five processes with working sets of 4 to 64 pages, a sixth arriving late; some writes.
                let pid = UInt32(1 + generator.next(below: step < 3000 ? 5 : 6))
                let page = UInt64(generator.next(below: 4 << Int(pid % 5)))
                let kind: AccessKind = generator.next(below: 4) == 0 ? .write : .read
                let access = Access(pid: pid, page: page, kind: kind, pageShift: grown.layout.pageShift)
                try grown.step(access)
                try whole.step(access)
            }
            #expect(grown.processes.count == 6)
            for index in grown.processes.indices {
                #expect(grown.counters(ofProcess: index) == whole.counters(ofProcess: index), "\(policy) \(scope)")
            }
            for frame in 0..<grown.memory.frameCount {
                #expect(grown.contents(ofFrame: frame)?.page == whole.contents(ofFrame: frame)?.page)
                #expect(grown.contents(ofFrame: frame)?.process == whole.contents(ofFrame: frame)?.process)
            }
            let grownCosts = try #require(grown.localReplacementCosts)
            let wholeCosts = try #require(whole.localReplacementCosts)
            #expect(grownCosts.instanceFrames < wholeCosts.instanceFrames, "\(grownCosts) vs \(wholeCosts)")
            #expect(wholeCosts.instanceFrames == 6 * 40)
        }
    }
}

struct CompactTableBatchTests {
    @Test("Batch stepping across compact-to-radix conversions and kills gives the step-by-step results")
    func batchAcrossConversions() throws {
        var generator = SplitMix64(seed: 8)
        var accesses: [Access] = []
        for _ in 0..<400 {
            // Runs of one process (so batch stepping locates ahead), its pages spreading past the compact limit.
            let pid = UInt32(1 + generator.next(below: 40))
            for _ in 0..<(1 + generator.next(below: 30)) {
                let page = UInt64(generator.next(below: 24)) << UInt64(generator.next(below: 3) * 9)
                let kind: AccessKind = generator.next(below: 3) == 0 ? .write : .read
                accesses.append(Access(pid: pid, page: page, kind: kind, pageShift: 12))
            }
        }
        let swap = [SwapDeviceConfiguration(name: "s", slots: 300)]
        let stepped = try Workbench.machine(policy: "clock", frames: 64, swapDevices: swap)
        let batched = try Workbench.machine(policy: "clock", frames: 64, swapDevices: swap, checks: false)
        for access in accesses { try stepped.step(access) }
        try accesses.withUnsafeBufferPointer { buffer in try batched.step(batch: buffer, nextUse: nil) }
        try batched.checkInvariants()
        #expect(stepped.oomEvents > 0, "kills replace page tables mid-batch")
        #expect(
            batched.processes.contains { !$0.pageTable.isCompact }
                && batched.processes.contains(where: \.pageTable.isCompact))
        for index in stepped.processes.indices {
            #expect(stepped.counters(ofProcess: index) == batched.counters(ofProcess: index))
        }
        for frame in 0..<64 {
            #expect(stepped.contents(ofFrame: frame)?.page == batched.contents(ofFrame: frame)?.page)
            #expect(stepped.contents(ofFrame: frame)?.process == batched.contents(ofFrame: frame)?.process)
        }
    }
}
