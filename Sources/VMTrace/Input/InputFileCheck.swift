#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What kinds of open file a trace may come from.
enum InputFileCheck {
    enum Kind: Equatable {
        /// A regular file: it can be read again from the start.
        case regular
        /// A pipe or socket: read once, so it is spooled.
        case stream
    }

    /// The kind of the open file `descriptor`, or an error naming why it cannot be a trace: a directory, a
    /// character or block device (a terminal, `/dev/zero`, `/dev/urandom`: these never end or are not files).
    @discardableResult
    static func requireReadable(descriptor: Int32, name: String, isStandardInput: Bool) throws(TraceError) -> Kind {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw TraceError(file: name, message: "cannot examine: \(systemErrorMessage())")
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            return .regular
        case S_IFIFO, S_IFSOCK:
            return .stream
        case S_IFDIR:
            throw TraceError(file: name, message: "is a directory, not a trace file")
        case S_IFCHR where isStandardInput && isatty(descriptor) == 1:
            throw TraceError(
                file: name, message: "standard input is a terminal; pipe a trace in (e.g. 'zcat t.gz | vmlab ...')")
        case S_IFCHR, S_IFBLK:
            throw TraceError(
                file: name,
                message: "is a device, not a trace file (a character device such as /dev/zero never ends); "
                    + "give a regular file or a pipe")
        default:
            throw TraceError(file: name, message: "is not a regular file or a pipe")
        }
    }
}
