import Testing
import VMCore

/// ``SafeText``: what reaches a terminal and what reaches markup, for every kind of hostile input.
struct SafeTextTests {
    /// Whether every character of `text` is printable on a terminal: ASCII from space to `~`, or a non-ASCII
    /// character that is not a control, format, separator or unassigned code point.
    static func isPrintable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            if scalar.isASCII { return (0x20...0x7E).contains(scalar.value) }
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned: return false
            default: return true
            }
        }
    }

    @Test(
        "Terminal escapes: controls, ESC, DEL, C1, bidirectional overrides, separators and backslashes",
        arguments: [
            ("plain text 0x1f", "'plain text 0x1f'"),
            ("\u{1B}[31mred\u{1B}[0m", "'\\u{1B}[31mred\\u{1B}[0m'"),
            ("a\rb\nc\td\0e\u{07}f", "'a\\rb\\nc\\td\\0e\\u{7}f'"),
            ("del\u{7F} csi\u{9B}2J nel\u{85}", "'del\\u{7F} csi\\u{9B}2J nel\\u{85}'"),
            ("evil\u{202E}txt.exe \u{2066}x\u{2069}", "'evil\\u{202E}txt.exe \\u{2066}x\\u{2069}'"),
            ("zero\u{200B}width \u{FEFF}bom \u{2028}ls", "'zero\\u{200B}width \\u{FEFF}bom \\u{2028}ls'"),
            ("back\\slash", "'back\\\\slash'"),
            ("crème brûlée → 日本", "'crème brûlée → 日本'"),
            ("", "''"),
        ])
    func terminal(input: String, expected: String) {
        #expect(SafeText.quoted(input) == expected)
        #expect(Self.isPrintable(SafeText.quoted(input)))
    }

    @Test(
        "Invalid UTF-8 bytes are shown as \\xNN, well-formed sequences around them as text",
        arguments: [
            ([0x61, 0xFF, 0x62], "'a\\xFFb'"),
            ([0xC0, 0x80], "'\\xC0\\x80'"),  // overlong NUL
            ([0xE2, 0x82], "'\\xE2\\x82'"),  // truncated €
            ([0xE2, 0x82, 0xAC], "'€'"),
            ([0xED, 0xA0, 0x80], "'\\xED\\xA0\\x80'"),  // a surrogate
            ([0xF4, 0x90, 0x80, 0x80], "'\\xF4\\x90\\x80\\x80'"),  // above U+10FFFF
            ([0xF0, 0x9F, 0x98, 0x80, 0x80], "'😀\\x80'"),
            ([0x1B, 0x9B], "'\\u{1B}\\x9B'"),  // ESC and a raw C1 byte (not UTF-8)
        ] as [([UInt8], String)])
    func invalidUTF8(bytes: [UInt8], expected: String) {
        #expect(SafeText.quoted(utf8: bytes) == expected)
    }

    @Test("Quoted text is cut to the limit with an ellipsis, whatever its length or its escapes")
    func limit() {
        let long = String(repeating: "x", count: 10_000)
        #expect(SafeText.quoted(long) == "'" + String(repeating: "x", count: SafeText.quotedLimit) + "…'")
        #expect(SafeText.quoted(String(repeating: "x", count: SafeText.quotedLimit)).count == SafeText.quotedLimit + 2)
        let escapes = String(repeating: "\u{1B}", count: 10_000)
        let shown = SafeText.quoted(escapes)
        #expect(shown.unicodeScalars.count <= SafeText.quotedLimit + 3 && shown.hasSuffix("…'"))
        #expect(!shown.contains("\\u{1") || shown.hasSuffix("}…'"), "an escape is never cut in half")
        // One character with 10,000 combining marks is one Character but 10,001 scalars: still bounded.
        let stacked = "e" + String(repeating: "\u{301}", count: 10_000)
        #expect(SafeText.quoted(stacked).unicodeScalars.count <= SafeText.quotedLimit + 3)
        #expect(SafeText.quoted("abcdef", limit: 3) == "'abc…'")
        #expect(SafeText.escaped(long).count == 10_000, "escaped(_:) without a limit keeps everything")
    }

    @Test("A whole message keeps its lines, tabs and escapes, and loses every other control character")
    func message() {
        let message = "file:1: found 'a\\u{1B}'\n\tsecond line \u{1B}]0;title\u{07} \u{9B}31m\r"
        #expect(
            SafeText.terminal(message)
                == "file:1: found 'a\\u{1B}'\n\tsecond line \\u{1B}]0;title\\u{7} \\u{9B}31m\\r")
    }

    @Test("Markup: entities for & < > \" ', spaces for line breaks, U+FFFD for NUL, controls and overrides")
    func markup() {
        #expect(
            SafeText.markup("\"><script>alert('x')</script>")
                == "&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        #expect(SafeText.markup("a &amp; b &#0; c") == "a &amp;amp; b &amp;#0; c", "entities in input stay text")
        #expect(SafeText.markup("a\nb\rc\td") == "a b c d")
        #expect(SafeText.markup("nul\0esc\u{1B}del\u{7F}c1\u{85}") == "nul\u{FFFD}esc\u{FFFD}del\u{FFFD}c1\u{FFFD}")
        #expect(SafeText.markup("rlo\u{202E}lri\u{2067}pdi\u{2069}") == "rlo\u{FFFD}lri\u{FFFD}pdi\u{FFFD}")
        let noncharacters = String(
            String.UnicodeScalarView([0xFFFE, 0xFFFF, 0xFDD0, 0x1FFFF].compactMap(Unicode.Scalar.init)))
        #expect(SafeText.markup("non" + noncharacters) == "non\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(SafeText.markup("crème → 日本 😀 \u{200F}") == "crème → 日本 😀 \u{200F}", "text and marks stay")
        #expect(SafeText.visible("a<b>&\"\0\u{202E}") == "a<b>&\"\u{FFFD}\u{FFFD}", "visible(_:) only replaces")
    }
}
