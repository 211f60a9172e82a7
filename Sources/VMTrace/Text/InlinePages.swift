import VMCore

/// Parses an inline page list such as `1,2,3` or `0x10 0x11`: page numbers in decimal or `0x` hex, separated by
/// commas and/or whitespace. Every access is a read by pid 1. Errors name the file `--pages`, without a line.
enum InlinePages {
    static let name = "--pages"

    static func parse(_ text: String, pageShift: Int) throws(TraceError) -> [Access] {
        let maxPage = UInt64.max >> UInt64(pageShift)
        var accesses: [Access] = []
        let tokens = text.utf8.split { $0 == ASCII.comma || isInlineSpace($0) || $0 == ASCII.newline }
        for token in tokens {
            guard let page = parse(token) else {
                throw TraceError(
                    file: name,
                    message: "expected a page number (decimal or 0x hex), found \(SafeText.quoted(utf8: token))"
                )
            }
            guard page <= maxPage else {
                throw TraceError(
                    file: name,
                    message: "expected a page number that is below 2^\(64 - pageShift) (page << \(pageShift) must fit "
                        + "in 64 bits), found \(SafeText.quoted(utf8: token))"
                )
            }
            accesses.append(Access(pid: 1, page: page, kind: .read, pageShift: pageShift))
        }
        return accesses
    }

    /// A decimal or `0x` hex number; `nil` for anything else or a value above 64 bits.
    private static func parse(_ token: Substring.UTF8View) -> UInt64? {
        let text = Substring(token)
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            let digits = text.dropFirst(2)
            return digits.utf8.allSatisfy { hexDigitValue($0) < 16 } ? UInt64(digits, radix: 16) : nil
        }
        return text.utf8.allSatisfy { $0 &- ASCII.zero < 10 } ? UInt64(text, radix: 10) : nil
    }
}
