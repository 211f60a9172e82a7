import Testing
import VMScenario

/// Access lines that expand to more accesses than a scenario may hold. Found by reading the parser during the
/// fuzzing work and reproduced with the fuzz-scenario target (out of memory: a 2 GiB allocation and more).
struct ScenarioAccessLimitTests {
    static func scenario(accesses: [String]) throws(YAMLInputError) -> Scenario {
        try Scenario(
            yaml: """
                processes:
                  - name: a
                    regions: [{name: heap, start: 0x10000000, pages: 4096}]
                accesses:
                """ + accesses.map { "\n  - \($0)" }.joined(),
            file: "s.yaml")
    }

    @Test("A repeat that would pass 2^24 accesses is an error at its line, before anything is expanded")
    func hugeRepeat() {
        let error = #expect(throws: YAMLInputError.self) { try Self.scenario(accesses: ["a R heap x1000000"]) }
        #expect(error?.line == 5)
        #expect(error?.message == "'a R heap x1000000' would take the scenario past 16777216 accesses")
    }

    @Test("The limit counts the whole scenario; up to it, lines expand as before")
    func cumulative() throws {
        #expect(try Self.scenario(accesses: ["a R heap x4096"]).accesses.count == Scenario.maximumAccesses)
        let error = #expect(throws: YAMLInputError.self) {
            try Self.scenario(accesses: ["a R heap x4095", "a W heap:0-4095", "a R 0x10000000"])
        }
        #expect(error?.line == 7)
    }
}
