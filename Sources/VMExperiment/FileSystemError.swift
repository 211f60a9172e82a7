#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file-system failure, as a sentence a user can act on: `cannot create /scratch: permission denied`.
///
/// Contract: ``description`` never contains Foundation's `Error Domain=...` text; it names the operation, the path
/// and the reason. ``isUsage`` is true when the path itself is wrong for the operation (a directory where a file
/// is expected, a device, a file where a directory is expected): the caller asked for something impossible (exit
/// status 2). Otherwise the operation failed (exit status 1).
public struct FileSystemError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public let isUsage: Bool

    public init(_ description: String, isUsage: Bool = false) {
        self.description = description
        self.isUsage = isUsage
    }

    /// `cannot <operation> <path>: <reason for errno>`.
    public init(_ operation: String, path: String, errno code: Int32) {
        let isUsage = code == EISDIR || code == ENOTDIR || code == ENOENT || code == ELOOP || code == ENAMETOOLONG
        self.init("cannot \(operation) \(path): \(Self.reason(code))", isUsage: isUsage)
    }

    /// The lower-case reason for an `errno` value.
    public static func reason(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case ENOENT: return "no such file or directory"
        case ENOTDIR: return "a component of the path is not a directory"
        case EISDIR: return "is a directory"
        case ENOSPC: return "no space left on the device"
        case EROFS: return "read-only file system"
        case EDQUOT: return "disk quota exceeded"
        case EEXIST: return "already exists"
        default:
            let text = String(cString: strerror(code))
            return text.prefix(1).lowercased() + text.dropFirst()
        }
    }
}
