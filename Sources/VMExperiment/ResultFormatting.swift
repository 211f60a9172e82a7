import Foundation

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

    /// CSV with a header row (RFC 4180 quoting), workload, allocator and swap placement included, then executed
    /// and dropped accesses and killed processes (added last, so earlier columns keep their places).
    public static func csv(_ results: [RunResult]) -> String {
        let header = ["workload"] + columns.map(\.header) + ["allocator", "swap"] + killColumns.map(\.header)
        var lines = [header.joined(separator: ",")]
        for result in results {
            let fields =
                [result.workload] + columns.map { $0.value(result) } + [result.allocator, result.swap]
                + killColumns.map { $0.value(result) }
            lines.append(fields.map(quote).joined(separator: ","))
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
