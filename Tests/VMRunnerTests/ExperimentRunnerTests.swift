import Foundation
import Testing
import VMCore
import VMExperiment
import VMPolicyCatalogue
import VMRunner

/// Running experiments: the same results whatever the parallelism, resume after an interruption, shards,
/// warm-up, anomalies and the report files.
struct ExperimentRunnerTests {
    static let registry = PolicyCatalogue.standard()
    static let yaml = """
        name: runner-test
        workloads:
          - {name: belady, pages: [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5], frames: 1...5}
          - name: mix
            synthetic:
              pattern: mix
              quantum: 7
              accesses: 3000
              writes: 0.3
              processes: [{pattern: zipf, pages: 40}, {pattern: loop, pages: 9}]
        machine: {frames: [4, 8, 16], swap: [{name: s, slots: 200}]}
        policies: {replacement: [fifo, lru, clock]}
        time-samples: 5
        """

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-runner-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func experiment(_ text: String = yaml) throws -> Experiment {
        try Experiment(yaml: text, file: "t.yaml", baseDirectory: "/tmp", registry: registry)
    }

    static func run(jobs: Int, directory: URL, resume: Bool = false, shard: (Int, Int)? = nil) async throws
        -> [CellResult]
    {
        let runner = ExperimentRunner(
            experiment: try experiment(), registry: registry, directory: directory, jobs: jobs,
            shard: shard.map { (index: $0.0, count: $0.1) })
        return try await runner.run(resume: resume, progress: ProgressReporter(isTerminal: false, quiet: true))
    }

    @Test("The same results and the same files with 1 job and with 4")
    func parallelismDoesNotMatter() async throws {
        let one = try Self.temporaryDirectory()
        let four = try Self.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: one)
            try? FileManager.default.removeItem(at: four)
        }
        let serial = try await Self.run(jobs: 1, directory: one)
        let parallel = try await Self.run(jobs: 4, directory: four)
        #expect(serial.map(\.result) == parallel.map(\.result))
        #expect(serial.map(\.faultsOverTime) == parallel.map(\.faultsOverTime))
        let experiment = try Self.experiment()
        let first = ExperimentReport(experiment: experiment, results: serial)
        let second = ExperimentReport(experiment: experiment, results: parallel.reversed())
        #expect(first.resultsCSV() == second.resultsCSV())
        #expect(try first.resultsJSON() == second.resultsJSON())
    }

    @Test("An interrupted run resumes: stored cells are reused, the rest run, the results are the same")
    func resume() async throws {
        let directory = try Self.temporaryDirectory()
        let reference = try Self.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(at: reference)
        }
        // "Interrupted" after half the cells: the even ones are stored.
        let partial = try await Self.run(jobs: 2, directory: directory, shard: (0, 2))
        let cellFiles = directory.appendingPathComponent("cells")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cellFiles.path).count == partial.count)
        // A stored result from a different definition is not reused: corrupt one file's definition.
        let victim = cellFiles.appendingPathComponent("\(partial[0].cell.id).json")
        var text = try String(contentsOf: victim, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"definition\" : \"", with: "\"definition\" : \"stale ")
        try text.write(to: victim, atomically: true, encoding: .utf8)
        let runner = ExperimentRunner(
            experiment: try Self.experiment(), registry: Self.registry, directory: directory, jobs: 2)
        #expect(runner.storedResults().count == partial.count - 1)
        let resumed = try await Self.run(jobs: 2, directory: directory, resume: true)
        let fresh = try await Self.run(jobs: 2, directory: reference)
        #expect(resumed.count == fresh.count)
        #expect(resumed.map(\.result) == fresh.map(\.result))
    }

    @Test("Shards partition the cells")
    func shards() throws {
        let experiment = try Self.experiment()
        let all = experiment.cells().map(\.id)
        var seen: [String] = []
        for index in 0..<3 {
            let runner = ExperimentRunner(
                experiment: experiment, registry: Self.registry, directory: URL(fileURLWithPath: "/tmp"), jobs: 1,
                shard: (index: index, count: 3))
            seen += runner.assignedCells().map(\.id)
        }
        #expect(seen.sorted() == all.sorted())
    }

    @Test("Belady's anomaly is found for FIFO on the textbook string, never for LRU or OPT")
    func anomalies() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let results = try await Self.run(jobs: 2, directory: directory)
        let report = ExperimentReport(experiment: try Self.experiment(), results: results)
        let belady = report.anomalies().filter { $0.workload == "belady" }
        #expect(belady.contains { $0.policy == "fifo" && $0.smaller == 3 && $0.larger == 4 && $0.faultsLarger == 10 })
        #expect(!report.anomalies().contains { $0.policy == "lru" || $0.policy == "opt" })
        #expect(report.summaryTable().contains("Belady's anomaly: belady, fifo: 9 faults with 3 frames, 10 with 4"))
    }

    @Test("Warm-up accesses run but are not counted")
    func warmup() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = """
            workloads: [{name: a, pages: [1, 2, 3, 1, 2, 3, 4, 1]}]
            machine: {frames: 3}
            policies: {replacement: lru}
            warmup: 3
            outputs: {plots: false}
            """
        let experiment = try Self.experiment(text)
        let runner = ExperimentRunner(experiment: experiment, registry: Self.registry, directory: directory, jobs: 1)
        let results = try await runner.run(resume: false, progress: ProgressReporter(quiet: true))
        #expect(results.count == 1)
        // After 1 2 3 (warm-up): 1 2 3 hit, 4 faults (evicts 1), 1 faults.
        #expect(results[0].result.accesses == 5 && results[0].result.faults == 2 && results[0].result.hits == 3)
    }

    @Test("The report: CSV, JSON, plots and a self-contained index.html with escaped text")
    func files() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let results = try await Self.run(jobs: 2, directory: directory)
        let report = ExperimentReport(experiment: try Self.experiment(), results: results)
        let files = try report.write(to: directory, registry: Self.registry)
        let names = Set(files.map { URL(fileURLWithPath: $0).lastPathComponent })
        #expect(
            names.isSuperset(of: [
                "results.csv", "processes.csv", "results.json", "index.html", "belady-miss-ratio.svg",
                "mix-working-set.svg",
            ]))
        let csv = try String(contentsOf: directory.appendingPathComponent("results.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 1 + results.count)
        #expect(csv.contains("\nbelady,fifo,4,12,2,10,0.833333,"))
        #expect(csv.contains(",first-free,first-free,global,4096,,false\n"))
        let processes = try String(contentsOf: directory.appendingPathComponent("processes.csv"), encoding: .utf8)
        #expect(processes.contains("mix,lru,first-free,first-free,global,8,2,pid 2,"))
        let html = try String(contentsOf: directory.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("3 → 4 frames: 9 → 10 faults"), "the plots, anomaly marked")
        #expect(!html.contains("src=\"http") && !html.contains("<link"), "self-contained")
        let plot = try String(
            contentsOf: directory.appendingPathComponent("plots/belady-miss-ratio.svg"), encoding: .utf8)
        let fifo = try #require(
            plot.components(separatedBy: "<g class=\"series\"").first { $0.contains("data-series=\"fifo") })
        #expect(fifo.contains("<g class=\"mark anomaly\">"), "the anomaly is ringed on FIFO's line")
        #expect(fifo.contains("3 → 4 frames: 9 → 10 faults"))
        #expect(
            FileManager.default.fileExists(atPath: directory.appendingPathComponent("plots/belady-miss-ratio.png").path)
        )
    }
}
