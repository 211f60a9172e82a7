/// Resolves ``TraceFormat/auto`` (the rule is documented on ``TraceFormat``).
enum FormatSniffer {
    /// How much decompressed content is examined.
    static let window = 64 << 10
    /// How much content is searched for a NUL byte.
    static let binaryWindow = 4 << 10

    /// Detects the format of the trace at `path` whose decompressed content starts in `buffer`; reads into
    /// `buffer` without consuming anything.
    static func detect(path: String, buffer: ChunkBuffer) throws(TraceError) -> TraceFormat {
        if path.lowercased().contains("oraclegeneral") {
            return .oracleGeneral
        }
        try buffer.fill(atLeast: window)
        let bytes = UnsafeBufferPointer(start: buffer.base + buffer.start, count: min(buffer.available, window))
        return detect(content: bytes, complete: buffer.sourceEnded && buffer.available <= window)
    }

    /// Detects the format from the first bytes of the content. `complete` says that `content` is all of it (so its
    /// last line is complete even without a newline).
    static func detect(content: UnsafeBufferPointer<UInt8>, complete: Bool) -> TraceFormat {
        if content.prefix(binaryWindow).contains(0) {
            return .oracleGeneral
        }
        var lineStart = 0
        while lineStart < content.count {
            var lineEnd = lineStart
            while lineEnd < content.count && content[lineEnd] != ASCII.newline { lineEnd += 1 }
            if lineEnd == content.count && !complete { break }
            let line = Array(content[lineStart..<lineEnd])
            if let format = classify(line: line) {
                return format
            }
            lineStart = lineEnd + 1
        }
        return .pages
    }

    /// The format a line reveals, or `nil` for a blank or comment line.
    static func classify(line: [UInt8]) -> TraceFormat? {
        let content = line.drop { isInlineSpace($0) }
        guard let first = content.first, first != ASCII.hash else { return nil }
        let second = content.dropFirst().first
        if (first == ASCII.equals && second == ASCII.equals) || (first == ASCII.minus && second == ASCII.minus) {
            return .lackey
        }
        if isLackeyRecord(content) {
            return .lackey
        }
        let data = content.prefix { $0 != ASCII.hash }
        let fields = data.split(whereSeparator: isInlineSpace)
        return fields.count == 3 ? .pid : .pages
    }

    /// Whether `line` (without leading spaces) reads `OP addr,size` with OP one of I, L, S, M.
    private static func isLackeyRecord(_ line: ArraySlice<UInt8>) -> Bool {
        guard let letter = line.first, "ILSM".utf8.contains(letter) else { return false }
        let rest = line.dropFirst()
        guard let space = rest.first, isInlineSpace(space) else { return false }
        let fields = rest.drop { isInlineSpace($0) }.split(separator: ASCII.comma, omittingEmptySubsequences: false)
        guard fields.count == 2 else { return false }
        let address = fields[0]
        let size = fields[1].prefix { !isInlineSpace($0) }
        return !address.isEmpty && address.allSatisfy { hexDigitValue($0) < 16 }
            && !size.isEmpty && size.allSatisfy { $0 &- ASCII.zero < 10 }
    }
}
