/// Builds a ``Chart`` of curves against memory size (or time) that stays readable at any number of policies.
///
/// The rules, in order:
/// 1. Curves that differ only in a `seed=` parameter become one curve: the mean, with a min–max band
///    (``Curve/mergingSeeds(_:)``).
/// 2. Curves identical at every x (same x values, y equal to 1e-12 relative, no band) are drawn as one line
///    named `fifo = clock` (its `members` list both; in small multiples only curves of one family merge); the
///    notes say so. Points of different series that coincide
///    at one x are drawn side by side by the renderer (``ChartSVG``), so no marker hides another.
/// 3. When the lines fit in one panel (at most ``Chart/maximumSeriesPerPanel``), one panel holds them all, OPT
///    (`opt`) drawn as the dashed grey floor. Otherwise small multiples: one panel per family (`textbook`,
///    `research`, `kernel`, `added`, then others), split evenly when a family has more series than fit, and every
///    panel also draws OPT and LRU (`lru`) as grey references.
/// 4. Styles (colour, dash, marker) go by order within a panel; series are then sorted by their final value (the
///    y at the largest x, highest first; ties by the value at the next smaller x), which is the legend order, with
///    the references last.
/// 5. An anomaly puts a ring at its two sizes on the series that contains its policy, labelled
///    `3 → 4 frames: 9 → 10 faults`.
public struct CurveChartBuilder: Sendable {
    /// More faults with more memory: `faultsLarger` at `larger` > `faultsSmaller` at `smaller`.
    public struct Anomaly: Sendable, Hashable {
        public var label: String
        public var smaller: Int
        public var larger: Int
        public var faultsSmaller: Int
        public var faultsLarger: Int

        public init(label: String, smaller: Int, larger: Int, faultsSmaller: Int, faultsLarger: Int) {
            self.label = label
            self.smaller = smaller
            self.larger = larger
            self.faultsSmaller = faultsSmaller
            self.faultsLarger = faultsLarger
        }
    }

    public var title: String
    public var curves: [Curve]
    public var xAxis: Axis
    /// The unit of x in point titles: `frames`, `accesses`.
    public var xUnit: String
    /// The y axis label, also used in point titles (`miss ratio`).
    public var yLabel: String
    /// Where y can lie (a ratio: 0...1); the zoomed axis stays inside.
    public var yBounds: ClosedRange<Double>?
    /// A logarithmic y axis when positive values span two decades.
    public var allowLogY: Bool
    public var anomalies: [Anomaly]
    /// Extra grey lines drawn only when everything fits in one panel (LRU's one-pass curve at every size).
    public var extraReferences: [Curve]
    /// The label of the floor (dashed grey in every panel) and of the reference drawn in every small multiple.
    public var floorLabel = "opt"
    public var referenceLabel = "lru"

    public init(
        title: String, curves: [Curve], xAxis: Axis, xUnit: String, yLabel: String,
        yBounds: ClosedRange<Double>? = nil, allowLogY: Bool = true, anomalies: [Anomaly] = [],
        extraReferences: [Curve] = []
    ) {
        self.title = title
        self.curves = curves
        self.xAxis = xAxis
        self.xUnit = xUnit
        self.yLabel = yLabel
        self.yBounds = yBounds
        self.allowLogY = allowLogY
        self.anomalies = anomalies
        self.extraReferences = extraReferences
    }

    /// The families in panel order.
    public static let familyOrder = ["textbook", "research", "kernel", "added"]

    /// A group of identical curves, drawn as one line.
    struct Line {
        var members: [Curve]
        var name: String { members.map(\.label).joined(separator: " = ") }
        var curve: Curve { members[0] }
    }

    public func build() -> Chart {
        let merged = Curve.mergingSeeds(curves)
        let floor = merged.first { $0.label == floorLabel }
        let others = merged.filter { $0.label != floorLabel }
        var lines = Self.fold(others, withinFamily: false)
        let extras = extraReferences.filter { !$0.samples.isEmpty }
        var notes: [String] = []
        var panels: [Panel]
        if lines.count + (floor == nil ? 0 : 1) + extras.count <= Chart.maximumSeriesPerPanel {
            var series = lines.enumerated().map { makeSeries($1, style: ChartPalette.style($0)) }
            if let floor { series.append(reference(floor, style: ChartPalette.floor)) }
            series += extras.map { reference($0, style: ChartPalette.lruReference, markerSize: 0) }
            panels = [Panel(title: "", family: "all", series: Self.legendOrder(series))]
            if floor != nil { notes.append("\(floorLabel) (grey, dashed) is the floor: the fewest faults possible.") }
        } else {
            // Small multiples: LRU becomes a reference; identical curves merge only within a family.
            let lru = others.first { $0.label == referenceLabel }
            lines = Self.fold(others.filter { $0.label != referenceLabel }, withinFamily: true)
            var references: [Series] = []
            if let floor { references.append(reference(floor, style: ChartPalette.floor)) }
            if let lru { references.append(reference(lru, style: ChartPalette.lruReference)) }
            panels = smallMultiples(lines, references: references)
            let names = references.map(\.name).joined(separator: " and ")
            if !names.isEmpty { notes.append("Every panel also draws \(names) in grey (dashed: \(floorLabel)).") }
        }
        for line in lines where line.members.count > 1 {
            notes.append("\(line.name): identical at every point, drawn as one line.")
        }
        for curve in merged where curve.seeds > 1 {
            notes.append("\(curve.label): mean of \(curve.seeds) seeds; the band spans the lowest to the highest.")
        }
        if panels.contains(where: { $0.series.contains { !$0.marks.isEmpty } }) {
            notes.append("Rings: Belady's anomaly, more faults with more memory.")
        }
        let values = panels.flatMap(\.series).flatMap(\.points).flatMap { point in
            [point.y] + (point.band.map { [$0.lowerBound, $0.upperBound] } ?? [])
        }
        let yAxis = Axis.values(values, label: yLabel, bounds: yBounds, allowLog: allowLogY)
        return Chart(title: title, notes: notes, panels: panels, xAxis: xAxis, yAxis: yAxis)
    }

    /// Curves identical at every x (and of the same family, with `withinFamily`), grouped in order of first
    /// appearance.
    static func fold(_ curves: [Curve], withinFamily: Bool) -> [Line] {
        var lines: [Line] = []
        for curve in curves {
            if let index = lines.firstIndex(where: {
                identical($0.curve, curve) && (!withinFamily || $0.curve.family == curve.family)
            }) {
                lines[index].members.append(curve)
            } else {
                lines.append(Line(members: [curve]))
            }
        }
        return lines
    }

    static func identical(_ a: Curve, _ b: Curve) -> Bool {
        guard a.samples.count == b.samples.count, !a.samples.isEmpty, a.seeds == 1, b.seeds == 1 else { return false }
        return zip(a.samples, b.samples).allSatisfy { p, q in
            p.x == q.x && p.band == nil && q.band == nil && abs(p.y - q.y) <= 1e-12 * max(1, abs(p.y), abs(q.y))
        }
    }

    /// The panel's own series by final value, highest first; ties go to the value at the next smaller x, and so
    /// on (then the name). References come last, in the same order among themselves.
    static func legendOrder(_ series: [Series]) -> [Series] {
        func backwards(_ series: Series) -> [Double] { series.points.sorted { $0.x > $1.x }.map(\.y) }
        func before(_ a: Series, _ b: Series) -> Bool {
            if a.isReference != b.isReference { return !a.isReference }
            for (p, q) in zip(backwards(a), backwards(b)) where abs(p - q) > 1e-12 * max(1, abs(p), abs(q)) {
                return p > q
            }
            return a.name < b.name
        }
        return series.sorted(by: before)
    }

    /// One panel per family, split evenly when a family has more series than fit beside the references.
    func smallMultiples(_ lines: [Line], references: [Series]) -> [Panel] {
        let capacity = max(1, Chart.maximumSeriesPerPanel - references.count)
        var families = Self.familyOrder.filter { family in lines.contains { $0.curve.family == family } }
        for line in lines where !families.contains(line.curve.family) { families.append(line.curve.family) }
        var panels: [Panel] = []
        for family in families {
            let members = lines.filter { $0.curve.family == family }
            let parts = (members.count + capacity - 1) / capacity
            var start = 0
            for part in 0..<parts {
                let size = members.count / parts + (part < members.count % parts ? 1 : 0)
                let chunk = members[start..<(start + size)]
                start += size
                var series = chunk.enumerated().map { makeSeries($1, style: ChartPalette.style($0)) }
                series += references
                panels.append(
                    Panel(
                        title: parts == 1 ? family : "\(family) (\(part + 1) of \(parts))", family: family,
                        series: Self.legendOrder(series)))
            }
        }
        return panels
    }

    func makeSeries(_ line: Line, style: SeriesStyle) -> Series {
        let name = line.name
        let curve = line.curve
        let marks = anomalies.filter { anomaly in line.members.contains { $0.label == anomaly.label } }
            .filter { anomaly in
                curve.samples.contains { $0.x == Double(anomaly.smaller) }
                    && curve.samples.contains { $0.x == Double(anomaly.larger) }
            }
            .map { anomaly in
                Mark(
                    at: [Double(anomaly.smaller), Double(anomaly.larger)],
                    label: "\(anomaly.smaller) → \(anomaly.larger) \(xUnit): "
                        + "\(anomaly.faultsSmaller) → \(anomaly.faultsLarger) faults")
            }
        var unique: [Mark] = []
        for mark in marks where !unique.contains(mark) { unique.append(mark) }
        return Series(
            name: name, members: line.members.map(\.label), points: points(curve, name: name), style: style,
            marks: unique)
    }

    func reference(_ curve: Curve, style: SeriesStyle, markerSize: Double? = nil) -> Series {
        var style = style
        if let markerSize { style.markerSize = markerSize }
        return Series(name: curve.label, points: points(curve, name: curve.label), style: style, isReference: true)
    }

    func points(_ curve: Curve, name: String) -> [Point] {
        curve.samples.map { sample in
            var title = "\(name) · \(ChartFormatting.count(sample.x)) \(xUnit) · \(yLabel) "
            title += ChartFormatting.value(sample.y)
            if let band = sample.band {
                title += " (mean of \(curve.seeds) seeds, \(ChartFormatting.value(band.lowerBound))–"
                title += "\(ChartFormatting.value(band.upperBound)))"
            }
            return Point(x: sample.x, y: sample.y, band: sample.band, title: title)
        }
    }
}
