import Foundation
import VMCore

/// Renders results for terminals (aligned tables) and machines (CSV, JSON).
public enum ResultFormatting {
    /// Columns of the table and of the CSV, in order.
    static let columns: [(header: String, value: @Sendable (RunResult) -> String)] = [
        ("policy", { $0.policy }),
        ("frames", { String($0.frames) }),
        ("accesses", { String($0.accesses) }),
        ("hits", { String($0.hits) }),
        ("faults", { String($0.faults) }),
        ("miss_ratio", { String(format: "%.6f", $0.missRatio) }),
        ("minor", { String($0.minorFaults) }),
        ("major", { String($0.majorFaults) }),
        ("evictions", { String($0.evictions) }),
        ("swap_ins", { String($0.swapIns) }),
        ("swap_outs", { String($0.swapOuts) }),
    ]

    /// Columns about out-of-memory kills: at the end of the CSV always, in the table only when a result has a
    /// dropped access or a killed process (so `accesses = executed + dropped` can be read off every row).
    static let killColumns: [(header: String, value: @Sendable (RunResult) -> String)] = [
        ("executed_accesses", { String($0.executedAccesses) }),
        ("dropped_accesses", { String($0.droppedAccesses) }),
        ("killed_processes", { String($0.killedProcesses) }),
    ]

    /// An aligned plain-text table, numbers right-aligned, one row per result. When a process was killed (out of
    /// memory), executed and dropped accesses and the killed processes are shown too: the miss ratio is over
    /// executed accesses.
    public static func table(_ results: [RunResult]) -> String {
        let shown =
            results.contains { $0.droppedAccesses > 0 || $0.killedProcesses > 0 } ? columns + killColumns : columns
        let header = shown.map {
            $0.header.replacingOccurrences(of: "_accesses", with: "").replacingOccurrences(of: "_processes", with: "")
        }
        return aligned([header] + results.map { result in shown.map { $0.value(result) } })
    }

    /// `rows` (the first one a header) as aligned text: the `text` columns padded on the right, the others
    /// (numbers) right-aligned; columns two spaces apart, trailing spaces trimmed.
    public static func aligned(_ rows: [[String]], text: Set<Int> = [0]) -> String {
        let count = rows.map(\.count).max() ?? 0
        let widths = (0..<count).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            var line = row.indices.map { column in
                let cell = row[column]
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return text.contains(column) ? cell + padding : padding + cell
            }.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n") + "\n"
    }

    /// The columns of every results CSV VMLab writes — `compare --csv`, `compare --output x.csv`, `run`'s and
    /// `merge`'s `results.csv` — in this order (the README's table says what each means). `relative_size` is the
    /// relative size (`5%`) that gave `frames`, empty for an absolute size; `floor` is true for OPT cells an
    /// experiment added as the floor of its plots. `accesses = executed_accesses + dropped_accesses`;
    /// `miss_ratio = faults / executed_accesses`; the TLB columns are empty without a TLB.
    public static let csvColumns = [
        "workload", "policy", "frames", "accesses", "hits", "faults", "miss_ratio", "minor_faults", "major_faults",
        "evictions", "swap_ins", "swap_outs", "executed_accesses", "dropped_accesses", "killed_processes",
        "segmentation_faults", "protection_faults", "oom_kills", "kernel_accesses", "tlb_hits", "tlb_misses",
        "tlb_walk_levels", "allocator", "swap", "scope", "page_size", "relative_size", "floor",
    ]

    /// One row of ``csvColumns`` (fields quoted as RFC 4180 asks).
    public static func csvRow(_ r: RunResult, relativeSize: String? = nil, floor: Bool = false) -> String {
        let fields: [String] = [
            r.workload, r.policy, String(r.frames), String(r.accesses), String(r.hits), String(r.faults),
            String(format: "%.6f", r.missRatio), String(r.minorFaults), String(r.majorFaults), String(r.evictions),
            String(r.swapIns), String(r.swapOuts), String(r.executedAccesses), String(r.droppedAccesses),
            String(r.killedProcesses), String(r.segmentationFaults), String(r.protectionFaults), String(r.oomKills),
            String(r.kernelAccesses), r.tlb.map { String($0.hits) } ?? "", r.tlb.map { String($0.misses) } ?? "",
            r.tlb.map { String($0.walkLevels) } ?? "", r.allocator, r.swap, r.scope, String(r.pageSize),
            relativeSize ?? "", String(floor),
        ]
        return fields.map(quote).joined(separator: ",")
    }

    /// CSV with a header row: ``csvColumns``, one row per result. `relativeSizes[i]` is result i's relative size.
    public static func csv(_ results: [RunResult], relativeSizes: [String?] = []) -> String {
        var lines = [csvColumns.joined(separator: ",")]
        for (index, result) in results.enumerated() {
            lines.append(csvRow(result, relativeSize: index < relativeSizes.count ? relativeSizes[index] : nil))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Pretty-printed JSON with sorted keys: one object, or an array of them.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// `field` as one CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
    public static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
