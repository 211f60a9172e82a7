/// Why a diagram could not be built or drawn. Every message is a sentence naming the cause.
public enum DiagramError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The state has more rows than a region may draw (`--detail pages` over a huge region, say).
    case tooLarge(String)
    /// Graphviz refused the graph or failed to lay it out or render it; the text is what it reported.
    case graphviz(String)

    public var description: String {
        switch self {
        case .tooLarge(let message), .graphviz(let message): message
        }
    }
}
