#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A stream of bytes: a file, standard input, or a decompressor wrapped around one of those.
protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer` and returns how many; 0 only at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TraceError) -> Int
}

/// A trace file, or a spooled stream, read with `read(2)` or `pread(2)`. Bytes examined with ``peek(_:)`` are
/// delivered again first, which lets the opener sniff magic bytes.
///
/// Regular files are read directly. Streams (standard input, named pipes, `<(...)`) are spooled once per process
/// (``InputSpool``) so that every reader sees all their bytes, however many readers there are. Directories and
/// devices are refused: a character device such as `/dev/zero` or a terminal would never end.
final class FileByteSource: ByteSource {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// For a spooled stream: where the next `pread` reads.
    @exclusivity(unchecked) private var spoolOffset: Int?
    private let name: String
    @exclusivity(unchecked) private var pushedBack: [UInt8] = []

    /// Opens `path`, or standard input when `path` is `-`. Errors are reported against `name`.
    init(path: String, name: String) throws(TraceError) {
        self.name = name
        if path == "-" {
            try InputFileCheck.requireReadable(descriptor: STDIN_FILENO, name: name, isStandardInput: true)
            descriptor = try InputSpool.spool(path: path, descriptor: STDIN_FILENO, name: name).descriptor
            ownsDescriptor = false
            spoolOffset = 0
            return
        }
        if let spool = InputSpool.existing(path: path) {
            descriptor = spool.descriptor
            ownsDescriptor = false
            spoolOffset = 0
            return
        }
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else {
            throw TraceError(file: name, message: "cannot open: \(systemErrorMessage())")
        }
        do throws(TraceError) {
            let kind = try InputFileCheck.requireReadable(descriptor: opened, name: name, isStandardInput: false)
            if kind == .stream {
                descriptor = try InputSpool.spool(path: path, descriptor: opened, name: name).descriptor
                close(opened)
                ownsDescriptor = false
                spoolOffset = 0
            } else {
                descriptor = opened
                ownsDescriptor = true
            }
        } catch {
            close(opened)
            throw error
        }
    }

    deinit {
        if ownsDescriptor {
            close(descriptor)
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TraceError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        if !pushedBack.isEmpty {
            let count = min(buffer.count, pushedBack.count)
            pushedBack.withUnsafeBytes { bytes in
                base.copyMemory(from: bytes.baseAddress!, byteCount: count)
            }
            pushedBack.removeFirst(count)
            return count
        }
        let count: Int
        if let offset = spoolOffset {
            count = preadRetryingInterrupts(descriptor, base, buffer.count, offset)
            if count > 0 { spoolOffset = offset + count }
        } else {
            count = readRetryingInterrupts(descriptor, base, buffer.count)
        }
        guard count >= 0 else {
            throw TraceError(file: name, message: "cannot read: \(systemErrorMessage(Int32(-count)))")
        }
        return count
    }

    /// Reads until `count` bytes are available or the stream ends, and pushes them back so that the next reads
    /// deliver them again.
    func peek(_ count: Int) throws(TraceError) -> [UInt8] {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { scratch.deallocate() }
        var filled = 0
        while filled < count {
            let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[filled...]))
            if got == 0 { break }
            filled += got
        }
        pushedBack = Array(scratch[0..<filled]) + pushedBack
        return Array(scratch[0..<filled])
    }
}
