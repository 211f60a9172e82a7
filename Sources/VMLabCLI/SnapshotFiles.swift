import Foundation
import VMCore
import VMDiagram

/// Where `render --every K` writes: a snapshot every K accesses and at `end` (at most 10,000), the one at index `i`
/// to `<stem>-NNNN.<ext>` (numbered from 1, at least four digits) beside `<stem>.html`, the page that steps
/// through them. Shared by the mapping and page-table views.
struct SnapshotFiles {
    /// Accesses stepped before each snapshot, ascending, the last one `end`.
    let times: [Int]
    let stem: String
    let directory: URL
    let format: DiagramFormat
    private let digits: Int

    /// - Throws: ``UsageError`` when there would be more than 10,000 snapshots.
    init(every: Int, end: Int, path: String, format: DiagramFormat) throws {
        var times = Array(stride(from: 0, through: end, by: every))
        if times.last != end { times.append(end) }
        guard times.count <= 10_000 else {
            throw UsageError("--every \(every) would write \(times.count) snapshots; at most 10000")
        }
        self.times = times
        let url = URL(fileURLWithPath: path)
        stem = url.deletingPathExtension().lastPathComponent
        directory = url.deletingLastPathComponent()
        self.format = format
        digits = max(4, String(times.count).count)
    }

    /// The file name of the snapshot at `index` (from 0), relative to the page.
    func file(_ index: Int) -> String {
        let number = String(index + 1)
        return "\(stem)-\(String(repeating: "0", count: max(0, digits - number.count)) + number).\(format.rawValue)"
    }

    /// The path of `file` (a name from ``file(_:)``).
    func path(of file: String) -> String { directory.appendingPathComponent(file).path }

    /// The path of the page.
    var page: String { directory.appendingPathComponent("\(stem).html").path }

    /// What the command prints when it is done (the names escaped for the terminal).
    func summary(_ note: String = "") -> String {
        "wrote \(times.count) snapshots \(SafeText.escaped(stem))-*.\(format.rawValue) and \(SafeText.escaped(page))"
            + note
    }
}
