import Foundation

extension FrameTable {
    /// What ``json()`` writes: the table and the anomalies found in it.
    private struct Document: Encodable {
        var title: String
        var pages: [UInt64]
        var blocks: [Block]
        var anomalies: [Anomaly]
    }

    /// The table as data: the title, the reference string, and per block (policy, frames, row order, totals) one
    /// entry per access with the page, `fault`, the outcome, the evicted pages, the row holding the page, every
    /// row's contents (`null` for an empty row) and the faults so far; then the Belady anomalies. Keys are sorted
    /// and the text is pretty-printed, so the same table gives the same bytes. Strings are JSON-escaped.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let document = Document(title: title, pages: pages, blocks: blocks, anomalies: anomalies)
        // Only strings, integers, booleans and arrays of them: encoding cannot fail.
        let data = try! encoder.encode(document)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
