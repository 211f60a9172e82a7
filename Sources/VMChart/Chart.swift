/// A chart as data, separate from its renderers (as the mapping graph is separate from DOT): panels of series of
/// (x, y) points over shared axes, with markers and a caption. ``ChartSVG`` draws it; ``ChartRasterizer`` turns
/// that drawing into PNG or PDF, so every format shows the same picture.
///
/// Invariants the builders keep (``CurveChartBuilder``): every panel has at most ``maximumSeriesPerPanel`` series;
/// series inside a panel are in legend order (the y at the largest x, highest first); every point lies inside
/// both axes' ranges.
public struct Chart: Sendable, Hashable {
    /// The most series one panel draws (references included); more policies become small multiples.
    public static let maximumSeriesPerPanel = 8

    public var title: String
    /// Sentences under the chart: what the references, bands and merged lines mean.
    public var notes: [String]
    public var panels: [Panel]
    /// Shared by every panel, so panels compare at a glance.
    public var xAxis: Axis
    public var yAxis: Axis

    public init(title: String, notes: [String] = [], panels: [Panel], xAxis: Axis, yAxis: Axis) {
        self.title = title
        self.notes = notes
        self.panels = panels
        self.xAxis = xAxis
        self.yAxis = yAxis
    }
}

/// One plot area of a chart, with its own legend.
public struct Panel: Sendable, Hashable {
    /// Shown above the panel, e.g. `textbook (1 of 3)`.
    public var title: String
    /// The policy family the panel shows (`textbook`, `research`, `kernel`, `added`), or `all`.
    public var family: String
    /// In legend order.
    public var series: [Series]

    public init(title: String, family: String, series: [Series]) {
        self.title = title
        self.family = family
        self.series = series
    }
}

/// One line: its points, how it is drawn, and the marks that belong to it.
public struct Series: Sendable, Hashable {
    /// The legend label and the `data-series` name: a policy label, or several joined by ` = ` when their curves
    /// are identical at every x (see ``members``).
    public var name: String
    /// The labels of the curves this line stands for (one, unless identical curves were merged).
    public var members: [String]
    public var points: [Point]
    public var style: SeriesStyle
    /// A grey reference drawn in every panel (OPT as the floor, LRU), not one of the panel's own series.
    public var isReference: Bool
    /// Rings with labels on points of this series (Belady's anomaly).
    public var marks: [Mark]

    public init(
        name: String, members: [String]? = nil, points: [Point], style: SeriesStyle, isReference: Bool = false,
        marks: [Mark] = []
    ) {
        self.name = name
        self.members = members ?? [name]
        self.points = points
        self.style = style
        self.isReference = isReference
        self.marks = marks
    }

    /// The y at the largest x (what the legend is ordered by); nil without points.
    public var finalValue: Double? { points.max { $0.x < $1.x }?.y }
}

/// A data point: `y` at `x`, an optional band (`low ... high`, e.g. min–max over seeds) and its hover text.
public struct Point: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var band: ClosedRange<Double>?
    /// The `<title>` of the point, e.g. `lru · 64 frames · miss ratio 0.1234`.
    public var title: String

    public init(x: Double, y: Double, band: ClosedRange<Double>? = nil, title: String = "") {
        self.x = x
        self.y = y
        self.band = band
        self.title = title
    }
}

/// A ring around points of a series with a label, in the series' colour (Belady's anomaly: `3 → 4 frames: 9 → 10
/// faults`).
public struct Mark: Sendable, Hashable {
    /// The x values of the ringed points (each is a point of the series).
    public var at: [Double]
    public var label: String

    public init(at: [Double], label: String) {
        self.at = at
        self.label = label
    }
}

/// How a series is drawn: stroke colour, dash pattern (empty: solid) and point marker.
public struct SeriesStyle: Sendable, Hashable {
    public var colour: String
    public var dash: [Double]
    public var marker: MarkerShape
    public var lineWidth: Double
    public var markerSize: Double

    public init(colour: String, dash: [Double], marker: MarkerShape, lineWidth: Double = 1.7, markerSize: Double = 3.4)
    {
        self.colour = colour
        self.dash = dash
        self.marker = marker
        self.lineWidth = lineWidth
        self.markerSize = markerSize
    }
}

/// The shape drawn at each point of a series.
public enum MarkerShape: String, Sendable, Hashable, CaseIterable {
    case circle, square, triangleUp, diamond, triangleDown, plus, cross, star
}
