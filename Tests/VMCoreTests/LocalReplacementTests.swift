import Testing
import VMCore
import VMTestSupport

/// Local replacement: per-process policy instances and frame budgets (equal, proportional, page-fault frequency).
struct LocalReplacementTests {
    static func touch(_ machine: Machine, _ pid: UInt32, _ pages: [UInt64], kind: AccessKind = .read) throws {
        for page in pages {
            try machine.step(Access(pid: pid, page: page, kind: kind, pageShift: machine.layout.pageShift))
        }
    }

    @Test("Scopes parse from text, with clear errors")
    func parsing() throws {
        #expect(try ReplacementScope(parsing: "global") == .global)
        #expect(try ReplacementScope(parsing: "local") == .local(.equal))
        #expect(try ReplacementScope(parsing: "local:proportional") == .local(.proportional))
        #expect(
            try ReplacementScope(parsing: "local:pff:grow=5,shrink=50")
                == .local(.pageFaultFrequency(growBelow: 5, shrinkAbove: 50)))
        #expect(throws: VMError.self) { try ReplacementScope(parsing: "locale") }
        #expect(throws: VMError.self) { try ReplacementScope(parsing: "local:pff:grow=9,shrink=3") }
    }

    @Test("Under global LRU a thrashing process steals the other's frames; under local equal budgets it cannot")
    func isolation() throws {
        for scope in [ReplacementScope.global, .local(.equal)] {
            let machine = try Workbench.machine(policy: "lru", frames: 6, scope: scope)
            try Self.touch(machine, 2, [0, 1])
            try Self.touch(machine, 1, Array(0..<10) + Array(0..<10))
            try Self.touch(machine, 2, [0, 1])
            let quietFaults = machine.counters(ofProcess: 0).faults
            if scope == .global {
                #expect(quietFaults == 4, "its two pages were evicted and fault again")
            } else {
                #expect(quietFaults == 2, "its two pages stayed in its budget of 3")
                #expect(machine.budget(ofProcess: 0) == 3 && machine.budget(ofProcess: 1) == 3)
                #expect(machine.residentPages(ofProcess: 1) == 3, "the thrashing process replaces its own pages")
                #expect(machine.residentPages == 5, "a frame stays free: local replacement does not use it")
            }
        }
    }

    @Test("A process under budget takes a frame from the one furthest over it")
    func rebalance() throws {
        let machine = try Workbench.machine(policy: "fifo", frames: 4, scope: .local(.equal))
        try Self.touch(machine, 1, [0, 1, 2, 3])
        #expect(machine.residentPages(ofProcess: 0) == 4, "alone, it may use every frame")
        try Self.touch(machine, 2, [7])
        #expect(machine.residentPages(ofProcess: 0) == 3 && machine.residentPages(ofProcess: 1) == 1)
        #expect(machine.contents(ofFrame: 0)?.process == 1, "FIFO in process 1's own list: its page 0 left")
        try Self.touch(machine, 2, [8])
        #expect(machine.residentPages(ofProcess: 0) == 2 && machine.residentPages(ofProcess: 1) == 2)
        try Self.touch(machine, 2, [9])
        #expect(machine.residentPages(ofProcess: 1) == 2, "at budget 2, it replaces its own page")
    }

    @Test("Proportional budgets follow the declared mapped size")
    func proportional() throws {
        let machine = try Workbench.machine(policy: "lru", frames: 8, scope: .local(.proportional))
        try machine.addProcess(pid: 1, regions: [MemoryRegion(name: "big", firstPage: 0, pageCount: 30)])
        try machine.addProcess(pid: 2, regions: [MemoryRegion(name: "small", firstPage: 0, pageCount: 10)])
        #expect(machine.budget(ofProcess: 0) == 6 && machine.budget(ofProcess: 1) == 2)
        try Self.touch(machine, 2, Array(0..<10))
        #expect(machine.residentPages(ofProcess: 1) == 2)
    }

    @Test("Page-fault frequency grows the budget of a process that faults often and shrinks an idle one")
    func pageFaultFrequency() throws {
        let rule = FrameBudgetRule.pageFaultFrequency(growBelow: 3, shrinkAbove: 20)
        let machine = try Workbench.machine(policy: "lru", frames: 16, scope: .local(rule))
        try Self.touch(machine, 1, [0])
        try machine.addProcess(pid: 2)
        #expect(machine.budget(ofProcess: 0) == 16, "the first process started alone: all frames")
        #expect(machine.budget(ofProcess: 1) == 8, "a newcomer gets an equal share of the frames")
        try Self.touch(machine, 2, Array(0..<12))
        #expect(machine.budget(ofProcess: 1)! > 8, "a fault at every access: the budget grows")
        try Self.touch(machine, 1, Array(repeating: 0, count: 30) + [1] + Array(repeating: 1, count: 30) + [2])
        #expect(machine.budget(ofProcess: 0)! < 16, "faults 30 accesses apart: the budget shrinks")
    }

    @Test(
        "Local scope keeps every invariant under churn and out-of-memory kills",
        arguments: ["equal", "proportional", "pff"])
    func churn(rule: String) throws {
        let machine = try Workbench.machine(
            policy: "clock", frames: 7, swapDevices: [SwapDeviceConfiguration(name: "s", slots: 12)],
            scope: ReplacementScope(parsing: "local:\(rule)"))
        var generator = SplitMix64(seed: 11)
        for _ in 0..<2000 {
            let pid = UInt32(1 + generator.next(below: 3))
            let kind: AccessKind = generator.next(below: 2) == 0 ? .write : .read
            try Self.touch(machine, pid, [UInt64(generator.next(below: 9))], kind: kind)
        }
        #expect(machine.totals.accesses == 2000)
        #expect(machine.oomEvents >= 1)
    }
}
