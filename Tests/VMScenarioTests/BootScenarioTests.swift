import Foundation
import Testing
import VMCore
import VMPolicyCatalogue
import VMScenario

/// The boot scenario and the kernel's physical mode (`kernel R phys:N`).
struct BootScenarioTests {
    @Test("Examples/scenarios/boot.yaml runs: paging off, then the direct map, then init's table grows to radix")
    func boot() throws {
        let path = ScenarioTests.root.appendingPathComponent("Examples/scenarios/boot.yaml").path
        let scenario = try Scenario(contentsOf: path)
        #expect(scenario.accesses.prefix(4).allSatisfy { $0.mode == .physical && $0.pid == Access.kernelPID })
        let machine = try scenario.makeMachine(registry: PolicyCatalogue.standard(), checksInvariants: true)
        for access in scenario.accesses.prefix(4) { try machine.step(access) }
        #expect(machine.kernel.physicalAccesses == 4)
        #expect(machine.kernel.directMapAccesses == 0)
        #expect(machine.memory.freeCount == scenario.frames, "physical-mode writes touch no page table")
        for access in scenario.accesses.dropFirst(4) { try machine.step(access) }
        #expect(machine.kernel.directMapAccesses == 5)
        #expect(machine.kernel.badAccesses == 0)
        let table = try #require(machine.process(pid: 1)).pageTable
        #expect(!table.isCompact)
        #expect(table.tablesPerLevel == [1, 2, 3, 4])
    }

    @Test("phys:N reaches frame N with no translation; past the last frame is an error or a bad access")
    func physicalMode() throws {
        let yaml = """
            machine: {frames: 4}
            processes: [{name: p, regions: [{name: r, start: 0x1000, pages: 1}]}]
            accesses: [p R r, kernel W phys:0, kernel R phys:1-3]
            """
        let scenario = try Scenario(yaml: yaml, file: "t.yaml")
        #expect(scenario.accesses[1] == Access(pid: 0, address: 0, kind: .write, mode: .physical))
        #expect(scenario.accesses[3].address == 0x2000)
        let machine = try scenario.makeMachine(registry: PolicyCatalogue.standard(), checksInvariants: true)
        for access in scenario.accesses { try machine.step(access) }
        #expect(machine.kernel.physicalAccesses == 4)
        // Frame 0 holds p's page, read clean; the kernel's physical write dirtied it.
        #expect(try #require(machine.process(pid: 1)).pageTable.entry(ofPage: 1).isDirty)
        let record = try machine.explainStep(Access(pid: 0, address: 0x3000, kind: .read, mode: .physical))
        #expect(record.outcome == .kernel)
        #expect(record.frame == 3)
        try machine.step(Access(pid: 0, address: 0x4000, kind: .read, mode: .physical))
        #expect(machine.kernel.badAccesses == 1, "frame 4 does not exist")
        #expect(throws: YAMLInputError.self) {
            try Scenario(
                yaml: "machine: {frames: 4}\nprocesses: [{name: p, regions: []}]\naccesses: [kernel R phys:4]",
                file: "t.yaml")
        }
    }
}
