import Testing
import VMCore
import VMTestSupport

/// The full machine — several processes, local scope with page-fault-frequency budgets, a TLB and a bounded swap
/// device — driven by batches of interleaved processes (batch stepping locates and prefetches entries of other
/// processes through the pid table) and by pids beyond the direct pid table.
struct FullMachineTests {
    static func machine(frames: Int, slots: Int, checks: Bool) throws -> Machine {
        let registry = Workbench.registry
        let lru = PolicySpecification(name: "lru")
        let layout = AddressLayout.x86_64
        let tlbConfiguration = TLBConfiguration(entries: 16, ways: 4)
        let tlb = try TLB(configuration: tlbConfiguration, pageTableLevels: layout.pageTableLevels) {
            ways throws(VMError) in try registry.makeReplacement(lru, frames: ways, layout: layout)
        }
        return try Machine(
            configuration: MachineConfiguration(
                layout: layout, frames: frames, swapDevices: [SwapDeviceConfiguration(name: "s", slots: slots)],
                scope: .local(.pageFaultFrequency(growBelow: 3, shrinkAbove: 30)), checksInvariants: checks),
            replacement: registry.makeReplacement(lru, frames: frames, layout: layout),
            makeReplacement: { frames throws(VMError) in try registry.makeReplacement(lru, frames: frames) },
            allocator: registry.makeAllocator(PolicySpecification(name: "first-free"), frames: frames),
            placement: registry.makePlacement(PolicySpecification(name: "first-free"), frames: frames),
            tlb: tlb)
    }

    /// Accesses of `pids` taking turns one access at a time (or in short runs), pages spread over radix tables.
    static func interleaved(pids: [UInt32], count: Int, seed: UInt64) -> [Access] {
        var generator = SplitMix64(seed: seed)
        var accesses: [Access] = []
        var turn = 0
        while accesses.count < count {
            let pid = pids[turn % pids.count]
            turn += 1
            for _ in 0..<(generator.next(below: 4) == 0 ? 1 + generator.next(below: 20) : 1) {
                let page = UInt64(generator.next(below: 40)) << UInt64(generator.next(below: 2) * 9)
                let kind: AccessKind = generator.next(below: 4) == 0 ? .write : .read
                accesses.append(Access(pid: pid, page: page, kind: kind, pageShift: 12))
            }
        }
        return accesses
    }

    @Test(
        "Batches of interleaved processes (small and large pids) give the step-by-step results, kills included",
        arguments: [[1, 2, 3], [7, 2_000_000, 3, 4_000_000_000], Array(UInt32(1)...40)])
    func batchMatchesSteps(pids: [UInt32]) throws {
        let accesses = Self.interleaved(pids: pids, count: 6000, seed: UInt64(pids.count))
        let stepped = try Self.machine(frames: 48, slots: 200, checks: true)
        let batched = try Self.machine(frames: 48, slots: 200, checks: false)
        for access in accesses { try stepped.step(access) }
        try accesses.withUnsafeBufferPointer { buffer in try batched.step(batch: buffer, nextUse: nil) }
        try batched.checkInvariants()
        #expect(stepped.processes.map(\.pid) == batched.processes.map(\.pid))
        for index in stepped.processes.indices {
            #expect(stepped.counters(ofProcess: index) == batched.counters(ofProcess: index), "process \(index)")
        }
        for frame in 0..<48 {
            #expect(stepped.contents(ofFrame: frame)?.page == batched.contents(ofFrame: frame)?.page)
            #expect(stepped.contents(ofFrame: frame)?.process == batched.contents(ofFrame: frame)?.process)
        }
        #expect(stepped.tlb?.counters == batched.tlb?.counters)
        #expect(batched.tlb.map { $0.counters.hits > 0 && $0.counters.invalidations > 0 } == true)
        for pid in pids { #expect(batched.process(pid: pid)?.pid == pid) }
        #expect(batched.process(pid: 999) == nil && batched.process(pid: 3_000_000) == nil)
    }

    @Test("100,000 interleaved processes on the full machine: every process's counters, frames and slots conserved")
    func manyProcesses() throws {
        let processes = 100_000
        let frames = 2048
        let machine = try Self.machine(frames: frames, slots: 3 * processes, checks: false)
        // Three rounds over all processes, one access each per round: pages 0, 1, then 0 again (a write).
        var accesses: [Access] = []
        accesses.reserveCapacity(3 * processes)
        for round in 0..<3 {
            for pid in 1...processes {
                accesses.append(
                    Access(pid: UInt32(pid), page: UInt64(round % 2), kind: round == 2 ? .write : .read, pageShift: 12))
            }
        }
        try accesses.withUnsafeBufferPointer { buffer in try machine.step(batch: buffer, nextUse: nil) }
        try machine.checkInvariants()
        #expect(machine.processes.count == processes)
        #expect(machine.processes.enumerated().allSatisfy { $0.element.pid == UInt32($0.offset + 1) })
        var resident = 0
        var slots = 0
        for index in 0..<processes {
            let counters = machine.counters(ofProcess: index)
            #expect(counters.accesses == 3 && counters.minorFaults == 2 && counters.oomKills == 0)
            #expect(counters.hits + counters.minorFaults + counters.majorFaults == 3)
            resident += machine.residentPages(ofProcess: index)
            slots += machine.swapSlotsHeld(ofProcess: index)
        }
        #expect(resident == machine.residentPages && resident == frames, "every frame is in use, none counted twice")
        #expect(slots == machine.swap.usedSlots)
        let totals = machine.totals
        #expect(totals.minorFaults == 2 * processes)
        #expect(totals.evictions == totals.minorFaults + totals.majorFaults - frames)
        let costs = try #require(machine.localReplacementCosts)
        #expect(costs.instances == processes)
        #expect(costs.instanceFrames <= processes * 4)
    }
}
