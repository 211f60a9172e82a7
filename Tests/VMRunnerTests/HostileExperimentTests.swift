import Testing
import VMTestSupport

/// Experiment files whose values would act on a terminal: errors quote them escaped and cut short.
struct HostileExperimentTests {
    static func experiment(workload: String = "{name: a, pages: [1]}", frames: String = "1", policy: String = "lru")
        -> String
    {
        "workloads: [\(workload)]\nmachine: {frames: \(frames)}\npolicies: {replacement: \(policy)}\n"
    }

    static let long = String(repeating: "x", count: 10_000)

    @Test(
        "Errors quote YAML values with escapes, controls and overrides escaped",
        arguments: [
            (
                experiment(workload: "{name: \"\\e[31m\", pages: [1]}"),
                "a workload name must be letters, digits, '-', '_' or '.', found '\\u{1B}[31m'"
            ),
            (experiment(frames: "\"\\e]0;x\\a\""), "LOW...HIGH:xFACTOR, found '\\u{1B}]0;x\\u{7}'"),
            (experiment(policy: "\"lru\\u202E\""), "unknown replacement policy 'lru\\u{202E}'; valid names:"),
            (experiment(policy: "\"random:seed=\\x9B\""), "expects integer value, found '\\u{9B}'"),
            (
                experiment() + "outputs: {csv: \"\\0\"}\n",
                "expected csv to be true or false, found '\\0'"
            ),
            (
                experiment(workload: "{name: a, synthetic: {pattern: \"zipf\\r\", pages: 3}}"),
                "unknown pattern 'zipf\\r'; patterns:"
            ),
            (
                experiment(workload: "{name: a, trace: \"t\\e[2J.txt\"}"),
                "no trace file at /tmp/t\\u{1B}[2J.txt"
            ),
        ])
    func quoted(yaml: String, expected: String) {
        let message = ExperimentFileTests.error(yaml)
        #expect(message.contains(expected), "got: \(message)")
        #expect(HostileText.isPrintable(message), "\(Array(message.unicodeScalars))")
    }

    @Test("A 10,000-character value is cut to 48 characters in the message")
    func long() {
        for yaml in [
            Self.experiment(frames: Self.long),
            Self.experiment(workload: "{name: \(Self.long)%, pages: [1]}"),
            Self.experiment(policy: "\(Self.long)"),
            Self.experiment() + "seed: \(Self.long)\n",
        ] {
            let message = ExperimentFileTests.error(yaml)
            #expect(message.contains(String(repeating: "x", count: 48) + "…'"), "got: \(message.prefix(200))")
            #expect(!message.contains(String(repeating: "x", count: 49)), "got: \(message.prefix(200))")
        }
    }
}
