public import VMTrace

/// Where a run's accesses come from.
public enum WorkloadSource: Sendable, Hashable {
    /// A trace file (`-` for standard input) in a given format (`.auto` detects it).
    case trace(path: String, format: TraceFormat)
    /// An inline page list, as `--pages 1,2,3` gives it.
    case inlinePages(String)

    /// The name results carry.
    public var name: String {
        switch self {
        case .trace(let path, _): path == "-" ? "<stdin>" : path
        case .inlinePages: "--pages"
        }
    }

    /// The number of accesses, when it is known before reading (``TraceLength``): for progress and ETA lines.
    public var expectedAccesses: Int? {
        switch self {
        case .trace(let path, let format): TraceLength.expectedAccesses(path: path, format: format)
        case .inlinePages: nil
        }
    }

    /// Opens a streaming reader for pages of `1 << pageShift` bytes.
    public func openReader(pageShift: Int) throws(TraceError) -> TraceReader {
        switch self {
        case .trace(let path, let format): try TraceReader(path: path, format: format, pageShift: pageShift)
        case .inlinePages(let list): try TraceReader(inlinePages: list, pageShift: pageShift)
        }
    }
}
