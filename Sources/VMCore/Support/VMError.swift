/// Errors the core raises. Every message is a complete sentence that names the offending value.
public enum VMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A machine or policy setting is out of range.
    case invalidConfiguration(String)
    /// A policy name or parameter is wrong.
    case invalidPolicy(String)
    /// A policy broke its contract (for example returned a frame that is not resident).
    case contractViolation(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message), .invalidPolicy(let message), .contractViolation(let message):
            message
        }
    }
}
