import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A stream input (standard input, a named pipe, `<(zcat t.gz)`), read once and kept in an unlinked temporary
/// file so that it can be read any number of times.
///
/// A trace on a stream must be readable twice: format sniffing, a next-use pre-pass for OPT, a sweep that
/// decodes once per cell and a content fingerprint all read the same bytes again. The first reader copies standard
/// input, still compressed, into a temporary file (`$TMPDIR`, default `/tmp`) that is unlinked at once, so nothing
/// is left behind whatever way the process ends; every reader then reads that file with `pread(2)` at its own
/// offset. Disk use equals the size of the input as piped (compressed input stays compressed).
///
/// Callers check the kind of file first (``InputFileCheck``): terminals and devices are never spooled.
final class InputSpool: Sendable {
    /// The spooled copy's descriptor, open for the life of the process.
    let descriptor: Int32
    /// Bytes spooled.
    let size: Int

    private init(descriptor: Int32, size: Int) {
        self.descriptor = descriptor
        self.size = size
    }

    /// Spools made so far, by path (`-` for standard input).
    private static let spools = Mutex<[String: Result<InputSpool, TraceError>]>([:])

    /// The spool of the stream at `path` (`-`: standard input), made from `descriptor` at the first call for that
    /// path; later calls return the same spool and leave `descriptor` unread.
    static func spool(path: String, descriptor: Int32, name: String) throws(TraceError) -> InputSpool {
        let result = spools.withLock { spools in
            if let known = spools[path] { return known }
            let made: Result<InputSpool, TraceError>
            do throws(TraceError) {
                made = .success(try make(from: descriptor, name: name))
            } catch {
                made = .failure(error)
            }
            spools[path] = made
            return made
        }
        return try result.get()
    }

    /// The spool already made for `path`, if any: a named pipe must not be opened again once its writer is gone.
    static func existing(path: String) -> InputSpool? {
        spools.withLock { try? $0[path]?.get() }
    }

    private static func make(from input: Int32, name: String) throws(TraceError) -> InputSpool {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(directory)/vmlab-stdin-XXXXXX".utf8CString)
        let spooled = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard spooled >= 0 else {
            throw TraceError(
                file: name, message: "cannot spool standard input into \(directory): \(systemErrorMessage())")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var size = 0
        while true {
            let count = readRetryingInterrupts(input, buffer, chunk)
            if count == 0 { break }
            guard count > 0 else {
                close(spooled)
                throw TraceError(file: name, message: "cannot read: \(systemErrorMessage(Int32(-count)))")
            }
            let failure = writeFully(spooled, buffer, count)
            guard failure == 0 else {
                close(spooled)
                throw TraceError(
                    file: name,
                    message: "cannot spool standard input into \(directory): \(systemErrorMessage(failure))")
            }
            size += count
        }
        return InputSpool(descriptor: spooled, size: size)
    }
}
