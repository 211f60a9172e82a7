import VMCore

/// Decodes the line-oriented formats (pages, pid, Lackey) straight from a ``ChunkBuffer``, without a `String`
/// per line. Lines may be split across reads, end in LF or CRLF, and are counted for error messages.
final class TextTraceDecoder: AccessDecoder {
    /// The line grammar in use.
    enum Dialect {
        case pages
        case pid
        case lackey
    }

    let buffer: ChunkBuffer
    let dialect: Dialect
    let name: String
    /// Pages are stored as `page << pageShift`.
    let pageShift: UInt64
    /// The largest page whose address fits in 64 bits.
    let maxPage: UInt64
    /// Lines fully consumed so far; the line being parsed is `linesDone + 1`.
    @exclusivity(unchecked) var linesDone = 0
    /// Accesses of a Lackey record that did not fit in the caller's buffer.
    @exclusivity(unchecked) var pendingRun = PageRun()

    init(buffer: ChunkBuffer, dialect: Dialect, name: String, pageShift: Int) {
        self.buffer = buffer
        self.dialect = dialect
        self.name = name
        self.pageShift = UInt64(pageShift)
        maxPage = UInt64.max >> UInt64(pageShift)
    }

    func read(
        into accesses: UnsafeMutableBufferPointer<Access>,
        nextUse: UnsafeMutableBufferPointer<Int>?
    ) throws(TraceError) -> Int {
        guard let output = accesses.baseAddress, accesses.count > 0 else { return 0 }
        let capacity = accesses.count
        var count = 0
        if pendingRun.isActive {
            count = pendingRun.emit(into: output, count: count, capacity: capacity, pageShift: pageShift)
            if pendingRun.isActive { return count }
        }
        while count < capacity {
            switch try buffer.nextLines() {
            case .lines: break
            case .end: return count
            case .lineTooLong:
                let limit = ChunkBuffer.maximumLineLength >> 20
                throw malformed(line: linesDone + 1, "expected a line of at most \(limit) MiB, found a longer one")
            }
            switch dialect {
            case .pages: count = try parsePageLines(into: output, count: count, capacity: capacity)
            case .pid: count = try parsePIDLines(into: output, count: count, capacity: capacity)
            case .lackey: count = try parseLackeyLines(into: output, count: count, capacity: capacity)
            }
        }
        return count
    }

    /// The error for a malformed line.
    func malformed(line: Int, _ message: String) -> TraceError {
        TraceError(file: name, line: line, message: message)
    }

    /// The error for a page-number token that did not parse or is too large.
    func pageNumberError(at token: UnsafePointer<UInt8>, line: Int) -> TraceError {
        let text = describeToken(at: token)
        guard looksLikeNumber(token) else {
            return malformed(line: line, "expected a page number (decimal or 0x hex), found \(text)")
        }
        let bits = 64 - pageShift
        let limit = pageShift == 0 ? "fits in 64 bits" : "is below 2^\(bits) (page << \(pageShift) must fit in 64 bits)"
        return malformed(line: line, "expected a page number that \(limit), found \(text)")
    }

    /// Whether the token at `token` is a syntactically valid decimal or `0x` hex number (so a failure was overflow).
    private func looksLikeNumber(_ token: UnsafePointer<UInt8>) -> Bool {
        var cursor = token
        var hex = false
        if cursor.pointee == ASCII.zero && (cursor[1] | 0x20) == UInt8(ascii: "x") {
            cursor += 2
            hex = true
        }
        let first = cursor
        while hex ? hexDigitValue(cursor.pointee) < 16 : cursor.pointee &- ASCII.zero < 10 {
            cursor += 1
        }
        return cursor > first && isFieldEnd(cursor.pointee)
    }
}

/// Whether `byte` ends a field in the pages and pid formats: a space, the newline or a `#` comment.
@inline(__always)
func isFieldEnd(_ byte: UInt8) -> Bool {
    isInlineSpace(byte) || byte == ASCII.newline || byte == ASCII.hash
}

/// The kind an `R`, `W` or `I` letter names, or `nil`.
@inline(__always)
func accessKind(letter: UInt8) -> AccessKind? {
    switch letter {
    case UInt8(ascii: "R"): .read
    case UInt8(ascii: "W"): .write
    case UInt8(ascii: "I"): .fetch
    default: nil
    }
}
