/// Text from input — trace bytes, YAML values, option values, file names, titles — made safe to show. Every place
/// that shows input goes through here, so the rules live in one place.
///
/// **Terminals** (error messages): ``quoted(_:limit:)`` and ``quoted(utf8:limit:)`` give `'text'` for a message,
/// cut to ``quotedLimit`` characters with `…`; ``escaped(_:limit:)`` is the same without quotes (file names);
/// ``terminal(_:)`` is the last pass over a whole message before it is printed. Nothing that can act on a terminal
/// gets through: control characters (C0 including ESC, CR and BEL, DEL, C1), format characters (bidirectional
/// overrides and isolates, zero-width characters), line and paragraph separators and unassigned code points become
/// Swift-style escapes (`\r`, `\0`, ESC as `\u{1B}`, RLO as `\u{202E}`), invalid UTF-8 bytes become `\xFF`, and a
/// backslash becomes `\\` so an escape is never ambiguous.
///
/// **Markup** (HTML pages, SVG, Graphviz's HTML-like labels): ``markup(_:)`` turns `&`, `<`, `>`, `"` and `'`
/// into entities, so text can neither open a tag nor leave an attribute value, and replaces what ``visible(_:)``
/// replaces: tab, line feed and carriage return become spaces (which is how markup shows them), NUL and every
/// other control character, the bidirectional embeddings, overrides and isolates (which would reorder the text
/// around them), line and paragraph separators and noncharacters become U+FFFD.
public enum SafeText {
    /// The most characters (Unicode scalars, escapes included) of input a quoted message shows.
    public static let quotedLimit = 48

    /// `'text'`, escaped for a terminal and cut to `limit` characters (then `…` inside the quotes).
    public static func quoted(_ text: some StringProtocol, limit: Int = quotedLimit) -> String {
        "'" + escape(text.utf8, limit: limit, keepingLayout: false) + "'"
    }

    /// `'bytes'` decoded as UTF-8 (invalid bytes shown as `\xNN`), escaped for a terminal and cut to `limit`
    /// characters. Reads no further into `bytes` than it shows, so a huge token costs nothing.
    public static func quoted(utf8 bytes: some Collection<UInt8>, limit: Int = quotedLimit) -> String {
        "'" + escape(bytes, limit: limit, keepingLayout: false) + "'"
    }

    /// `text` escaped for a terminal, without quotes; cut to `limit` characters (then `…`) when a limit is given.
    public static func escaped(_ text: some StringProtocol, limit: Int? = nil) -> String {
        escape(text.utf8, limit: limit, keepingLayout: false)
    }

    /// A whole message about to be printed: line breaks, tabs and backslashes stay (the message may span lines and
    /// already hold escapes); every other character ``escaped(_:limit:)`` escapes is escaped the same way.
    public static func terminal(_ message: String) -> String {
        escape(message.utf8, limit: nil, keepingLayout: true)
    }

    /// `text` escaped for the content or a quoted attribute value of HTML, XML or SVG (see the type's summary).
    public static func markup(_ text: some StringProtocol) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(visibleScalar(scalar))
            }
        }
        return result
    }

    /// `text` with the characters markup cannot show or that would reorder their surroundings replaced (see the
    /// type's summary), and nothing else changed: for text that something else escapes (Graphviz's quoted strings).
    public static func visible(_ text: some StringProtocol) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { result.unicodeScalars.append(visibleScalar(scalar)) }
        return result
    }

    // MARK: Markup

    private static func visibleScalar(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: " "
        case 0x00...0x1F, 0x7F...0x9F: "\u{FFFD}"
        // Line and paragraph separators; bidirectional embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and
        // isolates (LRI, RLI, FSI, PDI).
        case 0x2028...0x202E, 0x2066...0x2069: "\u{FFFD}"
        // Noncharacters (XML does not allow U+FFFE and U+FFFF).
        case 0xFDD0...0xFDEF: "\u{FFFD}"
        case let value where value & 0xFFFE == 0xFFFE: "\u{FFFD}"
        default: scalar
        }
    }

    // MARK: Terminals

    /// The escaped text of `bytes`: at most `limit` scalars of output, then `…` if anything is left.
    private static func escape(_ bytes: some Collection<UInt8>, limit: Int?, keepingLayout: Bool) -> String {
        var result = ""
        var shown = 0
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let lead = bytes[index]
            let piece: String
            if let scalar = decodeScalar(bytes, at: &index) {
                piece = escape(scalar, keepingLayout: keepingLayout) ?? String(Character(scalar))
            } else {
                piece = "\\x" + hex(UInt32(lead), width: 2)
            }
            let width = piece.unicodeScalars.count
            if let limit, shown + width > limit {
                result += "…"
                break
            }
            result += piece
            shown += width
        }
        return result
    }

    /// How `scalar` is written in a terminal message, or nil when it is shown as it is.
    private static func escape(_ scalar: Unicode.Scalar, keepingLayout: Bool) -> String? {
        switch scalar {
        case "\\": return keepingLayout ? nil : "\\\\"
        case "\n": return keepingLayout ? nil : "\\n"
        case "\t": return keepingLayout ? nil : "\\t"
        case "\r": return "\\r"
        case "\0": return "\\0"
        default: break
        }
        if scalar.isASCII {
            return (0x20...0x7E).contains(scalar.value) ? nil : "\\u{" + hex(scalar.value, width: 1) + "}"
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned:
            return "\\u{" + hex(scalar.value, width: 1) + "}"
        default:
            return nil
        }
    }

    /// The scalar whose UTF-8 encoding starts at `index`, moving `index` past it; nil (and `index` moved past one
    /// byte) when the bytes there are not well-formed UTF-8 (Unicode's table 3-7: no overlong forms, no surrogates,
    /// nothing above U+10FFFF).
    private static func decodeScalar<Bytes: Collection<UInt8>>(_ bytes: Bytes, at index: inout Bytes.Index)
        -> Unicode.Scalar?
    {
        let lead = bytes[index]
        bytes.formIndex(after: &index)
        if lead < 0x80 { return Unicode.Scalar(lead) }
        var value: UInt32
        var following: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: (value, following) = (UInt32(lead & 0x1F), 1)
        case 0xE0: (value, following, second) = (0, 2, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (value, following) = (UInt32(lead & 0x0F), 2)
        case 0xED: (value, following, second) = (0x0D, 2, 0x80...0x9F)
        case 0xF0: (value, following, second) = (0, 3, 0x90...0xBF)
        case 0xF1...0xF3: (value, following) = (UInt32(lead & 0x07), 3)
        case 0xF4: (value, following, second) = (4, 3, 0x80...0x8F)
        default: return nil
        }
        var cursor = index
        for position in 0..<following {
            guard cursor != bytes.endIndex else { return nil }
            let byte = bytes[cursor]
            guard (position == 0 ? second : 0x80...0xBF).contains(byte) else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
            bytes.formIndex(after: &cursor)
        }
        index = cursor
        return Unicode.Scalar(value)
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
