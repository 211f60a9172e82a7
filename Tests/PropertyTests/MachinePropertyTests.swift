import Testing
import VMCore
import VMTestSupport

/// One machine configuration: replacement policy, frame allocator, swap placement and replacement scope.
struct MachineSetup: Sendable, Hashable, CustomTestStringConvertible {
    var policy: String
    var allocator = "first-free"
    var swap = "first-free"
    var scope = "global"

    var testDescription: String { "\(policy), \(allocator), \(swap), \(scope)" }

    /// Runs `workload` on a fresh machine of this setup with its invariant checks on: `Machine.step` checks every
    /// machine, allocator, placement and policy invariant after every step and throws on the first that fails.
    func run(_ workload: Workload) throws -> Machine {
        let machine = try Workbench.machine(
            policy: policy, frames: workload.frames, allocator: allocator, swap: swap,
            swapDevices: workload.swapDevices, checks: true, scope: ReplacementScope(parsing: scope))
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
}

/// Random workloads (several processes, reads, writes, kernel writes through the direct map, small and unbounded swap)
/// on every registered policy, allocator, swap placement and scope: the machine's invariants hold after every step,
/// and its counters and maps agree at the end.
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
        "Every replacement policy (first-free allocator and swap, global scope): 40 random workloads",
        arguments: policies)
    func everyReplacementPolicy(policy: String) {
        let setup = MachineSetup(policy: policy)
        PropertyCheck.check(
            "machine invariants, \(setup.testDescription)", cases: 40, generator: Workload.generator(),
            shrink: Workload.shrink
        ) { workload in try Self.audit(setup.run(workload), workload) }
    }

    @Test(
        "Every allocator × swap placement × scope, with five replacement policies: 4 random workloads each",
        arguments: placementSetups)
    func everyPlacement(setup: MachineSetup) {
        for policy in Self.someReplacementPolicies {
            var setup = setup
            setup.policy = policy
            PropertyCheck.check(
                "machine invariants, \(setup.testDescription)", cases: 4, generator: Workload.generator(),
                shrink: Workload.shrink
            ) { workload in try Self.audit(setup.run(workload), workload) }
        }
    }

    @Test("Every replacement policy under each local scope: 6 random workloads each", arguments: policies)
    func everyPolicyLocally(policy: String) {
        for scope in Self.scopes.dropFirst() {
            let setup = MachineSetup(policy: policy, scope: scope)
            PropertyCheck.check(
                "machine invariants, \(setup.testDescription)", cases: 6, generator: Workload.generator(),
                shrink: Workload.shrink
            ) { workload in try Self.audit(setup.run(workload), workload) }
        }
    }

    /// The end-of-run checks, through the machine's public view only.
    static func audit(_ machine: Machine, _ workload: Workload) throws {
        let totals = machine.totals
        let userSteps = workload.steps.filter { !$0.kernel }
        let touched = Set(userSteps.map { Step(pid: $0.pid, page: $0.page, write: false, kernel: false) })
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

        // Frames: every resident page in exactly one frame, and that frame in its page-table entry.
        let frameCount = machine.memory.frameCount
        var frameOfPage: [Step: Int] = [:]
        for frame in 0..<frameCount {
            guard let (process, page) = machine.contents(ofFrame: frame) else { continue }
            let key = Step(pid: machine.processes[process].pid, page: page, write: false, kernel: false)
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
                let key = Step(pid: process.pid, page: page, write: false, kernel: false)
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
