/// Colours, dashes and markers of series. The eight colours are Okabe and Ito's colour-blind-safe set (with a
/// darker yellow that reads on white); each series also gets its own marker and dash, so no two series in a panel
/// differ by colour alone.
public enum ChartPalette {
    public static let colours = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#A08A00",
    ]
    public static let dashes: [[Double]] = [[], [6, 3], [2, 2], [8, 3, 2, 3], [], [4, 2], [1, 3], [10, 4]]
    public static let markers = MarkerShape.allCases

    /// The style of the series at `index` in its panel (cycling after eight).
    public static func style(_ index: Int) -> SeriesStyle {
        SeriesStyle(
            colour: colours[index % colours.count], dash: dashes[index % dashes.count],
            marker: markers[index % markers.count])
    }

    /// OPT, the floor: dark grey, long dashes.
    public static let floor = SeriesStyle(
        colour: "#555555", dash: [7, 4], marker: .circle, lineWidth: 1.5, markerSize: 1.8)
    /// LRU as a reference in every panel: light grey, dotted.
    public static let lruReference = SeriesStyle(
        colour: "#999999", dash: [2, 3], marker: .circle, lineWidth: 1.5, markerSize: 1.8)
}
