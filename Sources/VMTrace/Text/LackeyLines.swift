import VMCore

/// The pages one Lackey record touches, emitted in ascending order; a modify (`M`) record yields a read then a
/// write for each page. Kept between reads when the caller's buffer fills up in the middle of a record.
struct PageRun {
    var page: UInt64 = 0
    var lastPage: UInt64 = 0
    var kind = AccessKind.read
    /// Each page is read, then written.
    var modifies = false
    /// For a modify run: the current page's read is out, its write is next.
    var writeNext = false
    var isActive = false

    /// Writes as many of the run's accesses as fit below `capacity` and returns the new count; clears
    /// ``isActive`` once the run is complete.
    @inline(__always)
    mutating func emit(
        into output: UnsafeMutablePointer<Access>,
        count initialCount: Int,
        capacity: Int,
        pageShift: UInt64
    ) -> Int {
        var count = initialCount
        while count < capacity {
            if modifies {
                output[count] = Access(pid: 1, address: page &<< pageShift, kind: writeNext ? .write : .read)
                count += 1
                writeNext.toggle()
                if writeNext { continue }
            } else {
                output[count] = Access(pid: 1, address: page &<< pageShift, kind: kind)
                count += 1
            }
            if page == lastPage {
                isActive = false
                break
            }
            page += 1
        }
        return count
    }
}

/// The largest access a Lackey record may have: one instruction touches at most a few KiB (an XSAVE area), so a
/// larger size is a corrupt record, and bounding it bounds the pages one record expands to (at most 17).
let lackeyMaximumSize: UInt64 = 65536

extension TextTraceDecoder {
    /// Parses a Valgrind Lackey log until `capacity` accesses are filled or the buffer's complete lines run out.
    ///
    /// Records are `I  addr,size` (fetch), ` L addr,size` (read), ` S addr,size` (write) and ` M addr,size` (read
    /// then write), addresses in hex without `0x`, sizes in decimal (0 counts as 1). Lines starting with `==` or
    /// `--` (Valgrind's own messages) and blank lines are skipped.
    func parseLackeyLines(
        into output: UnsafeMutablePointer<Access>,
        count initialCount: Int,
        capacity: Int
    ) throws(TraceError) -> Int {
        let base = UnsafePointer(buffer.base)
        var cursor = base + buffer.start
        let limit = base + buffer.lineEnd
        let shift = pageShift
        var count = initialCount
        var line = linesDone
        defer {
            buffer.start = cursor - base
            linesDone = line
        }
        while count < capacity && cursor < limit {
            line += 1
            let lineStart = cursor
            skipInlineSpaces(&cursor)
            let letter = cursor.pointee
            if letter == ASCII.newline
                || (letter == ASCII.equals && cursor[1] == ASCII.equals)
                || (letter == ASCII.minus && cursor[1] == ASCII.minus)
            {
                skipToNewline(&cursor)
                cursor += 1
                continue
            }
            var kind = AccessKind.read
            var modifies = false
            switch letter {
            case UInt8(ascii: "I"): kind = .fetch
            case UInt8(ascii: "L"): kind = .read
            case UInt8(ascii: "S"): kind = .write
            case UInt8(ascii: "M"): modifies = true
            default: throw lackeyRecordError(lineStart, line: line)
            }
            guard isInlineSpace(cursor[1]) else { throw lackeyRecordError(lineStart, line: line) }
            cursor += 2
            skipInlineSpaces(&cursor)
            let token = cursor
            guard let address = parseHex(&cursor), cursor.pointee == ASCII.comma else {
                throw malformed(line: line, "expected 'address,size' (hex address), found \(describeToken(at: token))")
            }
            cursor += 1
            guard let size = parseDecimal(&cursor), isInlineSpace(cursor.pointee) || cursor.pointee == ASCII.newline
            else {
                throw malformed(line: line, "expected 'address,size' (decimal size), found \(describeToken(at: token))")
            }
            skipInlineSpaces(&cursor)
            guard cursor.pointee == ASCII.newline else {
                throw malformed(line: line, "expected end of line after the size, found \(describeToken(at: cursor))")
            }
            guard size <= lackeyMaximumSize else {
                throw malformed(
                    line: line,
                    "expected an access size of at most \(lackeyMaximumSize) bytes (Lackey records one "
                        + "instruction's access), found \(size)")
            }
            cursor += 1
            let span = max(size, 1) - 1
            let lastByte = address > UInt64.max - span ? UInt64.max : address + span
            let firstPage = address >> shift
            let lastPage = lastByte >> shift
            if firstPage == lastPage && !modifies {
                output[count] = Access(pid: 1, address: firstPage &<< shift, kind: kind)
                count += 1
                continue
            }
            pendingRun = PageRun(page: firstPage, lastPage: lastPage, kind: kind, modifies: modifies, isActive: true)
            count = pendingRun.emit(into: output, count: count, capacity: capacity, pageShift: shift)
            if pendingRun.isActive { break }
        }
        return count
    }

    private func lackeyRecordError(_ lineStart: UnsafePointer<UInt8>, line: Int) -> TraceError {
        let record = "'I  addr,size', ' L addr,size', ' S addr,size' or ' M addr,size'"
        return malformed(line: line, "expected a Lackey record (\(record)), found \(describeLine(at: lineStart))")
    }
}
