import VMCore

/// Turns arbitrary text (process names, region names, titles) into text Graphviz shows as written.
///
/// No input can change the graph's structure or its markup:
/// - Inside HTML-like labels `&`, `<`, `>`, `"` and `'` become entities, so text can neither close a tag nor an
///   attribute; control characters (which the XML parser behind HTML labels rejects) and bidirectional overrides
///   become U+FFFD, line breaks and tabs spaces (``SafeText/markup(_:)``, as for every page VMLab writes).
/// - Graphviz expands `\N`, `\G`, `\E`, `\H`, `\T`, `\L` in tooltips (HTML `TITLE` attributes and the plain
///   `tooltip` attribute); there a backslash is shown as U+FF3C FULLWIDTH REVERSE SOLIDUS so nothing expands.
/// - Node names, ports and ids are never taken from input (they are built from numbers).
enum LabelText {
    /// Longest name shown in a cell; longer ones end in `…` (tooltips keep them whole).
    static let maximumShownLength = 40

    /// `text` escaped for the content of an HTML-like label (``SafeText/markup(_:)``).
    static func html(_ text: String) -> String { SafeText.markup(text) }

    /// `text` escaped for an attribute value inside an HTML-like label that Graphviz also expands (`TITLE`).
    static func htmlTooltip(_ text: String) -> String { html(tooltip(text)) }

    /// `text` for a plain (escString) attribute such as an edge's `tooltip`: no backslash left to expand, no
    /// control characters.
    static func tooltip(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in SafeText.visible(text).unicodeScalars {
            result.unicodeScalars.append(scalar == "\\" ? "\u{FF3C}" : scalar)
        }
        return result
    }

    /// `text` for a plain attribute inside a DOT quoted string: ``tooltip(_:)``, with `"` escaped as `\"`.
    static func quoted(_ text: String) -> String {
        var result = ""
        for character in tooltip(text) {
            if character == "\"" { result += "\\\"" } else { result.append(character) }
        }
        return result
    }

    /// `text` cut to ``maximumShownLength`` characters (with `…`), for cells.
    static func shortened(_ text: String) -> String {
        text.count <= maximumShownLength ? text : String(text.prefix(maximumShownLength - 1)) + "…"
    }
}
