package import Plot
import VMCore

// Plot builds VMLab's pages, but does not escape everything itself: it writes attribute values exactly as given
// (a `"` ends the attribute), and its text escaping keeps anything that looks like an entity (`&#0;`, `&lt;`) and
// passes NUL and other control characters through. So every text and attribute value that can hold input reaches a
// page through these helpers, which escape it with ``SafeText/markup(_:)``; the pages use no other Plot text or
// attribute call for such values (`ReportPageTests.sources` checks the sources for it).

package extension Node {
    /// `text` as the content of an element, escaped: it can open no tag or entity, and holds no control character.
    static func safeText(_ text: String) -> Node { .raw(SafeText.markup(text)) }

    /// An attribute whose value is `value`, escaped: it cannot end the attribute or add another.
    static func safeAttribute(_ name: String, _ value: String) -> Node {
        .attribute(Attribute(name: name, value: SafeText.markup(value)))
    }

    /// A `<title>` element holding `title`, escaped (Plot's `.title` also copies it into `<meta>` attributes
    /// unescaped).
    static func safeTitle(_ title: String) -> Node { .element(named: "title", nodes: [.safeText(title)]) }

    /// The `hidden` attribute when `isHidden`, written `hidden="hidden"` so the page also reads as XML.
    static func safeHidden(_ isHidden: Bool) -> Node { isHidden ? .safeAttribute("hidden", "hidden") : .empty }
}

package extension Attribute {
    /// An attribute whose value is `value`, escaped: it cannot end the attribute or add another.
    static func safe(_ name: String, _ value: String) -> Attribute {
        Attribute(name: name, value: SafeText.markup(value))
    }

    /// An attribute holding a relative URL to the file at `path`: every byte but letters, digits, `-._~` and `/`
    /// percent-encoded (so `:` cannot start a scheme, nor `?` or `#` a query or fragment), then escaped.
    static func safeRelativeURL(_ name: String, path: String) -> Attribute {
        var encoded = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (digits.count == 1 ? "0" : "") + digits
            }
        }
        return .safe(name, encoded)
    }
}
