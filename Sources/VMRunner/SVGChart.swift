import Foundation
import VMCore

/// A line chart drawn as a standalone SVG document: axes with ticks, one polyline per series, markers, a legend.
/// Every text (titles, series names) is escaped by ``SafeText/markup(_:)``; numbers are formatted, never interpolated
/// raw.
public struct SVGChart: Sendable {
    /// One line.
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var dashed = false
        /// Points drawn with a red ring (Belady's anomaly: faults rose with memory).
        public var flagged: [(x: Double, y: Double)] = []
        /// Draw a dot at each point.
        public var markers = true

        public init(name: String, points: [(x: Double, y: Double)], dashed: Bool = false, markers: Bool = true) {
            self.name = name
            self.points = points
            self.dashed = dashed
            self.markers = markers
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Logarithmic x axis (memory sizes spanning decades).
    public var logX = false
    public var yRange: ClosedRange<Double>?

    public init(title: String, xLabel: String, yLabel: String, series: [Series], logX: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logX = logX
    }

    static let colours = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#393b79", "#ad494a", "#637939", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363",
    ]

    /// `text` escaped for SVG content and attributes (``SafeText/markup(_:)``).
    static func escape(_ text: String) -> String { SafeText.markup(text) }

    static func number(_ value: Double) -> String { String(format: "%.2f", value) }

    /// A short label for a tick value.
    static func tickLabel(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e9 { return String(Int(value)) }
        if abs(value) >= 0.01 { return String(format: "%.2f", value) }
        return String(format: "%.1e", value)
    }

    /// About `count` round tick values covering `range`.
    static func ticks(_ range: ClosedRange<Double>, count: Int = 6) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0 else { return [range.lowerBound] }
        let rough = span / Double(count)
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? rough
        var value = (range.lowerBound / step).rounded(.up) * step
        var result: [Double] = []
        while value <= range.upperBound + step * 1e-9 {
            result.append(value)
            value += step
        }
        return result
    }

    /// The chart as SVG text, `width` × `height` pixels.
    public func svg(width: Double = 720, height minimumHeight: Double = 420) -> String {
        let left = 70.0, right = 190.0, top = 40.0, bottom = 55.0
        // Tall enough for the whole legend (16 px per series).
        let height = max(minimumHeight, top + 16 * Double(series.count) + 24)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let allPoints = series.flatMap(\.points)
        let xs = allPoints.map(\.x).filter { !logX || $0 > 0 }
        let ys = allPoints.map(\.y)
        var xMin = xs.min() ?? 0, xMax = xs.max() ?? 1
        if xMin == xMax { xMax = xMin + 1 }
        var yRange = self.yRange ?? (min(0, ys.min() ?? 0)...max(ys.max() ?? 1, 1e-9))
        if yRange.lowerBound == yRange.upperBound { yRange = yRange.lowerBound...(yRange.lowerBound + 1) }
        if logX { xMin = max(xMin, 1e-9) }
        func xPosition(_ x: Double) -> Double {
            let fraction = logX ? (log(max(x, xMin)) - log(xMin)) / (log(xMax) - log(xMin)) : (x - xMin) / (xMax - xMin)
            return left + fraction * plotWidth
        }
        func yPosition(_ y: Double) -> Double {
            top + plotHeight - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * plotHeight
        }
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.number(width))" height="\(Self.number(height))" \
            viewBox="0 0 \(Self.number(width)) \(Self.number(height))" font-family="Helvetica, Arial, sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(Self.number(left))" y="22" font-size="14" font-weight="bold">\(Self.escape(title))</text>

            """
        // Axes and grid.
        let xTicks: [Double] =
            logX
            ? (0...Int(ceil(log10(xMax)))).map { pow(10, Double($0)) }.filter { $0 >= xMin && $0 <= xMax }
                + [xMin, xMax] : Self.ticks(xMin...xMax)
        for tick in Set(xTicks).sorted() {
            let x = xPosition(tick)
            out += "<line x1=\"\(Self.number(x))\" y1=\"\(Self.number(top))\" x2=\"\(Self.number(x))\" "
            out += "y2=\"\(Self.number(top + plotHeight))\" stroke=\"#eeeeee\"/>\n"
            out += "<text x=\"\(Self.number(x))\" y=\"\(Self.number(top + plotHeight + 16))\" text-anchor=\"middle\">"
            out += Self.escape(Self.tickLabel(tick)) + "</text>\n"
        }
        for tick in Self.ticks(yRange) {
            let y = yPosition(tick)
            out += "<line x1=\"\(Self.number(left))\" y1=\"\(Self.number(y))\" x2=\"\(Self.number(left + plotWidth))\" "
            out += "y2=\"\(Self.number(y))\" stroke=\"#eeeeee\"/>\n"
            out += "<text x=\"\(Self.number(left - 6))\" y=\"\(Self.number(y + 4))\" text-anchor=\"end\">"
            out += Self.escape(Self.tickLabel(tick)) + "</text>\n"
        }
        out += "<rect x=\"\(Self.number(left))\" y=\"\(Self.number(top))\" width=\"\(Self.number(plotWidth))\" "
        out += "height=\"\(Self.number(plotHeight))\" fill=\"none\" stroke=\"#888888\"/>\n"
        out +=
            "<text x=\"\(Self.number(left + plotWidth / 2))\" y=\"\(Self.number(height - 14))\" text-anchor=\"middle\">"
        out += Self.escape(xLabel + (logX ? " (log scale)" : "")) + "</text>\n"
        out +=
            "<text transform=\"translate(16 \(Self.number(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">"
        out += Self.escape(yLabel) + "</text>\n"
        // Series (the report's contract: `g.panel`, `g.series[data-series]` holding the line and its points, each
        // `circle.point` with a `<title>`, and `g.legend-entry[data-series]`).
        out += "<g class=\"panel\" data-panel=\"\(Self.escape(title))\">\n"
        var legend = ""
        for (index, line) in series.enumerated() {
            let colour = line.name.hasPrefix("opt") ? "#000000" : Self.colours[index % Self.colours.count]
            let points = line.points.filter { !logX || $0.x > 0 }
            out += "<g class=\"series\" data-series=\"\(Self.escape(line.name))\">\n"
            if points.count > 1 {
                let path = points.map { "\(Self.number(xPosition($0.x))),\(Self.number(yPosition($0.y)))" }.joined(
                    separator: " ")
                out += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.6\""
                out += line.dashed ? " stroke-dasharray=\"5 3\"" : ""
                out += " points=\"\(path)\"/>\n"
            }
            if line.markers {
                for point in points {
                    out += "<circle class=\"point\" cx=\"\(Self.number(xPosition(point.x)))\" "
                    out += "cy=\"\(Self.number(yPosition(point.y)))\" r=\"2.5\" fill=\"\(colour)\"><title>"
                    out += Self.escape("\(line.name) · \(Self.tickLabel(point.x)) \(xLabel) · \(yLabel) ")
                    out += Self.escape(String(format: "%.4f", point.y)) + "</title></circle>\n"
                }
            }
            for point in line.flagged where !logX || point.x > 0 {
                out += "<circle cx=\"\(Self.number(xPosition(point.x)))\" cy=\"\(Self.number(yPosition(point.y)))\" "
                out += "r=\"6\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\"><title>Belady's anomaly: "
                out += Self.escape(line.name) + " faults more here than with less memory</title></circle>\n"
            }
            out += "</g>\n"
            // Legend entry.
            let legendY = top + 8 + Double(index) * 16
            let legendX = left + plotWidth + 14
            legend += "<g class=\"legend-entry\" data-series=\"\(Self.escape(line.name))\">"
            legend +=
                "<line x1=\"\(Self.number(legendX))\" y1=\"\(Self.number(legendY))\" x2=\"\(Self.number(legendX + 18))\" "
            legend += "y2=\"\(Self.number(legendY))\" stroke=\"\(colour)\" stroke-width=\"2\""
            legend += line.dashed ? " stroke-dasharray=\"5 3\"/>" : "/>"
            legend += "<text x=\"\(Self.number(legendX + 24))\" y=\"\(Self.number(legendY + 4))\">"
            legend += Self.escape(String(line.name.prefix(26))) + (line.flagged.isEmpty ? "" : " ⚠") + "</text></g>\n"
        }
        out += "</g>\n" + legend
        out += "</svg>\n"
        return out
    }
}
