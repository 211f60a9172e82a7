import Foundation
import Testing
import VMCore
import VMExperiment
import VMPolicyCatalogue
import VMRunner
import VMScenario

/// Experiment files: every field, its default, and errors with file, line and column.
struct ExperimentFileTests {
    static let registry = PolicyCatalogue.standard()

    static func parse(_ yaml: String) throws -> Experiment {
        try Experiment(yaml: yaml, file: "exp.yaml", baseDirectory: "/tmp", registry: registry)
    }

    static func error(_ yaml: String) -> String {
        do {
            _ = try parse(yaml)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test("A full file: workloads of every kind, machine, policies, warm-up and outputs")
    func full() throws {
        let experiment = try Self.parse(
            """
            name: study
            seed: 9
            workloads:
              - {name: text, pages: [1, 2, 3, 0x10], frames: [1, 2]}
              - name: z
                synthetic: {pattern: zipf, pages: 100, alpha: 0.7, accesses: 500, writes: 0.1}
              - name: m
                synthetic:
                  pattern: mix
                  quantum: 10
                  processes: [{pattern: loop, pages: 5}, {pattern: hot-cold, pages: 50}]
            machine:
              page-size: 8192
              frames: 4...16:4
              swap: [{name: fast, slots: 100, priority: 5}]
              scope: [global, local:equal]
              tlb: {entries: 16, ways: 4, policy: clock}
            policies:
              replacement: [lru, "random:seed=3"]
              allocator: [first-free, buddy]
            warmup: 3
            time-samples: 10
            outputs: {json: false, diagrams: [{workload: text, policy: lru, frames: 2}]}
            """)
        #expect(experiment.name == "study")
        #expect(experiment.workloads.map(\.name) == ["text", "z", "m"])
        #expect(experiment.frames.absolute == [4, 8, 12, 16] && experiment.sizes(of: "text") == [1, 2])
        #expect(experiment.pageSize == 8192 && experiment.warmup == 3 && experiment.timeSamples == 10)
        #expect(experiment.scopes == [.global, .local(.equal)])
        #expect(experiment.tlb?.ways == 4)
        #expect(experiment.replacement.map(\.description) == ["lru", "random:seed=3"])
        #expect(experiment.allocators.count == 2 && experiment.placements.map(\.description) == ["first-free"])
        #expect(!experiment.outputs.json && experiment.outputs.csv && experiment.outputs.diagrams.count == 1)
        if case .synthetic(_, let accesses, let writes, let seed) = experiment.workloads[1].source {
            #expect(accesses == 500 && writes == 0.1 && seed == 9, "the file's seed is the default")
        } else {
            Issue.record("z is synthetic")
        }
        // text: 2 sizes, z and m: 4 sizes; × 2 scopes × 2 allocators × (2 policies + OPT floor).
        let cells = experiment.cells()
        #expect(cells.count == (2 + 4 + 4) * 2 * 2 * 3)
        #expect(cells.filter(\.isFloor).allSatisfy { $0.replacement == "opt" })
        #expect(Set(cells.map(\.id)).count == cells.count, "ids are unique")
    }

    @Test("'all' expands to every registered replacement policy")
    func all() throws {
        let experiment = try Self.parse(
            "workloads: [{name: a, pages: [1]}]\nmachine: {frames: 1}\npolicies: {replacement: all}\n")
        #expect(experiment.replacement.map(\.description) == Self.registry.names(of: .replacement))
    }

    @Test(
        "Mistakes give file:line:column and what was expected",
        arguments: [
            (
                "workloads: []\nmachine: {frames: 1}\npolicies: {replacement: lru}\nwarmpu: 3\n",
                "exp.yaml:4:1: unknown key 'warmpu' in the experiment; valid keys: name, seed"
            ),
            (
                "workloads: [{name: a, pages: [1]}]\nmachine: {frames: 1}\npolicies: {replacement: lfu2}\n",
                "exp.yaml:3:25: unknown replacement policy 'lfu2'; valid names: 2q"
            ),
            (
                "workloads: [{name: a, pages: [1]}]\nmachine: {frames: 4...2}\npolicies: {replacement: lru}\n",
                "exp.yaml:2:19: frames: expected LOW...HIGH with LOW <= HIGH, found '4...2'"
            ),
            (
                "workloads: [{name: a, pages: [1]}]\nmachine: {frames: x}\npolicies: {replacement: lru}\n",
                "exp.yaml:2:19: frames: expected N, N%, LOW...HIGH, LOW...HIGH:STEP or LOW...HIGH:xFACTOR, found 'x'"
            ),
            (
                "workloads: [{name: a, synthetic: {pattern: zipff, pages: 3}}]\nmachine: {frames: 1}\npolicies: {replacement: lru}\n",
                "exp.yaml:1:44: unknown pattern 'zipff'; patterns: sequential, loop"
            ),
            (
                "workloads: [{name: a, pages: [1], trace: x}]\nmachine: {frames: 1}\npolicies: {replacement: lru}\n",
                "exp.yaml:1:13: workload 'a' needs exactly one of trace, pages or synthetic"
            ),
            (
                "workloads: [{name: a, trace: nothere.zst}]\nmachine: {frames: 1}\npolicies: {replacement: lru}\n",
                "exp.yaml:1:30: no trace file at /tmp/nothere.zst"
            ),
            (
                "workloads: [{name: a, pages: [1]}]\npolicies: {replacement: lru}\n",
                "exp.yaml:1:1: machine needs 'frames'"
            ),
            (
                "workloads: [{name: a, pages: [1]}]\nmachine: {frames: 1, scope: locale}\npolicies: {replacement: lru}\n",
                "exp.yaml:2:29: scope 'locale': expected global"
            ),
            (
                "workloads: [{name: a, pages: [1]}]\nmachine: {frames: 1}\npolicies: {replacement: lru}\noutputs: {csv: maybe}\n",
                "exp.yaml:4:16: expected csv to be true or false, found 'maybe'"
            ),
            (
                "workloads: [{name: a, pages: [1]}]\nmachine: {frames: 1}\npolicies: {replacement: lru}\noutputs: {diagrams: [{workload: b, policy: lru, frames: 1}]}\n",
                "exp.yaml:4:33: unknown workload 'b'; workloads: a"
            ),
        ])
    func errors(yaml: String, expected: String) {
        let message = Self.error(yaml)
        #expect(message.hasPrefix(expected), "got: \(message)")
    }
}

/// The example experiment files parse.
struct ExampleExperimentTests {
    @Test("Every file in Examples/experiments/ is a valid experiment")
    func examples() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = root.appendingPathComponent("Examples/experiments")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 4)
        for file in files {
            let experiment = try Experiment(
                contentsOf: folder.appendingPathComponent(file).path, registry: ExperimentFileTests.registry)
            #expect(!experiment.cells().isEmpty, "\(file)")
        }
    }
}
