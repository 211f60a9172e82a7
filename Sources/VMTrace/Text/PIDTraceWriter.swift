public import VMCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes multi-process traces in the `pid` text format (``TraceFormat/pid``), one `PID R|W|I PAGE` line per access,
/// page numbers in decimal, so that ``TraceReader`` reads them back as the same accesses.
///
/// Contract: any length in constant memory (1 MiB chunks); written to a hidden temporary file in the same directory
/// and renamed into place, so readers never see a partial trace and a failure leaves no file behind. Plain text
/// only: a path ending in `.gz` or `.zst` is refused (the reader would take the text for a compressed file).
/// Kernel accesses (pid 0) and kernel-mode accesses have no pid-format line and are refused.
public enum PIDTraceWriter {
    /// Bytes per write; a line is at most 34 bytes.
    static let chunkBytes = 1 << 20

    /// Writes one line per access of `accesses` (pages of `1 << pageShift` bytes) to `path`, replacing any existing
    /// file, and returns the number of lines. `afterChunk` is called with the lines written so far after every
    /// chunk (progress, Ctrl-C): when it throws, the temporary file is removed and its error rethrown.
    @discardableResult
    public static func write(
        _ accesses: some Sequence<Access>, pageShift: Int, to path: String,
        afterChunk: (Int) throws -> Void = { _ in }
    ) throws -> Int {
        guard !path.hasSuffix(".gz"), !path.hasSuffix(".zst") else {
            throw TraceError(file: path, message: "pid traces are written as plain text; drop the .gz or .zst suffix")
        }
        let temporary = temporaryPath(beside: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw TraceError(file: path, message: "cannot create \(temporary): \(systemErrorMessage())")
        }
        let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkBytes)
        defer { chunk.deallocate() }
        do {
            var filled = 0
            var count = 0
            func flush() throws(TraceError) {
                let status = writeFully(descriptor, chunk, filled)
                guard status == 0 else {
                    throw TraceError(file: path, message: "cannot write: \(systemErrorMessage(status))")
                }
                filled = 0
            }
            for access in accesses {
                guard access.pid != Access.kernelPID, access.mode == .user else {
                    throw TraceError(
                        file: path, message: "access \(count + 1): kernel accesses have no pid-format line")
                }
                filled = appendLine(access, pageShift: pageShift, to: chunk + filled) - chunk
                count += 1
                if filled > chunkBytes - 64 {
                    try flush()
                    try afterChunk(count)
                }
            }
            if filled > 0 { try flush() }
            guard close(descriptor) == 0 else {
                throw TraceError(file: path, message: "cannot write: \(systemErrorMessage())")
            }
            guard rename(temporary, path) == 0 else {
                throw TraceError(file: path, message: "cannot rename \(temporary) into place: \(systemErrorMessage())")
            }
            return count
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
    }

    /// Writes `PID OP PAGE\n` at `output`; returns the position after it.
    private static func appendLine(_ access: Access, pageShift: Int, to output: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8>
    {
        var cursor = appendDecimal(UInt64(access.pid), to: output)
        cursor[0] = 0x20
        cursor[1] = access.kind.letter.asciiValue ?? UInt8(ascii: "R")
        cursor[2] = 0x20
        cursor = appendDecimal(access.address >> UInt64(pageShift), to: cursor + 3)
        cursor[0] = 0x0A
        return cursor + 1
    }

    /// Writes `value` in decimal at `output` (at most 20 digits); returns the position after it.
    private static func appendDecimal(_ value: UInt64, to output: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8>
    {
        var digits = 1
        var power: UInt64 = 10
        while digits < 20 && value >= power {
            digits += 1
            power = power &* 10
        }
        var value = value
        for index in stride(from: digits - 1, through: 0, by: -1) {
            output[index] = UInt8(truncatingIfNeeded: 0x30 &+ value % 10)
            value /= 10
        }
        return output + digits
    }
}
