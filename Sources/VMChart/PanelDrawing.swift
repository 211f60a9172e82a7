import Foundation
import VMCore

/// One panel of a ``ChartSVG``: frame, grid, ticks, series (references underneath), marks and legend.
struct PanelDrawing {
    let chart: Chart
    let panel: Panel
    let layout: ChartSVG.Layout
    let origin: (x: Double, y: Double)
    let showYLabel: Bool

    var left: Double { origin.x + layout.axisWidth }
    var top: Double { origin.y + layout.titleHeight }
    var right: Double { left + layout.plotWidth }
    var bottom: Double { top + layout.plotHeight }
    /// Points stay this far inside the frame, so markers at the ends are whole.
    let inset = 9.0

    func x(_ value: Double) -> Double {
        left + inset + chart.xAxis.fraction(value) * (layout.plotWidth - 2 * inset)
    }

    func y(_ value: Double) -> Double {
        bottom - inset - chart.yAxis.fraction(value) * (layout.plotHeight - 2 * inset)
    }

    func draw(into out: inout SVGWriter) {
        out.line("<g class=\"panel\" data-panel=\"\(SafeText.markup(panel.family))\">")
        if !panel.title.isEmpty {
            out.line(
                "<text class=\"panel-title\" x=\"\(n(left))\" y=\"\(n(top - 7))\" font-size=\"12\" "
                    + "font-weight=\"bold\">\(SafeText.markup(panel.title))</text>")
        }
        drawAxes(into: &out)
        let offsets = dodgeOffsets()
        // References first (underneath), then the panel's own series, the legend's last entry first.
        let order =
            panel.series.indices.filter { panel.series[$0].isReference }
            + panel.series.indices.filter { !panel.series[$0].isReference }.reversed()
        for index in order {
            drawSeries(panel.series[index], offsets: offsets[index], into: &out)
        }
        drawLegend(into: &out)
        out.line("</g>")
    }

    func drawAxes(into out: inout SVGWriter) {
        out.line(
            "<rect class=\"plot-area\" x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(layout.plotWidth))\" "
                + "height=\"\(n(layout.plotHeight))\" fill=\"none\" stroke=\"#b0b0b0\"/>")
        for tick in visibleXTicks() {
            let position = x(tick.value)
            out.line(
                "<line class=\"grid\" x1=\"\(n(position))\" y1=\"\(n(top))\" x2=\"\(n(position))\" "
                    + "y2=\"\(n(bottom))\" stroke=\"#ececec\"/>")
            out.line(
                "<text class=\"tick\" x=\"\(n(position))\" y=\"\(n(bottom + 14))\" text-anchor=\"middle\">"
                    + SafeText.markup(tick.label) + "</text>")
            if let second = tick.secondLine {
                out.line(
                    "<text class=\"tick\" x=\"\(n(position))\" y=\"\(n(bottom + 26))\" text-anchor=\"middle\" "
                        + "font-size=\"9\" fill=\"#666666\">\(SafeText.markup(second))</text>")
            }
        }
        for tick in chart.yAxis.ticks {
            let position = y(tick.value)
            out.line(
                "<line class=\"grid\" x1=\"\(n(left))\" y1=\"\(n(position))\" x2=\"\(n(right))\" "
                    + "y2=\"\(n(position))\" stroke=\"#ececec\"/>")
            out.line(
                "<text class=\"tick\" x=\"\(n(left - 6))\" y=\"\(n(position + 3.5))\" text-anchor=\"end\">"
                    + SafeText.markup(tick.label) + "</text>")
        }
        let scaleNote: (Axis) -> String = { axis in
            if case .log(let base) = axis.scale { return " (log\(base == 2 ? "₂" : "₁₀") scale)" }
            return ""
        }
        out.line(
            "<text class=\"axis-label\" x=\"\(n(left + layout.plotWidth / 2))\" "
                + "y=\"\(n(bottom + layout.xAxisHeight - 8))\" text-anchor=\"middle\">"
                + SafeText.markup(chart.xAxis.label + scaleNote(chart.xAxis)) + "</text>")
        if showYLabel {
            out.line(
                "<text class=\"axis-label\" transform=\"translate(\(n(origin.x + 12)) \(n(top + layout.plotHeight / 2))) "
                    + "rotate(-90)\" text-anchor=\"middle\">"
                    + SafeText.markup(chart.yAxis.label + scaleNote(chart.yAxis)) + "</text>")
        }
    }

    /// The x ticks whose labels do not collide (about 6.5 px a character, 8 px apart), keeping the first and the
    /// last: crowded sizes (24, 32 and their bytes) lose every other label, never overlap.
    func visibleXTicks() -> [Axis.Tick] {
        func halfWidth(_ tick: Axis.Tick) -> Double {
            3.3 * Double(max(tick.label.count, Int(Double(tick.secondLine?.count ?? 0) * 0.85)))
        }
        func fits(_ a: Axis.Tick, _ b: Axis.Tick) -> Bool {
            abs(x(b.value) - x(a.value)) >= halfWidth(a) + halfWidth(b) + 8
        }
        var kept: [Axis.Tick] = []
        for tick in chart.xAxis.ticks where kept.last.map({ fits($0, tick) }) ?? true {
            kept.append(tick)
        }
        if let last = chart.xAxis.ticks.last, kept.last != last {
            while let previous = kept.last, !fits(previous, last), kept.count > 1 { kept.removeLast() }
            kept.append(last)
        }
        return kept
    }

    /// Horizontal offsets of each series' markers: points of several series that fall within 2.5 px of each other
    /// at the same x are spread 4.5 px apart around it, in drawing order, so every marker stays visible.
    func dodgeOffsets() -> [[Double]] {
        var offsets = panel.series.map { [Double](repeating: 0, count: $0.points.count) }
        var byX: [Double: [(series: Int, point: Int, y: Double)]] = [:]
        for (s, series) in panel.series.enumerated() where series.style.markerSize > 0 {
            for (p, point) in series.points.enumerated() { byX[point.x, default: []].append((s, p, y(point.y))) }
        }
        for (_, group) in byX where group.count > 1 {
            let sorted = group.sorted { $0.y < $1.y }
            var cluster: [(series: Int, point: Int, y: Double)] = []
            func spread() {
                guard cluster.count > 1 else { return }
                for (rank, member) in cluster.enumerated() {
                    offsets[member.series][member.point] = (Double(rank) - Double(cluster.count - 1) / 2) * 4.5
                }
            }
            for item in sorted {
                if let last = cluster.last, item.y - last.y > 2.5 {
                    spread()
                    cluster = []
                }
                cluster.append(item)
            }
            spread()
        }
        return offsets
    }

    func drawSeries(_ series: Series, offsets: [Double], into out: inout SVGWriter) {
        let style = series.style
        var attributes = "class=\"series\" data-series=\"\(SafeText.markup(series.name))\""
        if series.members.count > 1 {
            attributes += " data-members=\"\(SafeText.markup(series.members.joined(separator: " ")))\""
        }
        if series.isReference { attributes += " data-role=\"reference\"" }
        out.line("<g \(attributes)>")
        let banded = series.points.filter { $0.band != nil }
        if banded.count > 1 {
            let upper = banded.map { "\(n(x($0.x))),\(n(y($0.band!.upperBound)))" }
            let lower = banded.reversed().map { "\(n(x($0.x))),\(n(y($0.band!.lowerBound)))" }
            out.line(
                "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\" "
                    + "fill=\"\(style.colour)\" fill-opacity=\"0.16\" stroke=\"none\"/>")
        }
        if series.points.count > 1 {
            let path = series.points.enumerated().map { "\($0 == 0 ? "M" : "L")\(n(x($1.x))),\(n(y($1.y)))" }
            let dash = style.dash.isEmpty ? "" : " stroke-dasharray=\"\(style.dash.map(n).joined(separator: " "))\""
            out.line(
                "<path class=\"line\" d=\"\(path.joined(separator: " "))\" fill=\"none\" stroke=\"\(style.colour)\" "
                    + "stroke-width=\"\(n(style.lineWidth))\" stroke-linejoin=\"round\"\(dash)/>")
        }
        // Long series (time) show about eight markers; every point keeps its element and title.
        let stride = series.points.count > 16 ? (series.points.count + 7) / 8 : 1
        for (index, point) in series.points.enumerated() {
            let visible = index % stride == 0 || index == series.points.count - 1
            out.line(
                MarkerDrawing.element(
                    style.marker, x: x(point.x) + offsets[index], y: y(point.y), size: visible ? style.markerSize : 0,
                    colour: style.colour, attributes: "class=\"point\"",
                    content: "<title>\(SafeText.markup(point.title))</title>"))
        }
        for mark in series.marks { drawMark(mark, series: series, into: &out) }
        out.line("</g>")
    }

    /// Rings around the marked points and the label beside the last one, in the series' colour.
    func drawMark(_ mark: Mark, series: Series, into out: inout SVGWriter) {
        let points = mark.at.compactMap { at in series.points.first { $0.x == at } }
        guard let last = points.last else { return }
        out.line("<g class=\"mark anomaly\">")
        for point in points {
            out.line(
                "<circle cx=\"\(n(x(point.x)))\" cy=\"\(n(y(point.y)))\" r=\"8\" fill=\"none\" "
                    + "stroke=\"\(series.style.colour)\" stroke-width=\"1.8\"/>")
        }
        let px = x(last.x)
        let py = max(top + 12, y(last.y) - 13)
        // Right of the point when the label fits there, else left of it, else centred over it inside the frame.
        let width = 6.4 * Double(mark.label.count)
        let centred = min(max(px - width / 2, left + 4), right - 4 - width)
        let (labelX, anchor) =
            px + 10 + width <= right
            ? (px + 10, "start") : px - 10 - width >= left ? (px - 10, "end") : (max(left + 4, centred), "start")
        out.line(
            "<text x=\"\(n(labelX))\" y=\"\(n(py))\" "
                + "text-anchor=\"\(anchor)\" fill=\"\(series.style.colour)\" "
                + "font-size=\"10.5\" font-weight=\"bold\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">"
                + SafeText.markup(mark.label) + "</text>")
        out.line("</g>")
    }

    func drawLegend(into out: inout SVGWriter) {
        let x0 = right + layout.gap
        var row = top + 8
        let characters = max(8, Int((layout.legendWidth - 36) / 6.1))
        out.line("<g class=\"legend\">")
        for series in panel.series {
            let style = series.style
            let lines = legendLines(series.name, characters: characters)
            let dash = style.dash.isEmpty ? "" : " stroke-dasharray=\"\(style.dash.map(n).joined(separator: " "))\""
            out.line("<g class=\"legend-entry\" data-series=\"\(SafeText.markup(series.name))\">")
            out.line(
                "<line x1=\"\(n(x0))\" y1=\"\(n(row))\" x2=\"\(n(x0 + 26))\" y2=\"\(n(row))\" "
                    + "stroke=\"\(style.colour)\" stroke-width=\"\(n(style.lineWidth))\"\(dash)/>")
            if style.markerSize > 0 {
                out.line(
                    MarkerDrawing.element(
                        style.marker, x: x0 + 13, y: row, size: style.markerSize, colour: style.colour,
                        attributes: "", content: ""))
            }
            for (index, text) in lines.enumerated() {
                out.line(
                    "<text x=\"\(n(x0 + 32))\" y=\"\(n(row + 4 + 13 * Double(index)))\""
                        + (series.isReference ? " fill=\"#555555\"" : "") + ">"
                        + SafeText.markup(text) + "</text>")
            }
            out.line("</g>")
            row += 16 + 13 * Double(lines.count - 1)
        }
        out.line("</g>")
    }

    /// The legend text of a name: merged names break after ` = `; anything longer than `characters` is cut with …
    func legendLines(_ name: String, characters: Int) -> [String] {
        var lines: [String] = []
        for part in name.components(separatedBy: " = ").enumerated().map({
            $0.offset == 0 ? $0.element : "= " + $0.element
        }) {
            if let last = lines.last, last.count + 1 + part.count <= characters {
                lines[lines.count - 1] = last + " " + part
            } else {
                lines.append(part.count > characters ? String(part.prefix(characters - 1)) + "…" : part)
            }
        }
        if lines.count > 3 { lines = Array(lines.prefix(2)) + ["= …"] }
        return lines.isEmpty ? [""] : lines
    }
}
