import Foundation
import Testing
import VMCore
import VMExperiment
import VMPolicyCatalogue
import VMRunner

/// Reports of runs whose processes were killed out of memory. Results with nothing to divide by — no access at all,
/// or every counted access dropped — give miss ratios of 0 (never NaN or infinity) and valid JSON from every writer;
/// sizes that dropped accesses are not compared with others (Belady's anomaly, the one-pass LRU curve).
struct CountsReportTests {
    static let registry = PolicyCatalogue.standard()

    /// Parses `data` as JSON (throws when it is not) and checks no number in it is NaN or infinite.
    static func checkJSON(_ data: Data) throws {
        _ = try JSONSerialization.jsonObject(with: data)
        let text = String(decoding: data, as: UTF8.self)
        for bad in ["NaN", "nan", "Infinity", "inf"] { #expect(!text.contains(bad), "\(bad) in \(text)") }
    }

    /// 2 frames, 1 slot: pid 1 is killed at access 4, its 4 later accesses are dropped (4 faults). 8 frames:
    /// nothing is evicted, every access faults (8 faults).
    static let killingTrace =
        "1 W 0x1000\n1 W 0x2000\n2 W 0x1000\n2 W 0x2000\n1 W 0x3000\n1 W 0x4000\n1 W 0x5000\n1 W 0x6000\n"

    /// Runs the experiment `yaml` over a pid trace `trace` (the file `t.pid`) in a fresh directory, then `body`.
    static func withRun(
        trace: String, yaml: String, outputs: String = "{plots: false, html: false}",
        _ body: (Experiment, ExperimentRunner, [CellResult]) throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-counts-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try trace.write(to: directory.appendingPathComponent("t.pid"), atomically: true, encoding: .utf8)
        let experiment = try Experiment(
            yaml: "workloads: [{name: t, trace: t.pid, format: pid}]\noutputs: \(outputs)\n" + yaml,
            file: "e.yaml", baseDirectory: directory.path, registry: registry)
        let runner = ExperimentRunner(experiment: experiment, registry: registry, directory: directory, jobs: 1)
        try body(experiment, runner, try await runner.run(resume: false, progress: ProgressReporter(quiet: true)))
    }

    static func checkText(_ text: String) {
        for bad in ["nan", "inf"] { #expect(!text.lowercased().contains(bad), "\(bad) in \(text)") }
    }

    @Test("A machine that made no access: miss ratios 0, valid JSON, no NaN in tables")
    func noAccess() throws {
        let configuration = RunConfiguration(replacement: PolicySpecification(name: "lru"), frames: 2)
        let machine = try configuration.makeMachine(registry: Self.registry)
        try machine.addProcess(pid: 1)
        let result = RunResult(workload: "none", configuration: configuration, machine: machine)
        #expect(result.missRatio == 0 && result.executedAccesses == 0)
        #expect(result.processes.map(\.missRatio) == [0])
        try Self.checkJSON(Data(try ResultFormatting.json(result).utf8))
        try Self.checkJSON(Data(try ResultFormatting.json([result, result]).utf8))
        Self.checkText(ResultFormatting.table([result]))
        Self.checkText(ResultFormatting.csv([result]))
    }

    @Test("Every counted access dropped (processes killed in the warm-up): miss ratios 0, valid JSON everywhere")
    func allDropped() async throws {
        // One frame, one slot: pid 1's third access must write out its page 2 while page 1 holds the slot, so
        // pid 1 is killed at access 3 (dropped, like access 4). After a warm-up of 2, every counted access is dropped.
        let trace = "1 W 0x1000\n1 W 0x2000\n1 W 0x3000\n1 R 0x1000\n"
        let yaml = """
            machine: {frames: [1], swap: [{name: s, slots: 1}]}
            policies: {replacement: [fifo]}
            warmup: 2
            """
        try await Self.withRun(trace: trace, yaml: yaml) { experiment, runner, cells in
            let result = try #require(cells.first?.result)
            #expect(result.accesses == 2 && result.droppedAccesses == 2 && result.executedAccesses == 0)
            #expect(result.missRatio == 0 && result.killedProcesses == 1)
            #expect(result.processes.map(\.killed) == [true] && result.processes.map(\.missRatio) == [0])
            try Self.checkJSON(Data(try ResultFormatting.json(result).utf8))
            let report = ExperimentReport(experiment: experiment, results: cells)
            try Self.checkJSON(try report.resultsJSON())
            for file in try FileManager.default.contentsOfDirectory(atPath: runner.cellsDirectory.path) {
                try Self.checkJSON(try Data(contentsOf: runner.cellsDirectory.appendingPathComponent(file)))
            }
            Self.checkText(report.summaryTable())
            Self.checkText(report.resultsCSV())
            Self.checkText(report.processesCSV())
            Self.checkText(ResultFormatting.table([result]))
        }
    }

    @Test("More faults with more memory is not Belady's anomaly when the smaller size killed a process")
    func noAnomalyFromKills() async throws {
        let yaml = "machine: {frames: [2, 8], swap: [{name: s, slots: 1}]}\npolicies: {replacement: [fifo]}\n"
        try await Self.withRun(trace: Self.killingTrace, yaml: yaml) { experiment, _, cells in
            // Fewer faults at 2 frames only because pid 1 died there.
            #expect(cells.map(\.result.faults) == [4, 8])
            #expect(cells.map(\.result.killedProcesses) == [1, 0])
            let report = ExperimentReport(experiment: experiment, results: cells)
            #expect(report.anomalies().isEmpty, "\(report.anomalies())")
            #expect(!report.summaryTable().contains("Belady's anomaly"))
        }
    }

    @Test(
        "The one-pass LRU curve is drawn only when the LRU cells dropped nothing (it assumes no process dies)",
        arguments: [("1", false), ("100", true)])
    func lruCurve(slots: String, drawn: Bool) async throws {
        let yaml = "machine: {frames: [2, 8], swap: [{name: s, slots: \(slots)}]}\npolicies: {replacement: [lru]}\n"
        try await Self.withRun(trace: Self.killingTrace, yaml: yaml, outputs: "{plots: true, html: false}") {
            experiment, runner, cells in
            #expect(cells.contains { $0.result.droppedAccesses > 0 } == !drawn)
            _ = try ExperimentReport(experiment: experiment, results: cells).write(
                to: runner.directory, registry: Self.registry)
            let plot = try String(
                contentsOf: runner.directory.appendingPathComponent("plots/t-miss-ratio.svg"), encoding: .utf8)
            #expect(plot.contains("lru (one pass)") == drawn)
        }
    }
}
