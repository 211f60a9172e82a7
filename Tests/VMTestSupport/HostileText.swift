import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Hostile inputs, and the checks that none of them got through: to a terminal (``isPrintable(_:)``) or into the
/// structure of a page (``ParsedPage``). Shared by the tests of every module that shows input.
public enum HostileText {
    /// Texts that try to leave markup (quotes, angle brackets, entities, CDATA and comment ends), hide in it (NUL,
    /// controls, line breaks) or reorder what follows (U+202E RIGHT-TO-LEFT OVERRIDE), each with how a page must
    /// show it: literally, except line breaks and tabs as spaces and NUL, controls and overrides as U+FFFD.
    public static let markup: [(input: String, shown: String)] = [
        ("\"><script>alert(1)</script>", "\"><script>alert(1)</script>"),
        ("' onmouseover='alert(2)' x='", "' onmouseover='alert(2)' x='"),
        ("\" onerror=\"alert(3)", "\" onerror=\"alert(3)"),
        ("a & b &amp; &#0; &lt;i&gt; &#x3C;", "a & b &amp; &#0; &lt;i&gt; &#x3C;"),
        ("]]> <!-- --> <![CDATA[x]]> </title></svg>", "]]> <!-- --> <![CDATA[x]]> </title></svg>"),
        ("line\nbreak\r\ncarriage\ttab", "line break  carriage tab"),
        ("nul\0byte", "nul\u{FFFD}byte"),
        ("esc \u{1B}[31mred\u{7}\u{7F}\u{9B}", "esc \u{FFFD}[31mred\u{FFFD}\u{FFFD}\u{FFFD}"),
        ("rtl \u{202E}gnp.exe", "rtl \u{FFFD}gnp.exe"),
    ]

    /// `path` as a relative URL, as pages link files: every byte but ASCII letters, digits, `-._~` and `/`
    /// percent-encoded.
    public static func relativeURL(_ path: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? "?"
    }

    /// Whether every character of `text` is harmless on a terminal: ASCII from space to `~`, or a non-ASCII
    /// character that is not a control, format (bidirectional overrides, zero-width), separator or unassigned code
    /// point. `allowingLineBreaks` also allows `\n` (for whole multi-line messages).
    public static func isPrintable(_ text: String, allowingLineBreaks: Bool = false) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            if scalar == "\n" { return allowingLineBreaks }
            if scalar.isASCII { return (0x20...0x7E).contains(scalar.value) }
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned: return false
            default: return true
            }
        }
    }
}

/// A page VMLab wrote, parsed by Foundation's strict XML parser (`XMLParser`).
///
/// VMLab writes its HTML pages so that they also read as XML (every attribute quoted and with a value, every
/// element closed, only XML's entities), and parsing them strictly is the honest check that input did not change
/// their structure: a quote that ended an attribute early, a `<` that opened an element, a NUL or control character
/// are all errors, and the elements and attributes found are exactly the ones the page was built with.
/// (`XMLDocument`'s `.documentTidyHTML` is not an HTML parser on Linux: it recovers silently from broken markup.)
public struct ParsedPage {
    public struct Element {
        public var name: String
        public var attributes: [String: String]
        /// The character data directly inside the element (without that of its children).
        public var text: String
    }

    /// Every element, in document order.
    public private(set) var elements: [Element] = []

    /// Parses `html`.
    /// - Throws: ``ParseError`` with the parser's line, column and message when the page is not well-formed.
    public init(_ html: String) throws {
        let collector = Collector()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = collector
        guard parser.parse() else {
            let error = parser.parserError.map { "\($0)" } ?? "unknown error"
            throw ParseError(message: "line \(parser.lineNumber), column \(parser.columnNumber): \(error)")
        }
        elements = collector.elements
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { "the page is not well-formed: \(message)" }
    }

    /// The elements named `name` (compared without case, as HTML does).
    public func elements(named name: String) -> [Element] {
        elements.filter { $0.name.lowercased() == name.lowercased() }
    }

    /// Every element name, lowercased.
    public var elementNames: Set<String> { Set(elements.map { $0.name.lowercased() }) }

    /// Each element's name and attribute names, in document order: pages built by the same code from different
    /// texts have the same shape, unless a text changed the markup.
    public var shape: [String] { elements.map { ([$0.name] + $0.attributes.keys.sorted()).joined(separator: " ") } }

    /// Every attribute name, lowercased.
    public var attributeNames: Set<String> { Set(elements.flatMap { $0.attributes.keys.map { $0.lowercased() } }) }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var open: [Int] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            open.append(elements.count)
            elements.append(Element(name: elementName, attributes: attributeDict, text: ""))
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            open.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let index = open.last { elements[index].text += string }
        }
    }
}
