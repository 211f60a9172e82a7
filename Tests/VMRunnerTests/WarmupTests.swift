import Foundation
import Testing
import VMCore
import VMPolicyCatalogue
import VMRunner
import VMScenario

/// A warm-up as long as the workload leaves nothing to count: refused before any cell runs, at `warmup`'s
/// line:column, with the warm-up, the workload and its length.
struct WarmupTests {
    static func experiment(_ workload: String, warmup: Int) -> String {
        "workloads:\n  - \(workload)\nmachine: {frames: 2}\npolicies: {replacement: lru}\nwarmup: \(warmup)\n"
    }

    @Test(
        "Known lengths are checked when the file is read",
        arguments: [
            (experiment("{name: a, pages: [1, 2, 3]}", warmup: 3), "workload 'a' has 3 accesses"),
            (experiment("{name: a, pages: [1, 2, 3]}", warmup: 7), "workload 'a' has 3 accesses"),
            (
                experiment("{name: b, pages: [1, 2, 3, 4], limit: 2}", warmup: 2),
                "workload 'b' has 2 accesses (limit 2)"
            ),
            (
                experiment("{name: z, synthetic: {pattern: zipf, pages: 10, accesses: 50}}", warmup: 50),
                "workload 'z' has 50 accesses"
            ),
            (
                experiment("{name: z, synthetic: {pattern: zipf, pages: 10, accesses: 50}, limit: 10}", warmup: 10),
                "workload 'z' has 10 accesses (limit 10)"
            ),
        ])
    func knownLength(yaml: String, expected: String) {
        let message = ExperimentFileTests.error(yaml)
        #expect(message.hasPrefix("exp.yaml:5:9: warmup "), "got: \(message)")
        #expect(message.contains(expected), "got: \(message)")
        #expect(message.contains("the warm-up must be shorter than every workload"), "got: \(message)")
    }

    @Test("A warm-up shorter than every workload is accepted")
    func shorter() throws {
        let experiment = try ExperimentFileTests.parse(Self.experiment("{name: a, pages: [1, 2, 3]}", warmup: 2))
        #expect(experiment.warmup == 2)
    }

    @Test("A trace's length is known once the runner has loaded it: refused before any cell runs")
    func trace() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-warmup-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "1\n2\n3\n1\n".write(to: directory.appendingPathComponent("t.pages"), atomically: true, encoding: .utf8)
        for (warmup, limit) in [(4, ""), (9, ""), (2, ", limit: 2")] {
            let yaml = Self.experiment("{name: t, trace: t.pages, format: pages\(limit)}", warmup: warmup)
            let experiment = try Experiment(
                yaml: yaml, file: "exp.yaml", baseDirectory: directory.path, registry: ExperimentFileTests.registry)
            let runner = ExperimentRunner(
                experiment: experiment, registry: ExperimentFileTests.registry,
                directory: directory.appendingPathComponent("out"), jobs: 1)
            let error = await #expect(throws: YAMLInputError.self) {
                try await runner.run(resume: false, progress: ProgressReporter(quiet: true))
            }
            #expect(error?.file == "exp.yaml" && error?.line == 5 && error?.column == 9)
            let length = limit.isEmpty ? "4 accesses" : "2 accesses (limit 2)"
            #expect(
                error?.message.hasPrefix("warmup \(warmup) leaves nothing to count: ") == true,
                "\(String(describing: error))")
            #expect(
                error?.message.contains("workload 't' (trace \(directory.path)/t.pages) has \(length)") == true,
                "\(String(describing: error))")
            let cells = directory.appendingPathComponent("out/cells")
            #expect((try? FileManager.default.contentsOfDirectory(atPath: cells.path))?.isEmpty ?? true, "no cell ran")
        }
    }
}
