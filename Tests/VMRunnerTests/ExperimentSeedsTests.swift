import Testing
import VMCore
import VMPolicyCatalogue
import VMRunner

/// `seeds:` runs every seeded replacement policy once per seed; the chart draws them as a mean with a band.
struct ExperimentSeedsTests {
    static func parse(_ seeds: String, policies: String = "[lru, random, ostep-rand:seed=4]") throws -> Experiment {
        try Experiment(
            yaml: """
                name: s
                seeds: \(seeds)
                workloads: [{name: w, pages: [1, 2, 3, 1, 2, 4]}]
                machine: {frames: [2, 3]}
                policies: {replacement: \(policies)}
                """, file: "exp.yaml", baseDirectory: "/tmp", registry: PolicyCatalogue.standard())
    }

    @Test("A range or a list expands seeded policies without a seed; others and explicit seeds stay")
    func expands() throws {
        let range = try Self.parse("1...3").replacement.map(\.description)
        #expect(range == ["lru", "random:seed=1", "random:seed=2", "random:seed=3", "ostep-rand:seed=4"])
        let list = try Self.parse("[7, 9]").replacement.map(\.description)
        #expect(list == ["lru", "random:seed=7", "random:seed=9", "ostep-rand:seed=4"])
    }

    @Test(
        "Bad seeds are refused with the file, the position and what was expected",
        arguments: [
            ("5...1", "expected a range like 1...10"), ("x", "expected a range like 1...10"),
            ("0...5000", "5001 seeds; expected at most 1000"), ("[]", "0 seeds; expected 1 to 1000"),
            ("[-1]", "seed"),
        ])
    func refused(seeds: String, message: String) {
        do {
            _ = try Self.parse(seeds)
            Issue.record("seeds: \(seeds) was accepted")
        } catch {
            #expect("\(error)".contains("exp.yaml:2:"), "\(error)")
            #expect("\(error)".contains(message), "\(error)")
        }
    }
}
