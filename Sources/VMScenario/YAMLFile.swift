#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a YAML file's text, with errors that say what is wrong with the file before YAML sees it.
public enum YAMLFile {
    /// The largest YAML file read (experiments and scenarios are small; a larger file is a mistake).
    public static let maximumBytes = 16 << 20

    /// The text of `path`. Errors: a missing or unreadable file (with the reason), a directory or device, a file
    /// over ``maximumBytes``, invalid UTF-8 and NUL bytes (at their line:column), bare CR line endings.
    public static func read(_ path: String, what: String) throws(YAMLInputError) -> String {
        func failure(_ message: String, line: Int = 0, column: Int = 0) -> YAMLInputError {
            YAMLInputError(file: path, line: line, column: column, message: message)
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw failure("cannot read the \(what): \(reason(errno))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure("cannot read the \(what): \(reason(errno))") }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: throw failure("cannot read the \(what): it is a directory")
        case S_IFCHR, S_IFBLK: throw failure("cannot read the \(what): it is a device, not a file")
        default: break
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress!, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read the \(what): \(reason(errno))")
            }
            bytes += chunk[0..<count]
            if bytes.count > maximumBytes {
                throw failure("the \(what) is larger than \(maximumBytes >> 20) MiB; is this the right file?")
            }
        }
        return try text(of: bytes, file: path, what: what)
    }

    /// `bytes` as text, or an error at the line:column of the first NUL byte or invalid UTF-8 sequence, or for
    /// bare CR line endings.
    static func text(of bytes: [UInt8], file: String, what: String) throws(YAMLInputError) -> String {
        let hasLineFeed = bytes.contains(0x0A)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0 {
                throw YAMLInputError(
                    file: file, line: line, column: column(bytes, lineStart, index),
                    message: "a NUL byte; the \(what) must be text")
            }
            if byte == 0x0A {
                line += 1
                lineStart = index + 1
            } else if byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A) && !hasLineFeed {
                throw YAMLInputError(
                    file: file, line: 1, column: 1,
                    message: "the \(what) has bare CR line endings (classic Mac); convert them to LF")
            }
            index += 1
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let bad = firstInvalidUTF8(bytes)
            let before = bytes[..<bad]
            let badLine = before.count { $0 == 0x0A } + 1
            let badLineStart = (before.lastIndex(of: 0x0A) ?? -1) + 1
            throw YAMLInputError(
                file: file, line: badLine, column: column(bytes, badLineStart, bad),
                message: "invalid UTF-8 (byte 0x\(String(bytes[bad], radix: 16))); the \(what) must be UTF-8 text")
        }
        return text
    }

    /// The 1-based column of `index` in the line starting at `lineStart`, counting characters, not bytes.
    private static func column(_ bytes: [UInt8], _ lineStart: Int, _ index: Int) -> Int {
        bytes[lineStart..<index].count { $0 & 0xC0 != 0x80 } + 1
    }

    /// The index of the first byte that does not start or continue a valid UTF-8 sequence.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length =
                byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            guard length > 0, index + length <= bytes.count,
                String(validating: bytes[index..<index + length], as: UTF8.self) != nil
            else { return index }
            index += length
        }
        return bytes.count
    }

    private static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file"
        case EACCES, EPERM: "permission denied"
        case EISDIR: "it is a directory"
        default: String(cString: strerror(code)).lowercased()
        }
    }
}

/// `read(2)`, named apart from ``YAMLFile/read(_:what:)``.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
