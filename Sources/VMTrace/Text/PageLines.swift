import VMCore

extension TextTraceDecoder {
    /// Parses pages-format lines, `[R|W|I] PAGE [# comment]`, until `capacity` accesses are filled or the
    /// buffer's complete lines run out.
    func parsePageLines(
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
            var kind = AccessKind.read
            var hasKind = false
            if let letterKind = accessKind(letter: cursor.pointee), isFieldEnd(cursor[1]) {
                kind = letterKind
                hasKind = true
                cursor += 1
                skipInlineSpaces(&cursor)
            }
            var next = cursor.pointee
            if !hasKind && (next == ASCII.newline || next == ASCII.hash) {
                skipToNewline(&cursor)
                cursor += 1
                continue
            }
            let token = cursor
            guard let page = parsePageNumber(&cursor), isFieldEnd(cursor.pointee), page <= maxPage else {
                throw pageNumberError(at: token, line: line)
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
            output[count] = Access(pid: 1, address: page &<< shift, kind: kind)
            count += 1
        }
        return count
    }
}
