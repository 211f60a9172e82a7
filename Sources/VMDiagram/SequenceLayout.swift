/// Sizes every snapshot of a step-through shares, so that each node has the same size in every snapshot and dot
/// puts it in the same place: the minimum width of each region's columns and of the title, and the states the
/// legend lists.
///
/// Measure every snapshot's graph (``init(measuring:)``), ``merge(_:)`` the measures, then set the result as each
/// graph's ``MappingGraph/sequenceLayout`` before drawing it. Widths are estimates in points from generous
/// per-character widths (wider than Helvetica, DejaVu Sans and Liberation Sans), so a cell is never narrower than
/// its text and the width given is the width drawn.
public struct SequenceLayout: Sendable, Hashable {
    /// Minimum widths, in points, of one region's cells (padding and border included).
    public struct Columns: Sendable, Hashable {
        /// The key column (addresses, frame and slot numbers).
        public var key: Double = 0
        /// The detail column.
        public var detail: Double = 0
        /// The title and summary rows, which span the three columns.
        public var header: Double = 0
    }

    /// By region id.
    public var columns: [String: Columns]
    /// Minimum width of the title block.
    public var titleWidth: Double
    /// States the legend lists (in ``CellState`` order), whether or not a snapshot shows them.
    public var legendStates: Set<CellState>

    public init() {
        columns = [:]
        titleWidth = 0
        legendStates = []
    }

    /// The sizes `graph` needs.
    public init(measuring graph: MappingGraph) {
        self.init()
        for region in graph.regions {
            var columns = Columns()
            for row in region.rows {
                columns.key = max(columns.key, TextWidth.cell(row.key, font: .monospaced))
                columns.detail = max(columns.detail, TextWidth.cell(LabelText.shortened(row.detail), font: .sans))
                legendStates.insert(row.state)
            }
            let title = TextWidth.cell(
                LabelText.shortened(region.title) + " (99/99)", font: .sansBold)
            let summary = TextWidth.cell(region.summary, font: .sans, size: 9)
            columns.header = max(title, summary)
            self.columns[region.id] = columns
        }
        for (index, line) in graph.title.enumerated() {
            let width =
                index == 0
                ? TextWidth.estimate(line, font: .sansBold, size: 14) : TextWidth.estimate(line, font: .sans, size: 11)
            titleWidth = max(titleWidth, width + 4)
        }
    }

    /// The larger of the two sizes everywhere, and the states of both.
    public mutating func merge(_ other: SequenceLayout) {
        for (id, theirs) in other.columns {
            var mine = columns[id] ?? Columns()
            mine.key = max(mine.key, theirs.key)
            mine.detail = max(mine.detail, theirs.detail)
            mine.header = max(mine.header, theirs.header)
            columns[id] = mine
        }
        titleWidth = max(titleWidth, other.titleWidth)
        legendStates.formUnion(other.legendStates)
    }
}

/// Generous estimates of how wide text is drawn, in points.
enum TextWidth {
    enum Font {
        case sans
        case sansBold
        case monospaced
    }

    /// Padding (3 points a side) and border (1 point a side) of a table cell.
    static let cellExtra = 8.0

    /// The width of a cell holding `text`: the text, padding and border.
    static func cell(_ text: String, font: Font, size: Double = 10) -> Double {
        estimate(text, font: font, size: size) + cellExtra
    }

    /// The width of `text` at `size` points, rounded up to a whole point; never less than the width any of the
    /// usual substitutes for Helvetica and Courier draws it with.
    static func estimate(_ text: String, font: Font, size: Double = 10) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            ems += font == .monospaced ? (scalar.isASCII ? 0.61 : 1.0) : sansWidth(scalar)
        }
        if font == .sansBold { ems *= 1.12 }
        return (ems * size * 1.04).rounded(.up)
    }

    /// Width of one character of a sans-serif font, in ems (DejaVu Sans' widths rounded up, the widest of the fonts
    /// that stand in for Helvetica).
    private static func sansWidth(_ scalar: Unicode.Scalar) -> Double {
        switch scalar {
        case " ", "i", "j", "l", ".", ",", ":", ";", "'", "|", "!", "I": 0.33
        case "f", "t", "r", "(", ")", "[", "]", "-", "/": 0.42
        case "m", "w", "M", "W", "@", "%": 1.0
        case "A"..."Z", "#", "&", "_", "~": 0.78
        case "0"..."9", "a"..."z", "+", "=", "<", ">", "?", "$", "*", "\"", "^": 0.65
        default: scalar.isASCII ? 0.65 : 1.0
        }
    }
}
