import VMCore

/// An error in trace input: a file that cannot be opened or decompressed, or content that does not follow its
/// format.
///
/// Contract: ``description`` is `"file:line: message"` when the line is known and `"file: message"` otherwise,
/// where `file` is the reader's ``TraceReader/name`` escaped by ``SafeText/escaped(_:limit:)``. Messages about
/// malformed content read `expected <what>, found '<text>'` (or `found end of line`), the text quoted by
/// ``SafeText/quoted(utf8:limit:)``: escaped and cut, so no byte of the trace reaches a terminal as it is.
public struct TraceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The trace's display name: its path, `<stdin>` or `--pages`.
    public let file: String
    /// The 1-based line number for text formats, `nil` when the error is not about one line.
    public let line: Int?
    /// What went wrong, without the location prefix.
    public let message: String

    /// An error about `file`, at `line` when the error concerns one line.
    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, or `file: message` without a line.
    public var description: String {
        if let line {
            return "\(SafeText.escaped(file)):\(line): \(message)"
        }
        return "\(SafeText.escaped(file)): \(message)"
    }
}
