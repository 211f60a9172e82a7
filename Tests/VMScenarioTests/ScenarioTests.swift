import Foundation
import Testing
import VMCore
import VMPolicyCatalogue
import VMScenario

struct ScenarioTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("The built-in classic scenario is the file in Examples/ and its virtual memory exceeds RAM")
    func classic() throws {
        let path = Self.root.appendingPathComponent("Examples/scenarios/classic.yaml").path
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Scenario.classicYAML)
        let scenario = Scenario.classic()
        #expect(scenario.processes.map(\.name) == ["editor", "browser", "compiler"])
        let virtualPages = scenario.processes.reduce(0) { $0 + $1.regions.reduce(0) { $0 + Int($1.pageCount) } }
        #expect(virtualPages > scenario.frames * 2)
        #expect(scenario.accesses.contains { $0.pid == Access.kernelPID })
        #expect(scenario.accesses.contains { $0.mode == .kernel && $0.pid != Access.kernelPID })
    }

    @Test("The classic scenario runs: RAM fills, pages go to swap, the kernel reaches frames and user pages")
    func classicRuns() throws {
        let scenario = Scenario.classic()
        let machine = try scenario.makeMachine(registry: PolicyCatalogue.standard(), checksInvariants: true)
        for access in scenario.accesses { try machine.step(access) }
        #expect(machine.residentPages == scenario.frames)
        #expect(machine.totals.swapOuts > 0 && machine.totals.swapIns > 0)
        #expect(machine.kernel.directMapAccesses == 2)
        #expect(machine.kernel.userPageAccesses == 1)
        #expect(machine.totals.segmentationFaults == 0 && machine.totals.protectionFaults == 0)
    }

    @Test("Access lines: regions, page ranges, addresses, repeats and kernel targets expand as documented")
    func accessLines() throws {
        let scenario = try Scenario(
            yaml: """
                machine: {frames: 4, page-size: 4096}
                processes:
                  - {name: a, pid: 7, regions: [{name: heap, start: 0x10000, pages: 4}]}
                accesses:
                  - a R heap
                  - a W heap:1-2 x2
                  - a I 0x10fff
                  - kernel R frame:3
                  - kernel W a:heap:0
                """, file: "t.yaml")
        let pages = scenario.accesses.map { $0.address >> 12 }
        #expect(pages.prefix(9) == [16, 17, 18, 19, 17, 18, 17, 18, 16])
        #expect(scenario.accesses[4].kind == .write && scenario.accesses[8].kind == .fetch)
        let direct = scenario.accesses[9]
        #expect(direct.pid == Access.kernelPID && direct.address == 0xffff_8880_0000_3000)
        let user = scenario.accesses[10]
        #expect(user.pid == 7 && user.mode == .kernel && user.address == 0x10000 && user.kind == .write)
    }

    /// The error `yaml` gives, as `file:line:column: message`.
    static func error(_ yaml: String) -> String {
        do {
            _ = try Scenario(yaml: yaml, file: "bad.yaml")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test(
        "Mistakes name the file, line and column, and what was expected",
        arguments: [
            (
                "processes: []\nframe: 3\n",
                "bad.yaml:2:1: unknown key 'frame' in the scenario; valid keys: title, machine"
            ),
            ("machine: {frames: many}\nprocesses: []\n", "bad.yaml:1:19: expected frames (an integer), found 'many'"),
            ("machine: {frames: 0}\nprocesses: []\n", "bad.yaml:1:19: frames must be in 1...1000000, found 0"),
            ("machine: {page-size: 3000}\nprocesses: []\n", "bad.yaml:1:22: page-size must be a power of two"),
            ("processes: []\n", "bad.yaml:1:12: a scenario needs at least one process"),
            (
                "processes:\n  - {name: a, regions: [{name: h, start: 0x1000, pages: 2}]}\naccesses:\n  - b R h\n",
                "bad.yaml:4:5: unknown process 'b'; processes: a, kernel"
            ),
            (
                "processes:\n  - {name: a, regions: [{name: h, start: 0x1000, pages: 2}]}\naccesses:\n  - a R 0x9000\n",
                "bad.yaml:4:5: address 0x9000 is outside every region of a"
            ),
            (
                "processes:\n  - {name: a, regions: [{name: h, start: 0x1000, pages: 2}]}\naccesses:\n  - a R h:1-5\n",
                "bad.yaml:4:5: h has pages 0-1; '1-5' is outside it"
            ),
            (
                "processes:\n  - {name: a, regions: [{name: h, start: 0x1001, pages: 2}]}\n",
                "bad.yaml:2:42: start 0x1001 is not page-aligned"
            ),
            ("processes: [\n", "bad.yaml:2:1: YAML syntax"),
        ])
    func errors(yaml: String, expected: String) {
        let message = Self.error(yaml)
        #expect(message.hasPrefix(expected), "got: \(message)")
    }
}
