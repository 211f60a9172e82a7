#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The message for an `errno` value.
func systemErrorMessage(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}

/// `read(2)`, retried on `EINTR`. Returns the byte count (0 at end of file) or the failing `errno` as a negative
/// number.
func readRetryingInterrupts(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    while true {
        let result = read(descriptor, buffer, count)
        if result >= 0 { return result }
        if errno != EINTR { return -Int(errno) }
    }
}

/// `pread(2)` at `offset`, retried on `EINTR`. Returns the byte count (0 at end of file) or the failing `errno` as
/// a negative number.
func preadRetryingInterrupts(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int)
    -> Int
{
    while true {
        let result = pread(descriptor, buffer, count, off_t(offset))
        if result >= 0 { return result }
        if errno != EINTR { return -Int(errno) }
    }
}

/// Writes all of `count` bytes with `write(2)`. Returns 0 or the failing `errno`.
func writeFully(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int32 {
    var offset = 0
    while offset < count {
        let result = write(descriptor, buffer + offset, count - offset)
        if result > 0 {
            offset += result
        } else if result == 0 {
            return EIO
        } else if errno != EINTR {
            return errno
        }
    }
    return 0
}

/// A unique hidden name next to `path` (`dir/.name.PID.RANDOM.tmp`), so that a file written there and renamed into
/// place stays within one file system: what the trace writers write to before the rename.
func temporaryPath(beside path: String) -> String {
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[...$0]) } ?? ""
    let file = slash.map { String(path[path.index(after: $0)...]) } ?? path
    let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    return "\(directory).\(file).\(getpid()).\(suffix).tmp"
}
