import ArgumentParser
import Foundation
import VMCore
import VMExperiment
import VMRunner
import VMScenario

/// `vmlab run`: an experiment file — every cell, in parallel, resumable — and its report.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an experiment file: workloads × machines × policies × sizes, with tables, plots and a report.",
        discussion: """
            Results go to Output/<name>/ (results.csv, processes.csv, results.json, plots/, index.html).
            Each finished cell is stored at once under cells/, so an interrupted run continues with --resume.
            With --shard i/n only every n-th cell runs (an array job); combine the shards with 'vmlab merge'.
            Examples:
              vmlab run Examples/experiments/belady.yaml
              vmlab run big.yaml --resume
              vmlab run big.yaml --shard 0/8 --output /scratch/run0
            """
    )

    @Argument(help: "The experiment file (YAML).")
    var file: String

    @Flag(name: .long, help: "Reuse the results of an interrupted run; run only the missing cells.")
    var resume = false

    @Flag(name: .long, help: "Discard the results of an earlier run of this experiment and start over.")
    var fresh = false

    @Option(name: .long, help: "Run only the cells with index ≡ i (mod n), e.g. 0/8.")
    var shard: String?

    @Option(name: .long, parsing: .unconditional, help: "Cells run at once (default: all cores).")
    var jobs: Int?

    @Option(name: .long, help: "Output directory (default: Output/<name>).")
    var output: String?

    @Flag(name: .long, help: "No progress output and no summary table (the files are written as usual).")
    var quiet = false

    @OptionGroup var plugins: PluginOptions
    @OptionGroup var memory: MemoryOptions
    @OptionGroup var compat: CompatOptions

    func validate() throws {
        if resume && fresh { throw ValidationError("give --resume or --fresh, not both") }
        if let jobs, !(1...1024).contains(jobs) { throw ValidationError("--jobs \(jobs): expected 1 to 1024") }
        if let shard { _ = try Self.parseShard(shard) }
    }

    static func parseShard(_ text: String) throws -> (index: Int, count: Int) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
            (0..<count).contains(index)
        else { throw ValidationError("--shard \(text): expected i/n with 0 ≤ i < n, e.g. 0/8") }
        return (index, count)
    }

    func run() async throws {
        try memory.apply()
        let registry = try plugins.registry(experimentFile: file)
        var experiment = try Experiment(contentsOf: file, registry: registry)
        experiment.replacement = try CompatOptions.apply(
            experiment.replacement, family: compat.compat ?? experiment.compat, registry: registry)
        experiment.notePluginOrigins(registry: registry, pluginPaths: plugins.plugin)
        let directory = URL(fileURLWithPath: output ?? "Output/\(experiment.name)")
        try await Self.execute(
            experiment, registry: registry, directory: directory, resume: resume, fresh: fresh,
            shard: try shard.map(Self.parseShard), jobs: jobs, quiet: quiet)
    }

    /// Runs `experiment` into `directory` and writes its report (unless sharded). Shared with `vmlab demo`.
    static func execute(
        _ experiment: Experiment, registry: PolicyRegistry, directory: URL, resume: Bool, fresh: Bool,
        shard: (index: Int, count: Int)?, jobs: Int?, quiet: Bool,
        extraDiagrams: [(caption: String, svg: String)] = []
    ) async throws {
        let (experiment, notes) = try experiment.resolvingSizes()
        notes.forEach(Entry.printNote)
        let runner = ExperimentRunner(
            experiment: experiment, registry: registry, directory: directory,
            jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, shard: shard)
        let lock = try OutputDirectoryLock(directory: directory.path)
        defer { withExtendedLifetime(lock) {} }
        let cellsPath = runner.cellsDirectory.path
        OutputDirectoryLock.removeLeftovers(in: directory.path)
        OutputDirectoryLock.removeLeftovers(in: cellsPath)
        if resume {
            let stale = runner.staleStoredResults()
            if !stale.isEmpty {
                Entry.printNote(
                    "\(stale.count) stored results were computed from other inputs or settings (a trace whose content "
                        + "changed, an edited experiment) and are not reused; their cells run again")
            }
        }
        let earlier =
            (try? FileManager.default.contentsOfDirectory(atPath: cellsPath))?.filter { $0.hasSuffix(".json") } ?? []
        if !earlier.isEmpty && !resume {
            guard fresh else {
                throw UsageError(
                    "\(directory.path) holds \(earlier.count) results of an earlier run; "
                        + "pass --resume to continue it or --fresh to start over")
            }
            try FileManager.default.removeItem(atPath: cellsPath)
        }
        let results = try await runner.run(resume: resume, progress: ProgressReporter(quiet: quiet))
        if let shard {
            print("shard \(shard.index)/\(shard.count): \(results.count) cells stored in \(cellsPath)")
            print("combine the shards with: vmlab merge <experiment.yaml> <shard directories>")
            return
        }
        let report = ExperimentReport(experiment: experiment, results: results)
        if !quiet {
            let table = directory.appendingPathComponent("results.csv").path
            print(report.terminalSummary(fullTable: experiment.outputs.csv ? table : "results.json"), terminator: "")
        }
        let files = try report.write(to: directory, registry: registry, extraDiagrams: extraDiagrams)
        let index = files.first { $0.hasSuffix("index.html") }
        print("wrote \(files.count) files under \(directory.path)" + (index.map { "; report: \($0)" } ?? ""))
    }
}

/// `vmlab merge`: combines the cells of shard runs and writes the report.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the results of 'vmlab run --shard' runs and write the experiment's report.",
        discussion: """
            Each DIR is a shard's output directory (it holds cells/). Results are copied into the experiment's
            output directory; the report is written once every cell has a result.
            Example: vmlab merge big.yaml /scratch/run0 /scratch/run1 /scratch/run2
            """
    )

    @Argument(help: "The experiment file the shards ran.")
    var file: String

    @Argument(help: "Shard output directories (default: the experiment's own output directory).")
    var directories: [String] = []

    @Option(name: .long, help: "Output directory (default: Output/<name>).")
    var output: String?

    @Flag(name: .long, help: "No summary table (the files are written as usual).")
    var quiet = false

    @OptionGroup var plugins: PluginOptions
    @OptionGroup var compat: CompatOptions

    func run() throws {
        let registry = try plugins.registry(experimentFile: file)
        var parsed = try Experiment(contentsOf: file, registry: registry)
        parsed.replacement = try CompatOptions.apply(
            parsed.replacement, family: compat.compat ?? parsed.compat, registry: registry)
        parsed.notePluginOrigins(registry: registry, pluginPaths: plugins.plugin)
        let (experiment, notes) = try parsed.resolvingSizes()
        notes.forEach(Entry.printNote)
        let directory = URL(fileURLWithPath: output ?? "Output/\(experiment.name)")
        let runner = ExperimentRunner(experiment: experiment, registry: registry, directory: directory, jobs: 1)
        let lock = try OutputDirectoryLock(directory: directory.path)
        defer { withExtendedLifetime(lock) {} }
        OutputDirectoryLock.removeLeftovers(in: directory.path)
        try AtomicFile.createDirectory(runner.cellsDirectory.path)
        OutputDirectoryLock.removeLeftovers(in: runner.cellsDirectory.path)
        // Only results of this experiment's cells are taken, each once: a shard directory of another experiment
        // (or of an earlier definition of this one) contributes nothing, and says so.
        let cells = experiment.cells()
        let wanted = Set(cells.map(\.id))
        var merged = Set<String>()
        var foreign: [String] = []
        var duplicates = 0
        for shardDirectory in directories {
            let cellDirectory = URL(fileURLWithPath: shardDirectory).appendingPathComponent("cells")
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: cellDirectory.path) else {
                throw UsageError("\(SafeText.quoted(shardDirectory)): no cells/ directory (is it a shard's output?)")
            }
            for name in files.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
                let id = String(name.dropLast(5))
                guard wanted.contains(id) else {
                    foreign.append(shardDirectory)
                    continue
                }
                guard merged.insert(id).inserted else {
                    duplicates += 1
                    continue
                }
                let source = cellDirectory.appendingPathComponent(name)
                let target = runner.cellsDirectory.appendingPathComponent(name)
                guard source.standardizedFileURL != target.standardizedFileURL else { continue }
                try AtomicFileCopy.copy(source, to: target)
            }
        }
        if let first = foreign.first {
            Entry.printNote(
                "ignored \(foreign.count) stored \(foreign.count == 1 ? "result" : "results") that belong to no cell of "
                    + "\(SafeText.quoted(experiment.name)) as defined now (another experiment, or an earlier version of "
                    + "this one; first in \(SafeText.quoted(first)))")
        }
        if duplicates > 0 {
            Entry.printNote("\(duplicates) cells were found in more than one shard directory; each counts once")
        }
        let copied = merged.count
        let stored = runner.storedResults()
        let missing = cells.filter { stored[$0.id] == nil }
        guard missing.isEmpty else {
            throw MergeIncomplete(
                message: "\(missing.count) of \(cells.count) cells have no result yet (first: "
                    + "\(missing[0].workload) \(missing[0].replacement) \(missing[0].frames) frames); "
                    + "run the missing shards, or 'vmlab run \(file) --resume'")
        }
        let report = ExperimentReport(experiment: experiment, results: cells.compactMap { stored[$0.id] })
        if !quiet {
            let table = directory.appendingPathComponent("results.csv").path
            print(report.terminalSummary(fullTable: experiment.outputs.csv ? table : "results.json"), terminator: "")
        }
        let files = try report.write(to: directory, registry: registry)
        print("merged \(copied) cell results; wrote \(files.count) files under \(SafeText.escaped(directory.path))")
    }
}

/// Merge found cells without results: a failure (exit 1), not a usage error.
struct MergeIncomplete: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Copies a file atomically (temporary file, then rename).
enum AtomicFileCopy {
    static func copy(_ source: URL, to target: URL) throws {
        let data = try Data(contentsOf: source)
        try AtomicFile.write(data, to: target.path)
    }
}
