import Testing
import VMCore
import VMExperiment
import VMTestSupport

/// One machine configuration: replacement policy, frame allocator, swap placement and replacement scope.
struct MachineSetup: Sendable, Hashable, CustomTestStringConvertible {
    var policy: String
    var allocator = "first-free"
    var swap = "first-free"
    var scope = "global"

    var testDescription: String { "\(policy), \(allocator), \(swap), \(scope)" }

    /// A fresh machine for `workload`, built as `vmlab simulate` builds it.
    func machine(for workload: Workload, checks: Bool) throws -> Machine {
        let configuration = try RunConfiguration(
            replacement: PolicySpecification(parsing: policy), allocator: PolicySpecification(parsing: allocator),
            swap: PolicySpecification(parsing: swap), frames: workload.frames, swapDevices: workload.swapDevices,
            scope: ReplacementScope(parsing: scope), tlb: Workload.tlbs[workload.tlb], checksInvariants: checks)
        return try configuration.makeMachine(registry: Workbench.registry)
    }

    /// Runs `workload` one step at a time with the invariant checks on: `Machine.step` checks every machine, TLB,
    /// allocator, placement and policy invariant after every step and throws on the first that fails.
    func run(_ workload: Workload) throws -> Machine {
        let machine = try machine(for: workload, checks: true)
        let nextUse = machine.replacement.needsFuture ? workload.nextUse : []
        for (time, step) in workload.steps.enumerated() {
            do {
                try machine.step(step.access(on: machine), nextUse: nextUse.isEmpty ? .max : nextUse[time])
            } catch {
                throw PropertyFailure(description: "step \(time) (\(step)): \(error)")
            }
        }
        return machine
    }

    /// Runs `workload` in one batch with the checks off: the fast path (page-table entries located ahead) that the
    /// simulator takes.
    func runBatch(_ workload: Workload) throws -> Machine {
        let machine = try machine(for: workload, checks: false)
        let accesses = workload.steps.map { $0.access(on: machine) }
        let nextUse = machine.replacement.needsFuture ? workload.nextUse : nil
        try accesses.withUnsafeBufferPointer { accesses throws(VMError) in
            if let nextUse {
                try nextUse.withUnsafeBufferPointer { nextUse throws(VMError) in
                    try machine.step(batch: accesses, nextUse: nextUse)
                }
            } else {
                try machine.step(batch: accesses, nextUse: nil)
            }
        }
        return machine
    }
}

/// Random workloads (several processes; reads, writes and kernel writes through the direct map; pages in one leaf
/// table or spread over the whole user range; small bounded or unbounded swap; TLBs of several shapes) on every
/// registered policy, allocator, swap placement and scope: the machine's invariants hold after every step, its
/// counters and maps agree at the end, and the batch fast path ends in the same state as single steps.
struct MachinePropertyTests {
    static let policies = Workbench.registry.names(of: .replacement)
    static let allocators = Workbench.registry.names(of: .allocation)
    static let placements = Workbench.registry.names(of: .swap)
    /// Page-fault frequency with short intervals, so that budgets both grow and shrink within a short workload.
    static let scopes = ["global", "local:equal", "local:proportional", "local:pff:grow=4,shrink=16"]
    /// The replacement policies run under every allocator, placement and scope: the stack policies, one that needs
    /// the future, and clock-style and ghost-list policies.
    static let someReplacementPolicies = ["lru", "opt", "clock", "arc", "clock-pro"]

    static let placementSetups: [MachineSetup] = allocators.flatMap { allocator in
        placements.flatMap { swap in
            scopes.map { scope in MachineSetup(policy: "", allocator: allocator, swap: swap, scope: scope) }
        }
    }

    @Test(
        "Every replacement policy (first-free allocator and swap, global scope): 20 random workloads",
        arguments: policies)
    func everyReplacementPolicy(policy: String) {
        let setup = MachineSetup(policy: policy)
        PropertyCheck.check(
            "machine invariants, \(setup.testDescription)", cases: 20, generator: Workload.generator(),
            shrink: Workload.shrink
        ) { workload in try Self.audit(setup.run(workload), workload) }
    }

    @Test(
        "Every allocator × swap placement × scope, with five replacement policies: 2 random workloads each",
        arguments: placementSetups)
    func everyPlacement(setup: MachineSetup) {
        for policy in Self.someReplacementPolicies {
            var setup = setup
            setup.policy = policy
            PropertyCheck.check(
                "machine invariants, \(setup.testDescription)", cases: 2, generator: Workload.generator(),
                shrink: Workload.shrink
            ) { workload in try Self.audit(setup.run(workload), workload) }
        }
    }

    @Test("Every replacement policy under each local scope: 4 random workloads each", arguments: policies)
    func everyPolicyLocally(policy: String) {
        for scope in Self.scopes.dropFirst() {
            let setup = MachineSetup(policy: policy, scope: scope)
            PropertyCheck.check(
                "machine invariants, \(setup.testDescription)", cases: 4, generator: Workload.generator(),
                shrink: Workload.shrink
            ) { workload in try Self.audit(setup.run(workload), workload) }
        }
    }

    @Test(
        "Batch stepping (checks off) ends exactly where single steps do: 6 random workloads each", arguments: policies)
    func batchEqualsSingleSteps(policy: String) {
        for scope in ["global", "local:pff:grow=4,shrink=16"] {
            let setup = MachineSetup(policy: policy, scope: scope)
            PropertyCheck.check(
                "batch equals single steps, \(setup.testDescription)", cases: 6,
                generator: Workload.generator(length: 1...200), shrink: Workload.shrink
            ) { workload in
                let single = try setup.run(workload)
                let batch = try setup.runBatch(workload)
                try require(batch.totals == single.totals, "totals: batch \(batch.totals), single \(single.totals)")
                try require(batch.processes.count == single.processes.count, "process count")
                for index in single.processes.indices {
                    try require(
                        batch.counters(ofProcess: index) == single.counters(ofProcess: index)
                            && batch.isKilled(process: index) == single.isKilled(process: index)
                            && batch.budget(ofProcess: index) == single.budget(ofProcess: index),
                        "process \(index) differs")
                }
                for frame in 0..<workload.frames {
                    let (a, b) = (batch.contents(ofFrame: frame), single.contents(ofFrame: frame))
                    try require(
                        a?.process == b?.process && a?.page == b?.page, "frame \(frame): \(a as Any), \(b as Any)")
                }
                try require(batch.tlb?.counters == single.tlb?.counters, "TLB counters differ")
                try require(batch.swap.usedSlots == single.swap.usedSlots, "swap slots used differ")
                try require(batch.kernel == single.kernel && batch.oomEvents == single.oomEvents, "kernel or OOM")
                try Self.audit(batch, workload)
            }
        }
    }

    /// The end-of-run checks, through the machine's public view only.
    static func audit(_ machine: Machine, _ workload: Workload) throws {
        let totals = machine.totals
        let userSteps = workload.steps.filter { !$0.kernel }
        let touched = Set(userSteps.map(\.key))
        let killed = machine.oomEvents > 0

        // Counters.
        try require(totals.accesses == userSteps.count, "\(totals.accesses) accesses for \(userSteps.count) steps")
        try require(
            totals.segmentationFaults == 0 && totals.protectionFaults == 0, "bad-address faults without regions")
        try require(
            totals.hits + totals.minorFaults + totals.majorFaults + totals.droppedAccesses == totals.accesses,
            "hits \(totals.hits) + faults \(totals.faults) + dropped \(totals.droppedAccesses) ≠ \(totals.accesses)")
        try require(totals.faults == totals.minorFaults + totals.majorFaults, "faults ≠ minor + major")
        try require(
            totals.evictions <= totals.faults, "\(totals.evictions) evictions for \(totals.faults) faults")
        try require(
            totals.swapIns == totals.majorFaults, "\(totals.swapIns) swap-ins for \(totals.majorFaults) major faults")
        try require(totals.swapOuts <= totals.evictions, "\(totals.swapOuts) swap-outs, \(totals.evictions) evictions")
        try require(totals.oomKills == machine.oomEvents, "\(totals.oomKills) kills, \(machine.oomEvents) events")
        try require(
            killed ? totals.minorFaults <= touched.count : totals.minorFaults == touched.count,
            "\(totals.minorFaults) minor faults for \(touched.count) pages touched")
        // Every fault brings one page in and every eviction takes one out; a kill frees the rest without evicting.
        let broughtIn = totals.faults - totals.evictions
        try require(
            killed ? machine.residentPages <= broughtIn : machine.residentPages == broughtIn,
            "\(machine.residentPages) resident pages after \(totals.faults) faults and \(totals.evictions) evictions")
        try require(killed || totals.droppedAccesses == 0, "accesses dropped with no process killed")
        let kernelSteps = workload.steps.count - userSteps.count
        try require(machine.kernel.directMapAccesses == kernelSteps, "\(kernelSteps) kernel steps")
        if let tlb = machine.tlb?.counters {
            // Every access that found or brought in its page looked its translation up once.
            try require(
                tlb.hits + tlb.misses == totals.hits + totals.faults,
                "TLB: \(tlb.hits) hits + \(tlb.misses) misses for \(totals.hits + totals.faults) completed accesses")
            try require(tlb.invalidations <= totals.evictions, "\(tlb.invalidations) TLB invalidations")
        }

        // Frames: every resident page in exactly one frame, and that frame in its page-table entry.
        let frameCount = machine.memory.frameCount
        var frameOfPage: [Step.Key: Int] = [:]
        for frame in 0..<frameCount {
            guard let (process, page) = machine.contents(ofFrame: frame) else { continue }
            let key = Step.Key(pid: machine.processes[process].pid, page: page)
            if let other = frameOfPage.updateValue(frame, forKey: key) {
                throw PropertyFailure(description: "page \(key) is in frames \(other) and \(frame)")
            }
            let entry = machine.processes[process].pageTable.entry(ofPage: page)
            try require(entry.isPresent && entry.frame == frame, "frame \(frame) holds \(key), whose entry disagrees")
        }
        try require(frameOfPage.count == machine.residentPages, "\(frameOfPage.count) frames hold a page")
        try require(
            frameOfPage.count + machine.memory.freeCount == frameCount,
            "\(frameOfPage.count) used + \(machine.memory.freeCount) free ≠ \(frameCount) frames")

        // Page tables and swap slots: each resident entry is in the frame map, each swap copy has its own used slot.
        var resident = 0
        var slots = Set<SwapSlot>()
        for process in machine.processes {
            var residentOfProcess = 0
            var slotsOfProcess = 0
            var problem: String?
            process.pageTable.forEachTouchedPage { page, _, entry in
                let key = Step.Key(pid: process.pid, page: page)
                if entry.isPresent {
                    residentOfProcess += 1
                    if frameOfPage[key] != entry.frame { problem = "\(key) claims frame \(entry.frame)" }
                }
                if entry.hasSwapCopy {
                    slotsOfProcess += 1
                    if !slots.insert(entry.swapSlot).inserted { problem = "two pages hold \(entry.swapSlot)" }
                    if machine.swap.isFree(entry.swapSlot) { problem = "\(key) holds free slot \(entry.swapSlot)" }
                }
                if !entry.isPresent && !entry.hasSwapCopy { problem = "\(key) is neither resident nor swapped" }
                if !touched.contains(key) { problem = "\(key) was never accessed" }
            }
            if let problem { throw PropertyFailure(description: problem) }
            try require(
                residentOfProcess == machine.residentPages(ofProcess: process.index),
                "pid \(process.pid): \(residentOfProcess) resident entries")
            try require(
                slotsOfProcess == machine.swapSlotsHeld(ofProcess: process.index),
                "pid \(process.pid): \(slotsOfProcess) swap copies")
            if machine.isKilled(process: process.index) {
                try require(residentOfProcess == 0 && slotsOfProcess == 0, "killed pid \(process.pid) holds memory")
            }
            let steps = userSteps.count { $0.pid == process.pid }
            try require(
                machine.counters(ofProcess: process.index).accesses == steps, "pid \(process.pid): access count")
            resident += residentOfProcess
        }
        try require(resident == machine.residentPages, "\(resident) resident entries, \(machine.residentPages) pages")
        try require(
            slots.count == machine.swap.usedSlots, "\(slots.count) swap copies, \(machine.swap.usedSlots) slots used")
        for device in machine.swap.devices {
            if let capacity = device.capacity {
                try require(device.usedSlots <= capacity, "\(device.name): \(device.usedSlots) of \(capacity) slots")
            }
        }
    }
}
