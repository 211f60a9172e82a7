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

    /// An aligned plain-text table, numbers right-aligned, one row per result.
    public static func table(_ results: [RunResult]) -> String {
        let rows = [columns.map(\.header)] + results.map { result in columns.map { $0.value(result) } }
        let widths = columns.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { column in
                let cell = row[column]
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// CSV with a header row (RFC 4180 quoting), workload, allocator and swap placement included.
    public static func csv(_ results: [RunResult]) -> String {
        let header = ["workload"] + columns.map(\.header) + ["allocator", "swap"]
        var lines = [header.joined(separator: ",")]
        for result in results {
            let fields = [result.workload] + columns.map { $0.value(result) } + [result.allocator, result.swap]
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
