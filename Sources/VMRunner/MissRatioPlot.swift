public import Foundation
public import VMChart
import VMCore
public import VMExperiment
import VMPolicyCatalogue

/// Miss ratio against memory size as a ``Chart``, for `vmlab compare --plot`, `vmlab mrc --plot` and the
/// experiment report: one curve per policy label (seeds merged into a mean with a band), small multiples by
/// family past eight lines, the x axis over the swept sizes only, Belady's anomalies ringed.
public enum MissRatioPlot {
    /// One measured cell: a policy label at a size.
    public struct Measurement: Sendable, Hashable {
        public var label: String
        public var frames: Int
        public var faults: Int
        public var missRatio: Double
        /// Accesses dropped because the out-of-memory rule killed their process: such cells say nothing about
        /// Belady's anomaly.
        public var droppedAccesses: Int

        public init(label: String, frames: Int, faults: Int, missRatio: Double, droppedAccesses: Int = 0) {
            self.label = label
            self.frames = frames
            self.faults = faults
            self.missRatio = missRatio
            self.droppedAccesses = droppedAccesses
        }

        public init(_ result: RunResult) {
            self.init(
                label: result.policy, frames: result.frames, faults: result.faults, missRatio: result.missRatio,
                droppedAccesses: result.droppedAccesses)
        }
    }

    /// The chart. `pageSize` adds the size in bytes under each frame count (nil for reference strings);
    /// `lruCurve`, when given, is drawn as a dotted grey reference at every size it has (within the swept range)
    /// when everything fits in one panel and it has sizes the sweep has not; `anomalies` default to those found in `measurements`.
    public static func chart(
        title: String, measurements: [Measurement], pageSize: Int?, lruCurve: MissRatioCurve? = nil,
        anomalies: [CurveChartBuilder.Anomaly]? = nil
    ) -> Chart {
        var order: [String] = []
        var byLabel: [String: [Measurement]] = [:]
        for measurement in measurements {
            if byLabel[measurement.label] == nil { order.append(measurement.label) }
            byLabel[measurement.label, default: []].append(measurement)
        }
        let curves = order.map { label in
            Curve(
                label: label, family: PolicyCatalogue.family(ofReplacement: label),
                samples: byLabel[label]!.map { Curve.Sample(x: Double($0.frames), y: $0.missRatio) })
        }
        let sizes = measurements.map { Double($0.frames) }
        let low = sizes.min() ?? 1
        let high = sizes.max() ?? 1
        var extras: [Curve] = []
        if let lruCurve {
            let samples = lruCurve.points.filter { Double($0.frames) >= low && Double($0.frames) <= high }
                .map { Curve.Sample(x: Double($0.frames), y: $0.missRatio) }
            // Only worth a line when it adds sizes between the swept ones.
            let swept = Set(sizes)
            if samples.count > 1, samples.contains(where: { !swept.contains($0.x) }) {
                extras.append(Curve(label: "lru (one pass)", samples: samples))
            }
        }
        let builder = CurveChartBuilder(
            title: title, curves: curves,
            xAxis: Axis.sizes(sizes, label: "memory (frames)", pageSize: pageSize), xUnit: "frames",
            yLabel: "miss ratio", yBounds: 0...1,
            anomalies: anomalies ?? Self.anomalies(order.map { byLabel[$0]! }), extraReferences: extras)
        return builder.build()
    }

    /// Every place where a label's faults rose from one swept size to the next larger one (Belady's anomaly),
    /// comparing only cells that dropped no access.
    public static func anomalies(_ curves: [[Measurement]]) -> [CurveChartBuilder.Anomaly] {
        curves.flatMap { curve in
            let sorted = curve.sorted { $0.frames < $1.frames }
            return zip(sorted, sorted.dropFirst()).compactMap { small, large -> CurveChartBuilder.Anomaly? in
                guard large.frames > small.frames, large.faults > small.faults, small.droppedAccesses == 0,
                    large.droppedAccesses == 0
                else { return nil }
                return CurveChartBuilder.Anomaly(
                    label: small.label, smaller: small.frames, larger: large.frames, faultsSmaller: small.faults,
                    faultsLarger: large.faults)
            }
        }
    }

    /// Writes `chart` to `path` atomically in the format its extension names.
    /// - Throws: ``FileSystemError`` (a usage error) for an extension other than .svg, .png or .pdf, and for
    ///   what ``AtomicFile`` refuses; ``ChartError`` when the chart cannot be drawn.
    public static func write(_ chart: Chart, to path: String) throws -> Int {
        guard let format = ChartFormat(path: path) else {
            throw FileSystemError(
                "cannot write \(SafeText.escaped(path, limit: 100)): expected a file ending in "
                    + ChartFormat.extensionList, isUsage: true)
        }
        let data = try chart.data(format)
        try AtomicFile.write(data, to: path)
        return data.count
    }
}
