public import Foundation
import VMCore
public import VMExperiment
import VMTrace

/// The results of a whole experiment and what follows from them: Belady's anomalies, the curves to plot, the
/// tables to print.
public struct ExperimentReport: Sendable {
    public let experiment: Experiment
    /// One result per cell, in cell order.
    public let results: [CellResult]

    public init(experiment: Experiment, results: [CellResult]) {
        self.experiment = experiment
        self.results = results.sorted { $0.cell.index < $1.cell.index }
    }

    /// A memory size at which a policy faulted more than at the next smaller size of the sweep.
    public struct Anomaly: Sendable, Hashable {
        public var workload: String
        public var policy: String
        public var setting: String
        public var smaller: Int
        public var larger: Int
        public var faultsSmaller: Int
        public var faultsLarger: Int
    }

    /// Cells that differ only in memory size, by (workload, policy, allocator, swap, scope), sizes ascending.
    public func curves() -> [(key: Cell, points: [CellResult])] {
        var groups: [String: [CellResult]] = [:]
        var order: [String] = []
        for result in results {
            let cell = result.cell
            let key =
                "\(cell.workload)\u{0}\(cell.replacement)\u{0}\(cell.allocator)\u{0}\(cell.swap)\u{0}\(cell.scope)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(result)
        }
        return order.map { key in
            let points = groups[key]!.sorted { $0.cell.frames < $1.cell.frames }
            return (points[0].cell, points)
        }
    }

    /// Every place where a policy's faults rose with memory (Belady's anomaly). Only sizes that dropped no access
    /// are compared: when the out-of-memory rule killed a process at one size, its dropped accesses made no faults
    /// there, and more faults with more memory says nothing about the policy.
    public func anomalies() -> [Anomaly] {
        var found: [Anomaly] = []
        for (key, points) in curves() {
            for (smaller, larger) in zip(points, points.dropFirst())
            where larger.cell.frames > smaller.cell.frames && larger.result.faults > smaller.result.faults
                && smaller.result.droppedAccesses == 0 && larger.result.droppedAccesses == 0
            {
                found.append(
                    Anomaly(
                        workload: key.workload, policy: key.replacement, setting: setting(of: key),
                        smaller: smaller.cell.frames, larger: larger.cell.frames,
                        faultsSmaller: smaller.result.faults, faultsLarger: larger.result.faults))
            }
        }
        return found
    }

    /// The non-replacement settings of a cell, when the experiment varies them (empty otherwise).
    func setting(of cell: Cell) -> String {
        var parts: [String] = []
        if experiment.allocators.count > 1 { parts.append("allocator \(cell.allocator)") }
        if experiment.placements.count > 1 { parts.append("swap \(cell.swap)") }
        if experiment.scopes.count > 1 { parts.append("scope \(cell.scope)") }
        return parts.joined(separator: ", ")
    }

    /// The terminal summary: one row per cell (workload, policy, frames, faults, miss ratio, swap I/O), then the
    /// anomalies. When the out-of-memory rule killed a process in any cell, executed and dropped accesses and the
    /// killed processes get their own columns, and a note says the miss ratio is over executed accesses.
    public func summaryTable() -> String {
        let kills = results.contains { $0.result.droppedAccesses > 0 || $0.result.killedProcesses > 0 }
        let header =
            ["workload", "policy", "frames", "accesses", "faults", "miss ratio", "evictions", "swap in/out"]
            + (kills ? ["executed", "dropped", "killed"] : [])
        var rows = [header]
        for result in results {
            let cell = result.cell
            let r = result.result
            let policy =
                cell.replacement + (setting(of: cell).isEmpty ? "" : " (\(setting(of: cell)))")
                + (cell.isFloor ? " *" : "")
            rows.append(
                [
                    cell.workload, policy, String(cell.frames), String(r.accesses), String(r.faults),
                    String(format: "%.4f", r.missRatio), String(r.evictions), "\(r.swapIns)/\(r.swapOuts)",
                ]
                    + (kills ? [String(r.executedAccesses), String(r.droppedAccesses), String(r.killedProcesses)] : []))
        }
        return ResultFormatting.aligned(rows, text: [0, 1]) + summaryNotes().joined()
    }

    /// The lines after a summary table (each ending in a newline): the OPT floor's mark, out-of-memory kills, and
    /// every anomaly (the first `maximumAnomalies` of them, then how many more).
    func summaryNotes(maximumAnomalies: Int = .max) -> [String] {
        var notes: [String] = []
        if results.contains(where: \.cell.isFloor) { notes.append("* OPT, added as the floor of the plots\n") }
        if results.contains(where: { $0.result.droppedAccesses > 0 || $0.result.killedProcesses > 0 }) {
            let cells = results.filter { $0.result.killedProcesses > 0 }.count
            notes.append(
                "Out of memory: processes were killed in \(cells) \(cells == 1 ? "cell" : "cells") (which and when: "
                    + "processes.csv); their later accesses were dropped, and miss ratios are over executed accesses\n")
        }
        let anomalies = anomalies()
        for anomaly in anomalies.prefix(maximumAnomalies) {
            var text = "Belady's anomaly: \(anomaly.workload), \(anomaly.policy)"
            text += anomaly.setting.isEmpty ? "" : " (\(anomaly.setting))"
            text += ": \(anomaly.faultsSmaller) faults with \(anomaly.smaller) frames, "
            text += "\(anomaly.faultsLarger) with \(anomaly.larger)\n"
            notes.append(text)
        }
        if anomalies.count > maximumAnomalies {
            notes.append("… and \(anomalies.count - maximumAnomalies) more anomalies (index.html lists them all)\n")
        }
        return notes
    }

    // MARK: Files

    /// `results.csv`: one tidy row per cell, in the columns every results CSV has (``ResultFormatting/csvColumns``,
    /// the same as `compare --csv`). `accesses = executed_accesses + dropped_accesses`; `miss_ratio` is
    /// `faults / executed_accesses`.
    public func resultsCSV() -> String {
        var lines = [ResultFormatting.csvColumns.joined(separator: ",")]
        for result in results {
            let cell = result.cell
            var r = result.result
            r.workload = cell.workload
            r.policy = cell.replacement
            lines.append(
                ResultFormatting.csvRow(
                    r, relativeSize: experiment.relativeSize(of: cell.workload, frames: cell.frames),
                    floor: cell.isFloor))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `processes.csv`: one row per process of each cell. `killed` says whether the out-of-memory rule killed the
    /// process (in the warm-up too), `killed_at_access` when (the position of the access in the workload, from 1;
    /// empty when not killed); `miss_ratio` is `faults / executed_accesses` (0 when nothing was executed).
    public func processesCSV() -> String {
        let header = [
            "workload", "policy", "allocator", "swap", "scope", "frames", "pid", "process", "accesses", "hits",
            "faults", "minor_faults", "major_faults", "evictions", "swap_ins", "swap_outs", "oom_kills",
            "resident_pages", "budget", "executed_accesses", "dropped_accesses", "miss_ratio", "killed",
            "killed_at_access",
        ]
        var lines = [header.joined(separator: ",")]
        for result in results {
            let cell = result.cell
            for process in result.result.processes {
                let fields: [String] = [
                    cell.workload, cell.replacement, cell.allocator, cell.swap, cell.scope, String(cell.frames),
                    String(process.pid), process.name, String(process.accesses), String(process.hits),
                    String(process.faults), String(process.minorFaults), String(process.majorFaults),
                    String(process.evictions), String(process.swapIns), String(process.swapOuts),
                    String(process.oomKills), String(process.residentPages), process.budget.map(String.init) ?? "",
                    String(process.executedAccesses), String(process.droppedAccesses),
                    String(format: "%.6f", process.missRatio), String(process.killed),
                    process.killedAtAccess.map(String.init) ?? "",
                ]
                lines.append(fields.map(ResultFormatting.quote).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `results.json`: every cell's definition, result, faults-over-time series and, for a size given as a
    /// fraction of the workload, `relativeSize` (no wall times: the file is the same whatever the parallelism).
    public func resultsJSON() throws -> Data {
        struct Entry: Encodable {
            var cell: Cell
            var result: RunResult
            var sampleTimes: [Int]
            var faultsOverTime: [Int]
            /// The relative size (`5%`) that gave the cell's frames; absent for an absolute size.
            var relativeSize: String?
        }
        let entries = results.map {
            Entry(
                cell: $0.cell, result: $0.result, sampleTimes: $0.sampleTimes, faultsOverTime: $0.faultsOverTime,
                relativeSize: experiment.relativeSize(of: $0.cell.workload, frames: $0.cell.frames))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(entries)
    }
}
