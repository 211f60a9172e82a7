public import Foundation
public import VMCore
public import VMExperiment
import VMTrace

/// Runs the cells of an experiment in parallel and stores each result as soon as it is known, so an interrupted
/// run resumes where it stopped.
///
/// - Cells run on all cores with structured concurrency (a task group with at most `jobs` cells in flight). Each
///   cell is deterministic, so the results do not depend on the parallelism or the order of completion.
/// - Each finished cell is written atomically to `cells/<id>.json` under the output directory. With `resume`,
///   cells whose stored result has the same definition are not run again.
/// - With a shard `i/n`, only the cells whose index is `i` modulo `n` run (an array job on a cluster).
public struct ExperimentRunner: Sendable {
    public let experiment: Experiment
    public let registry: PolicyRegistry
    public let directory: URL
    public let jobs: Int
    public let shard: (index: Int, count: Int)?

    public init(
        experiment: Experiment, registry: PolicyRegistry, directory: URL, jobs: Int,
        shard: (index: Int, count: Int)? = nil
    ) {
        self.experiment = experiment
        self.registry = registry
        self.directory = directory
        self.jobs = max(1, jobs)
        self.shard = shard
    }

    public var cellsDirectory: URL { directory.appendingPathComponent("cells") }

    /// The cells this run is responsible for (its shard's).
    public func assignedCells() -> [Cell] {
        let cells = experiment.cells()
        guard let shard else { return cells }
        return cells.filter { $0.index % shard.count == shard.index }
    }

    /// Stored results that belong to no cell of this experiment as it is now: computed from other inputs (a trace
    /// whose content changed, an edited page list) or other settings. A resumed run does not reuse them.
    /// Results stored in an older format, or whose definition no longer matches, count too.
    public func staleStoredResults() -> [String] {
        let usable = Set(storedResults().keys)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: cellsDirectory.path)) ?? []
        return names.filter {
            $0.hasSuffix(".json") && !$0.hasPrefix(".") && !usable.contains(String($0.dropLast(5)))
        }.sorted()
    }

    /// Stored results of earlier runs whose definitions still match, by cell id.
    public func storedResults() -> [String: CellResult] {
        var stored: [String: CellResult] = [:]
        let cells = Dictionary(experiment.cells().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: cellsDirectory.path) else { return [:] }
        for file in files where file.hasSuffix(".json") {
            let id = String(file.dropLast(5))
            guard let cell = cells[id],
                let data = try? Data(contentsOf: cellsDirectory.appendingPathComponent(file)),
                var result = try? JSONDecoder().decode(CellResult.self, from: data),
                result.definition == cell.definition
            else { continue }
            result.cell = cell
            stored[id] = result
        }
        return stored
    }

    /// Runs every assigned cell not already stored (all of them unless `resume`), reporting progress, and
    /// returns the results of all assigned cells in cell order.
    /// - Throws: ``YAMLInputError`` at `warmup` when a loaded trace is not longer than the warm-up (before any
    ///   cell runs); errors of loading and running.
    public func run(resume: Bool, progress: ProgressReporter) async throws -> [CellResult] {
        try AtomicFile.createDirectory(cellsDirectory.path)
        let assigned = assignedCells()
        let stored = resume ? storedResults() : [:]
        let pending = assigned.filter { stored[$0.id] == nil }
        try RunConfiguration.checkMemory(of: pending.map { try experiment.configuration(of: $0) }, runningAtOnce: jobs)
        let traces = try loadTraces(for: pending)
        for workload in experiment.workloads {
            if let trace = traces[workload.name] {
                try experiment.checkWarmup(workload: workload, length: trace.count)
            }
        }
        await progress.start(total: assigned.count, alreadyDone: assigned.count - pending.count)
        var results = stored
        try await withThrowingTaskGroup(of: CellResult.self) { group in
            var next = 0
            func launch() {
                let cell = pending[next]
                next += 1
                let trace = traces[cell.workload]!
                group.addTask { try self.runCell(cell, trace: trace) }
            }
            while next < min(jobs, pending.count) { launch() }
            while let result = try await group.next() {
                try AtomicFile.write(
                    try Self.encoder.encode(result),
                    to: cellsDirectory.appendingPathComponent("\(result.cell.id).json").path)
                results[result.cell.id] = result
                await progress.finished(result.cell)
                if next < pending.count { launch() }
            }
        }
        await progress.end()
        return assigned.compactMap { results[$0.id] }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }()

    /// Each workload the pending cells need, decoded once (with next-use times when a policy needs the future)
    /// and shared by its cells.
    func loadTraces(for cells: [Cell]) throws -> [String: SharedTrace] {
        var traces: [String: SharedTrace] = [:]
        let pageShift = try AddressLayout(pageSize: experiment.pageSize).pageShift
        // Whether each replacement policy needs next-use times, from the registry (no instance is made).
        var needsFutureByPolicy: [String: Bool] = [:]
        for name in Set(cells.map(\.replacement)) {
            needsFutureByPolicy[name] = registry.needsFuture(try PolicySpecification(parsing: name))
        }
        for workload in experiment.workloads where cells.contains(where: { $0.workload == workload.name }) {
            let needsFuture = cells.contains { $0.workload == workload.name && needsFutureByPolicy[$0.replacement]! }
            traces[workload.name] = try workload.shared(pageShift: pageShift, withNextUse: needsFuture)
        }
        return traces
    }

    /// Runs one cell: the warm-up, then the counted accesses in `timeSamples` slices.
    func runCell(_ cell: Cell, trace: SharedTrace) throws -> CellResult {
        let clock = ContinuousClock()
        let start = clock.now
        let configuration = try experiment.configuration(of: cell)
        let machine = try configuration.makeMachine(registry: registry)
        let needsFuture = machine.replacement.needsFuture
        let total = trace.count
        let warmup = min(experiment.warmup, total)
        func step(_ range: Range<Int>) throws {
            guard !range.isEmpty else { return }
            try trace.forEachBlock(in: range, wantsNextUse: needsFuture) { accesses, nextUse in
                try machine.step(batch: accesses, nextUse: nextUse)
            }
        }
        try step(0..<warmup)
        let baseline = RunResult(workload: trace.name, configuration: configuration, machine: machine)
        let counted = total - warmup
        let samples = max(1, min(experiment.timeSamples, counted))
        var sampleTimes: [Int] = []
        var faultsOverTime: [Int] = []
        var position = warmup
        for sample in 1...samples {
            let end = warmup + counted * sample / samples
            try step(position..<end)
            position = end
            sampleTimes.append(end - warmup)
            faultsOverTime.append(machine.totals.faults - baseline.faults)
        }
        var result = RunResult(workload: trace.name, configuration: configuration, machine: machine)
        result.subtract(baseline)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return CellResult(
            cell: cell, definition: cell.definition, result: result, sampleTimes: sampleTimes,
            faultsOverTime: faultsOverTime, seconds: seconds)
    }
}
