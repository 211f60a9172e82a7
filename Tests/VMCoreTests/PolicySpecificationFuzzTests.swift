import Testing
import VMCore

/// Inputs found by `make fuzz` (target policy-spec): each failed a property before its fix.
struct PolicySpecificationFuzzTests {
    @Test("A combining mark after '=' stays in the value, and the description parses back to the same arguments")
    func combiningMarkAfterSeparator() throws {
        // Reduced from the fuzzer's input: tabs, then U+034E. Trimming the tabs left the mark at the start of the
        // value; the description put it right after '=', where it joined the '=' into one Character, and the
        // re-parse split the pair at a later '=' instead (key "out=\u{34E}x\tsiz", value "4").
        let specification = try PolicySpecification(parsing: "2q:in=0.25,out=\t\t\u{34E}x\tsiz\te=4")
        #expect(specification.arguments.map(\.key) == ["in", "out"])
        #expect(specification.arguments[1].value == "\u{34E}x\tsiz\te=4")
        #expect(try PolicySpecification(parsing: specification.description) == specification)
    }

    @Test("Combining marks after ':' and ',' do not hide the separators")
    func combiningMarkAfterColonAndComma() throws {
        let specification = try PolicySpecification(parsing: "lru:\u{301}a=1,\u{301}b=2")
        #expect(specification.name == "lru")
        #expect(specification.arguments.map(\.key) == ["\u{301}a", "\u{301}b"])
        #expect(try PolicySpecification(parsing: specification.description) == specification)
    }

    @Test("A space joined by a combining mark is trimmed as a space; ordinary specifications parse as before")
    func trimming() throws {
        #expect(try PolicySpecification(parsing: " random : seed = 7 ").description == "random:seed=7")
        let marked = try PolicySpecification(parsing: "lru:k= \u{301}")
        #expect(marked.arguments[0].value == "\u{301}")
        #expect(try PolicySpecification(parsing: marked.description) == marked)
        #expect(throws: VMError.self) { try PolicySpecification(parsing: "lru:") }
        #expect(throws: VMError.self) { try PolicySpecification(parsing: " :k=1") }
        #expect(throws: VMError.self) { try PolicySpecification(parsing: "lru:k=1,k=2") }
    }
}
