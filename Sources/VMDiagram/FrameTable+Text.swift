import VMCore

extension FrameTable {
    /// What the marks of ``text(width:)`` mean: its last line (which adds what `#1` means when rows are in the
    /// policy's order).
    static let textLegend =
        "legend: [p] page loaded by this fault, F fault, . hit, evicted: the page the fault replaced, "
        + "faults: faults so far"

    /// The table for a terminal: the title, each block (its totals, the reference string, one row per frame, the
    /// fault marks, the evicted pages, the running fault count), a summary of every block when there are several,
    /// any Belady anomaly, and a legend line.
    ///
    /// Columns are aligned; a block wider than `width` characters is wrapped into chunks of whole columns, each
    /// headed by the accesses it shows. Lines carry no trailing spaces. Policy names and the title are escaped
    /// (``SafeText/escaped(_:limit:)``): no input acts on the terminal. The same table gives the same text.
    public func text(width: Int = 100) -> String {
        var out = "Frame table: " + SafeText.escaped(title, limit: 100) + "\n"
        for block in blocks {
            out += "\n" + blockText(block, width: width)
        }
        if blocks.count > 1 { out += "\n" + summaryText() }
        if !anomalies.isEmpty { out += "\n" }
        for anomaly in anomalies { out += SafeText.escaped(anomaly.sentence) + "\n" }
        let orderNote = blocks.contains { $0.order == .policy } ? "; #1 is first in the policy's order" : ""
        return out + "\n" + Self.textLegend + orderNote + "\n"
    }

    /// The label of row `row` of `block`: `frame 2`, or `#3` in the policy's order.
    static func rowLabel(_ row: Int, of block: Block) -> String {
        block.order == .frame ? "frame \(row)" : "#\(row + 1)"
    }

    /// The header of a block: `fifo, 3 frames: 9 faults, 3 hits`, and the order its rows are in.
    static func blockHeading(_ block: Block) -> String {
        let order = block.order == .frame ? "" : " (rows in the policy's order: \(block.orderMeaning))"
        return block.summary + order
    }

    private func blockText(_ block: Block, width: Int) -> String {
        var out = SafeText.escaped(Self.blockHeading(block)) + "\n"
        let labels = ["page", "fault", "evicted", "faults"] + (0..<block.frames).map { Self.rowLabel($0, of: block) }
        let labelWidth = labels.map(\.count).max()! + 1
        let digits = cellDigits
        let cellWidth = digits + 3
        let perChunk = max(1, (width - labelWidth) / cellWidth)
        let chunks = stride(from: 0, to: block.columns.count, by: perChunk).map {
            $0..<min($0 + perChunk, block.columns.count)
        }
        for (index, range) in chunks.enumerated() {
            if chunks.count > 1 {
                if index > 0 { out += "\n" }
                out += "accesses \(range.lowerBound + 1)–\(range.upperBound) of \(block.columns.count)\n"
            }
            let columns = block.columns[range]
            func line(_ label: String, _ cells: [String]) {
                let padded = label + String(repeating: " ", count: labelWidth - label.count)
                out += trimmed(padded + cells.joined(separator: " ")) + "\n"
            }
            func cell(_ text: String, marked: Bool = false) -> String {
                String(repeating: " ", count: max(0, digits - text.count)) + (marked ? "[\(text)]" : " \(text) ")
            }
            line("page", columns.map { cell(String($0.page)) })
            for row in 0..<block.frames {
                line(
                    Self.rowLabel(row, of: block),
                    columns.map { column in
                        guard let page = column.rows[row] else { return cell("") }
                        return cell(String(page), marked: column.fault && column.row == row)
                    })
            }
            line("fault", columns.map { cell($0.fault ? "F" : $0.outcome == "hit" ? "." : "") })
            line(
                "evicted",
                columns.map { column in
                    guard let first = column.victims.first else { return cell("") }
                    return cell(String(first) + (column.victims.count > 1 ? "+" : ""))
                })
            line("faults", columns.map { cell(String($0.faultsSoFar)) })
        }
        return out
    }

    /// Digits of the widest number any block shows (a page or a fault count), so every block has the same
    /// column width and the blocks line up.
    private var cellDigits: Int {
        let widestPage = pages.map { String($0).count }.max() ?? 1
        let mostFaults = blocks.map(\.faults).max() ?? 0
        return max(1, widestPage, String(mostFaults).count)
    }

    private func summaryText() -> String {
        let names = blocks.map { SafeText.escaped($0.policy, limit: 40) }
        let nameWidth = max(6, names.map(\.count).max() ?? 0)
        func row(_ cells: [String]) -> String {
            let name = cells[0] + String(repeating: " ", count: nameWidth + 1 - cells[0].count)
            let numbers = cells.dropFirst().map { String(repeating: " ", count: max(0, 7 - $0.count)) + $0 }
            return "  " + name + numbers.joined(separator: " ") + "\n"
        }
        var out = "summary\n" + row(["policy", "frames", "faults", "hits"])
        for (block, name) in zip(blocks, names) {
            out += row([name, String(block.frames), String(block.faults), String(block.hits)])
        }
        return out
    }

    private func trimmed(_ line: String) -> String {
        var line = Substring(line)
        while line.last == " " { line = line.dropLast() }
        return String(line)
    }
}
