import Foundation
import VMExperiment

extension ExperimentReport {
    /// What `vmlab run` and `vmlab merge` print: per workload, a pivot of miss ratios (policies × sizes), then the
    /// notes of ``summaryTable()`` (OPT floor, out-of-memory kills, anomalies).
    ///
    /// Contract: at most about `maximumLines` lines whatever the experiment's size. When the pivots would be
    /// longer, each workload shows its best and worst rows by mean miss ratio (its other rows are counted in a
    /// line), at most `maximumSizes` evenly spread sizes (smallest and largest kept), at most `maximumWorkloads`
    /// workloads and 5 anomalies, and a last line names `fullTable`, the file with every row.
    public func terminalSummary(
        maximumLines: Int = 40, maximumSizes: Int = 10, maximumWorkloads: Int = 6, fullTable: String
    ) -> String {
        let blocks = experiment.workloads.map { pivotRows(workload: $0.name) }.filter { !$0.rows.isEmpty }
        let fullLength = blocks.reduce(0) { $0 + $1.rows.count + 2 }
        let tooWide = blocks.contains { $0.sizes.count > maximumSizes }
        let capped = fullLength > maximumLines || tooWide || blocks.count > maximumWorkloads
        let shownBlocks = capped ? Array(blocks.prefix(maximumWorkloads)) : blocks
        // Rows each shown workload may keep: the budget shared out, at least one best and one worst row.
        let rowBudget = max(2, (maximumLines - 8) / max(1, shownBlocks.count) - 2)
        var text = ""
        for block in shownBlocks {
            let columns =
                capped
                ? Self.spread(block.sizes.indices.map { $0 }, keeping: maximumSizes) : block.sizes.indices.map { $0 }
            var rows = block.rows
            var omitted = 0
            if capped, rows.count > rowBudget {
                let ranked = rows.sorted { $0.mean < $1.mean }
                let best = rowBudget / 2 + rowBudget % 2
                rows = Array(ranked.prefix(best)) + Array(ranked.suffix(rowBudget - best))
                omitted = block.rows.count - rows.count
            }
            let sizeNote = columns.count < block.sizes.count ? ", \(columns.count) of \(block.sizes.count) sizes" : ""
            text += "\(block.workload): miss ratio by policy and frames\(sizeNote)"
            text += omitted > 0 ? " (best and worst by mean miss ratio)\n" : "\n"
            let header = ["policy"] + columns.map { block.sizeLabels[$0] }
            var table = [header] + rows.map { row in [row.label] + columns.map { row.values[$0] } }
            if omitted > 0 {
                let split = rowBudget / 2 + rowBudget % 2
                table.insert(["… \(omitted) more"], at: 1 + split)
            }
            text += ResultFormatting.aligned(table, text: [0])
        }
        if blocks.count > shownBlocks.count {
            text += "… \(blocks.count - shownBlocks.count) more workloads\n"
        }
        text += summaryNotes(maximumAnomalies: capped ? 5 : .max).joined()
        if capped { text += "full table (every cell and column): \(fullTable)\n" }
        return text
    }

    /// One workload's pivot: its sizes ascending (labelled `64` or `64 (5%)`), and one row per policy and setting.
    private func pivotRows(workload: String) -> PivotBlock {
        let mine = results.filter { $0.cell.workload == workload }
        let sizes = Array(Set(mine.map(\.cell.frames))).sorted()
        let position = Dictionary(uniqueKeysWithValues: sizes.enumerated().map { ($1, $0) })
        var rows: [PivotRow] = []
        var rowIndex: [String: Int] = [:]
        for result in mine {
            let cell = result.cell
            let setting = setting(of: cell)
            let label =
                cell.replacement + (setting.isEmpty ? "" : " (\(setting))") + (cell.isFloor ? " *" : "")
            if rowIndex[label] == nil {
                rowIndex[label] = rows.count
                rows.append(PivotRow(label: label, values: Array(repeating: "-", count: sizes.count), ratios: []))
            }
            rows[rowIndex[label]!].values[position[cell.frames]!] = String(format: "%.4f", result.result.missRatio)
            rows[rowIndex[label]!].ratios.append(result.result.missRatio)
        }
        let labels = sizes.map { size in
            experiment.relativeSize(of: workload, frames: size).map { "\(size) (\($0))" } ?? String(size)
        }
        return PivotBlock(workload: workload, sizes: sizes, sizeLabels: labels, rows: rows)
    }

    /// At most `count` of `indices`, evenly spread, the first and last always kept.
    static func spread(_ indices: [Int], keeping count: Int) -> [Int] {
        guard indices.count > count, count >= 2 else { return indices }
        return (0..<count).map { indices[$0 * (indices.count - 1) / (count - 1)] }
    }

    private struct PivotRow {
        var label: String
        var values: [String]
        var ratios: [Double]
        var mean: Double { ratios.isEmpty ? 0 : ratios.reduce(0, +) / Double(ratios.count) }
    }

    private struct PivotBlock {
        var workload: String
        var sizes: [Int]
        var sizeLabels: [String]
        var rows: [PivotRow]
    }

    /// The memory sizes as the report header shows them: one list when every workload sweeps the same sizes,
    /// else each workload's (`frames belady 1, 2, 3; grep 40 (1%), 200 (5%)`).
    public func sizesSummary() -> String {
        func list(_ workload: String) -> String {
            experiment.sizes(of: workload).map { size in
                experiment.relativeSize(of: workload, frames: size).map { "\(size) (\($0))" } ?? String(size)
            }.joined(separator: ", ")
        }
        let lists = experiment.workloads.map { ($0.name, list($0.name)) }
        if Set(lists.map(\.1)).count <= 1 { return "frames \(lists.first?.1 ?? "")" }
        return "frames " + lists.map { "\($0.0) \($0.1)" }.joined(separator: "; ")
    }
}
