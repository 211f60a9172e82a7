import Foundation
import VMCore

/// Draws a ``Chart`` as a standalone SVG document, the one drawing every format starts from (``ChartRasterizer``
/// turns it into PNG and PDF).
///
/// The document's contract with the HTML report, which toggles series and shows titles on hover:
/// - each panel is a `<g class="panel" data-panel="FAMILY">`;
/// - each series is a `<g class="series" data-series="NAME">` (NAME: the series name, escaped; merged identical
///   curves also carry `data-members`, references `data-role="reference"`) holding its band, its line, its points
///   and its marks;
/// - each point is an element with `class="point"` and a `<title>` child (`lru · 64 frames · miss ratio 0.1234`);
/// - each legend entry is a `<g class="legend-entry" data-series="NAME">`.
/// Text is real `<text>` in a standard sans font; every text is escaped by ``SafeText/markup(_:)``. No element has an
/// `id`, so several charts can share one HTML page.
public struct ChartSVG: Sendable {
    public static let fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"

    /// Sizes of one panel's parts, in pixels.
    struct Layout {
        var plotWidth: Double
        var plotHeight: Double
        var columns: Int
        var legendWidth: Double
        let axisWidth = 64.0
        let titleHeight = 22.0
        let xAxisHeight: Double
        let gap = 18.0
        var cellWidth: Double { axisWidth + plotWidth + gap + legendWidth }
        var cellHeight: Double { titleHeight + plotHeight + xAxisHeight + 10 }
    }

    public var chart: Chart

    public init(_ chart: Chart) {
        self.chart = chart
    }

    func layout() -> Layout {
        let single = chart.panels.count == 1
        let longest = chart.panels.flatMap(\.series).map { min($0.name.count, 34) }.max() ?? 8
        let legendWidth = max(110, min(240, 40 + 6.3 * Double(longest)))
        let twoLines = chart.xAxis.ticks.contains { $0.secondLine != nil }
        return Layout(
            plotWidth: single ? 520 : 340, plotHeight: single ? 320 : 210, columns: single ? 1 : 2,
            legendWidth: legendWidth, xAxisHeight: twoLines ? 50 : 38)
    }

    /// The SVG document.
    public func render() -> String {
        let layout = layout()
        let rows = (chart.panels.count + layout.columns - 1) / layout.columns
        let top = 44.0
        let noteLines = chart.notes.flatMap {
            Self.wrap($0, width: Int(Double(layout.columns) * layout.cellWidth / 6.2))
        }
        let width = 16 + Double(max(1, min(layout.columns, chart.panels.count))) * layout.cellWidth
        let height = top + Double(rows) * layout.cellHeight + 8 + 15 * Double(noteLines.count) + 8
        var out = SVGWriter()
        out.line(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" "
                + "viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"\(Self.fontFamily)\" font-size=\"11\">")
        out.line("<rect width=\"\(n(width))\" height=\"\(n(height))\" fill=\"white\"/>")
        out.line(
            "<text class=\"chart-title\" x=\"16\" y=\"27\" font-size=\"15\" font-weight=\"bold\">"
                + SafeText.markup(chart.title) + "</text>")
        for (index, panel) in chart.panels.enumerated() {
            let column = index % layout.columns
            let row = index / layout.columns
            let origin = (x: 8 + Double(column) * layout.cellWidth, y: top + Double(row) * layout.cellHeight)
            PanelDrawing(chart: chart, panel: panel, layout: layout, origin: origin, showYLabel: column == 0)
                .draw(into: &out)
        }
        var noteY = top + Double(rows) * layout.cellHeight + 14
        for line in noteLines {
            out.line(
                "<text class=\"note\" x=\"16\" y=\"\(n(noteY))\" font-size=\"10.5\" fill=\"#444444\">"
                    + SafeText.markup(line) + "</text>")
            noteY += 15
        }
        out.line("</svg>")
        return out.text
    }

    /// `text` cut into lines of at most `width` characters at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > width {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

/// Accumulates SVG text.
struct SVGWriter {
    var text = ""
    mutating func line(_ line: String) {
        text += line
        text += "\n"
    }
}

/// A coordinate or length: one decimal.
func n(_ value: Double) -> String {
    let text = String(format: "%.1f", value)
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
}
