import VMCore

extension TextTraceDecoder {
    /// Parses pid-format lines, `PID R|W|I PAGE [# comment]`, until `capacity` accesses are filled or the buffer's
    /// complete lines run out. Pid 0 is the kernel's and is rejected.
    func parsePIDLines(
        into output: UnsafeMutablePointer<Access>,
        count initialCount: Int,
        capacity: Int
    ) throws(TraceError) -> Int {
        let base = UnsafePointer(buffer.base)
        var cursor = base + buffer.start
        let limit = base + buffer.lineEnd
        let shift = pageShift
        let maxPage = maxPage
        var count = initialCount
        var line = linesDone
        defer {
            buffer.start = cursor - base
            linesDone = line
        }
        while count < capacity && cursor < limit {
            line += 1
            skipInlineSpaces(&cursor)
            var next = cursor.pointee
            if next == ASCII.newline || next == ASCII.hash {
                skipToNewline(&cursor)
                cursor += 1
                continue
            }
            let pidToken = cursor
            guard let pid = parseDecimal(&cursor), isFieldEnd(cursor.pointee), pid > 0, pid <= UInt64(UInt32.max)
            else {
                let text = describeToken(at: pidToken)
                throw malformed(
                    line: line, "expected a process id from 1 to 4294967295 (0 is the kernel), found \(text)")
            }
            skipInlineSpaces(&cursor)
            guard let kind = accessKind(letter: cursor.pointee), isFieldEnd(cursor[1]) else {
                throw malformed(line: line, "expected an operation R, W or I, found \(describeToken(at: cursor))")
            }
            cursor += 1
            skipInlineSpaces(&cursor)
            let pageToken = cursor
            guard let page = parsePageNumber(&cursor), isFieldEnd(cursor.pointee), page <= maxPage else {
                throw pageNumberError(at: pageToken, line: line)
            }
            skipInlineSpaces(&cursor)
            next = cursor.pointee
            if next == ASCII.hash {
                skipToNewline(&cursor)
            } else if next != ASCII.newline {
                throw malformed(
                    line: line, "expected end of line after the page number, found \(describeToken(at: cursor))")
            }
            cursor += 1
            output[count] = Access(pid: UInt32(truncatingIfNeeded: pid), address: page &<< shift, kind: kind)
            count += 1
        }
        return count
    }
}
