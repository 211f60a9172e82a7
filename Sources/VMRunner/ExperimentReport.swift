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

    /// Every place where a policy's faults rose with memory (Belady's anomaly).
    public func anomalies() -> [Anomaly] {
        var found: [Anomaly] = []
        for (key, points) in curves() {
            for (smaller, larger) in zip(points, points.dropFirst())
            where larger.cell.frames > smaller.cell.frames && larger.result.faults > smaller.result.faults {
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
    /// anomalies.
    public func summaryTable() -> String {
        let header = ["workload", "policy", "frames", "accesses", "faults", "miss ratio", "evictions", "swap in/out"]
        var rows = [header]
        for result in results {
            let cell = result.cell
            let r = result.result
            let policy =
                cell.replacement + (setting(of: cell).isEmpty ? "" : " (\(setting(of: cell)))")
                + (cell.isFloor ? " *" : "")
            rows.append([
                cell.workload, policy, String(cell.frames), String(r.accesses), String(r.faults),
                String(format: "%.4f", r.missRatio), String(r.evictions), "\(r.swapIns)/\(r.swapOuts)",
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text =
            rows.map { row in
                row.indices.map { column in
                    let cell = row[column]
                    let padding = String(repeating: " ", count: widths[column] - cell.count)
                    return column < 2 ? cell + padding : padding + cell
                }.joined(separator: "  ")
            }.joined(separator: "\n") + "\n"
        if results.contains(where: \.cell.isFloor) { text += "* OPT, added as the floor of the plots\n" }
        for anomaly in anomalies() {
            text += "Belady's anomaly: \(anomaly.workload), \(anomaly.policy)"
            text += anomaly.setting.isEmpty ? "" : " (\(anomaly.setting))"
            text += ": \(anomaly.faultsSmaller) faults with \(anomaly.smaller) frames, "
            text += "\(anomaly.faultsLarger) with \(anomaly.larger)\n"
        }
        return text
    }

    // MARK: Files

    /// `results.csv`: one tidy row per cell.
    public func resultsCSV() -> String {
        let header = [
            "workload", "policy", "allocator", "swap", "scope", "frames", "floor", "accesses", "hits", "faults",
            "miss_ratio", "minor_faults", "major_faults", "evictions", "swap_ins", "swap_outs", "segmentation_faults",
            "protection_faults", "oom_kills", "dropped_accesses", "kernel_accesses", "tlb_hits", "tlb_misses",
            "tlb_walk_levels",
        ]
        var lines = [header.joined(separator: ",")]
        for result in results {
            let cell = result.cell
            let r = result.result
            let fields: [String] = [
                cell.workload, cell.replacement, cell.allocator, cell.swap, cell.scope, String(cell.frames),
                String(cell.isFloor), String(r.accesses), String(r.hits), String(r.faults),
                String(format: "%.6f", r.missRatio), String(r.minorFaults), String(r.majorFaults), String(r.evictions),
                String(r.swapIns), String(r.swapOuts), String(r.segmentationFaults), String(r.protectionFaults),
                String(r.oomKills), String(r.droppedAccesses), String(r.kernelAccesses),
                r.tlb.map { String($0.hits) } ?? "", r.tlb.map { String($0.misses) } ?? "",
                r.tlb.map { String($0.walkLevels) } ?? "",
            ]
            lines.append(fields.map(ResultFormatting.quote).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `processes.csv`: one row per process of each cell.
    public func processesCSV() -> String {
        let header = [
            "workload", "policy", "allocator", "swap", "scope", "frames", "pid", "process", "accesses", "hits",
            "faults", "minor_faults", "major_faults", "evictions", "swap_ins", "swap_outs", "oom_kills",
            "resident_pages", "budget",
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
                ]
                lines.append(fields.map(ResultFormatting.quote).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `results.json`: every cell's definition, result and faults-over-time series (no wall times: the file is
    /// the same whatever the parallelism).
    public func resultsJSON() throws -> Data {
        struct Entry: Encodable {
            var cell: Cell
            var result: RunResult
            var sampleTimes: [Int]
            var faultsOverTime: [Int]
        }
        let entries = results.map {
            Entry(cell: $0.cell, result: $0.result, sampleTimes: $0.sampleTimes, faultsOverTime: $0.faultsOverTime)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(entries)
    }
}
