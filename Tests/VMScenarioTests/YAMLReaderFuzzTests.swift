import Testing
import VMScenario

/// Inputs found by `make fuzz` (target scenario): each failed a property before its fix.
struct YAMLReaderFuzzTests {
    @Test("Repeated keys, one of them a list: the same error at every parse, without the file quoted in it")
    func repeatedComplexKeys() {
        // Reduced from the fuzzer's input, where `policies`, `processes` and a list used as a key were repeated:
        // Yams sorts the repeated keys with a comparison that is not total across kinds of node, so the position
        // and order it reported changed from one parse to the next.
        let text = "b: 1\n? [x]\n: 2\na: 3\n? [x]\n: 4\nb: 5\na: 6\n"
        let errors = (0..<20).map { _ in
            #expect(throws: YAMLInputError.self) { try Scenario(yaml: text, file: "s.yaml") }
        }
        let expected = YAMLInputError(
            file: "s.yaml", line: 1, column: 1, message: "a mapping repeats the keys 'a', 'b', a list or mapping")
        for error in errors { #expect(error == expected) }
    }

    @Test("Repeated text keys are reported at the second one's position, naming the first")
    func repeatedKeys() {
        let error = #expect(throws: YAMLInputError.self) {
            try Scenario(yaml: "title: t\nprocesses: []\ntitle: u\n", file: "s.yaml")
        }
        #expect(
            error
                == YAMLInputError(
                    file: "s.yaml", line: 3, column: 1, message: "duplicate key 'title' (first at line 1, column 1)"))
        let nested = #expect(throws: YAMLInputError.self) {
            try Scenario(yaml: "title: t\nmachine:\n  frames: 4\n  swap: []\n  frames: 5\n", file: "s.yaml")
        }
        #expect(nested?.line == 5 && nested?.column == 3)
        #expect(nested?.message == "duplicate key 'frames' (first at line 3, column 3)")
    }
}
