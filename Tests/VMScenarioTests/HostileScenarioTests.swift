import Testing
import VMScenario
import VMTestSupport

/// Scenario files whose values would act on a terminal: errors quote them escaped and cut short.
struct HostileScenarioTests {
    static let process = "processes:\n  - {name: a, regions: [{name: h, start: 0x1000, pages: 2}]}\n"
    static let long = String(repeating: "x", count: 10_000)

    @Test(
        "Errors quote YAML values with escapes, controls and overrides escaped",
        arguments: [
            (
                process + "accesses:\n  - \"a R \\e[31mh\"\n",
                "expected an address or a region of a (h), found '\\u{1B}[31mh'"
            ),
            (process + "accesses:\n  - \"a W\\a h\"\n", "expected R, W or I as the access kind, found 'W\\u{7}'"),
            (process + "accesses:\n  - \"\\0 R h\"\n", "unknown process '\\0'; processes: a, kernel"),
            (process + "accesses:\n  - \"a R h:\\u202E1\"\n", "expected N or N-M after 'h:', found '\\u{202E}1'"),
            (process + "\"\\e]0;owned\\a\": 1\n", "unknown key '\\u{1B}]0;owned\\u{7}' in the scenario"),
            ("machine: {frames: \"\\e[2J\"}\n" + process, "expected frames (an integer), found '\\u{1B}[2J'"),
            (
                "processes:\n  - {name: \"\\x9B\", regions: [{name: h, start: 0, pages: 1}]}\n"
                    + "  - {name: \"\\x9B\", regions: [{name: h, start: 0, pages: 1}]}\n",
                "process '\\u{9B}' is declared twice"
            ),
            (
                "processes:\n  - {name: a, regions: [{name: h, start: 0, pages: 1, permissions: \"r\\u2066w\"}]}\n",
                "permissions are letters from 'rwx', found 'r\\u{2066}w'"
            ),
        ])
    func quoted(yaml: String, expected: String) {
        let message = ScenarioTests.error(yaml)
        #expect(message.contains(expected), "got: \(message)")
        #expect(HostileText.isPrintable(message), "\(Array(message.unicodeScalars))")
    }

    @Test("A 10,000-character value is cut to 48 characters in the message")
    func long() {
        for yaml in [
            "machine: {frames: \(Self.long)}\n" + Self.process,
            Self.process + "accesses:\n  - a R \(Self.long)\n",
            "processes:\n  - {name: a, regions: [{name: h, start: 0, pages: 1, permissions: \(Self.long)z}]}\n",
        ] {
            let message = ScenarioTests.error(yaml)
            #expect(message.contains(String(repeating: "x", count: 48) + "…'"), "got: \(message.prefix(200))")
            #expect(message.count < 300, "\(message.count) characters")
        }
    }
}
