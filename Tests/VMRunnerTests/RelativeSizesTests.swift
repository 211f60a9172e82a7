import Foundation
import Testing
import VMCore
import VMExperiment
import VMPolicyCatalogue
import VMRunner
import VMScenario

/// Relative sizes (`5%`) in experiment files: resolved per workload from its distinct pages, shown per workload.
struct RelativeSizesTests {
    static let registry = PolicyCatalogue.standard()

    /// An experiment over a 200-page trace (each page twice), the same trace cut to 50 accesses, and a 10-page list.
    static func experiment(frames: String, in directory: URL) throws -> Experiment {
        let pages = (0..<400).map { String($0 % 200) }.joined(separator: "\n") + "\n"
        try pages.write(to: directory.appendingPathComponent("t.pages"), atomically: true, encoding: .utf8)
        let yaml = """
            workloads:
              - {name: trace, trace: t.pages}
              - {name: cut, trace: t.pages, limit: 50}
              - {name: list, pages: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2]}
            machine: {frames: \(frames)}
            policies: {replacement: [fifo, lru]}
            outputs: {plots: false}
            """
        return try Experiment(
            yaml: yaml, file: "e.yaml", baseDirectory: directory.path, registry: registry)
    }

    @Test("Each workload's sizes come from its own distinct pages (limit applied); duplicates are dropped with a note")
    func perWorkload() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-relative-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let parsed = try Self.experiment(frames: "[10%, 50%, 64...128:x2, 5]", in: directory)
        #expect(parsed.sizes(of: "trace").isEmpty, "relative sizes count only once resolved")
        let (experiment, notes) = try parsed.resolvingSizes()
        #expect(experiment.sizes(of: "trace") == [20, 100, 64, 128, 5])
        #expect(experiment.sizes(of: "cut") == [5, 25, 64, 128])
        #expect(experiment.sizes(of: "list") == [1, 5, 64, 128])
        #expect(experiment.distinctPages == ["trace": 200, "cut": 50, "list": 10])
        #expect(
            notes == [
                "workload cut (50 distinct pages): 10% and 5 give 5 frames; each size runs once",
                "workload list (10 distinct pages): 50% and 5 give 5 frames; each size runs once",
            ])
        let cells = experiment.cells().filter { $0.workload == "list" && $0.replacement == "lru" }
        #expect(cells.map(\.frames) == [1, 5, 64, 128])

        let report = ExperimentReport(experiment: experiment, results: [])
        #expect(
            report.sizesSummary()
                == "frames trace 20 (10%), 100 (50%), 64, 128, 5; cut 5 (10%), 25 (50%), 64, 128; "
                + "list 1 (10%), 5 (50%), 64, 128")
        #expect(experiment.relativeSize(of: "trace", frames: 100) == "50%")
        #expect(experiment.relativeSize(of: "trace", frames: 64) == nil)
    }

    @Test("Relative sizes reach results.csv and results.json")
    func inResults() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-relative-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (experiment, _) = try Self.experiment(frames: "\"25%,8\"", in: directory).resolvingSizes()
        let runner = ExperimentRunner(
            experiment: experiment, registry: Self.registry, directory: directory.appendingPathComponent("out"),
            jobs: 2)
        let results = try await runner.run(resume: false, progress: ProgressReporter(quiet: true))
        let report = ExperimentReport(experiment: experiment, results: results)
        let lines = report.resultsCSV().split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let column = try #require(lines[0].firstIndex(of: "relative_size"))
        let frames = try #require(lines[0].firstIndex(of: "frames"))
        let trace = lines.dropFirst().filter { $0[0] == "trace" && $0[1] == "fifo" }
        #expect(trace.map { "\($0[frames])=\($0[column])" } == ["50=25%", "8="])
        let json = String(decoding: try report.resultsJSON(), as: UTF8.self)
        #expect(json.contains("\"relativeSize\" : \"25%\""))
    }

    @Test("YAML: geometric ranges expand; a geometric range past the largest machine is refused at its position")
    func yamlRanges() throws {
        func parse(_ frames: String) throws(YAMLInputError) -> Experiment {
            try Experiment(
                yaml:
                    "workloads: [{name: a, pages: [1]}]\nmachine: {frames: \(frames)}\npolicies: {replacement: lru}\n",
                file: "e.yaml", baseDirectory: "/tmp", registry: Self.registry)
        }
        #expect(try parse("[2, 64...1024:x4]").sizes(of: "a") == [2, 64, 256, 1024])
        #expect(try parse("\"1%,16...64:x2\"").frames.description == "1%,16,32,64")
        let error = #expect(throws: YAMLInputError.self) { try parse("1...99999999999:x2") }
        #expect(
            error?.description
                == "e.yaml:2:19: frames 68719476736: at most 268435456 frames (frame numbers have 28 bits)")
    }
}
