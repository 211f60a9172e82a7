import Foundation
import Testing
import VMChart

/// The chart model: panels, families, axes, ticks, legend order, merged curves, anomaly marks and seed bands.
struct ChartModelTests {
    /// A curve falling from `start` by `step` per size.
    static func curve(_ label: String, family: String = "all", sizes: [Int], start: Double, step: Double) -> Curve {
        Curve(
            label: label, family: family,
            samples: sizes.enumerated().map { .init(x: Double($1), y: max(0.001, start - step * Double($0))) })
    }

    static func builder(_ curves: [Curve], sizes: [Int], anomalies: [CurveChartBuilder.Anomaly] = [])
        -> CurveChartBuilder
    {
        CurveChartBuilder(
            title: "t", curves: curves, xAxis: .sizes(sizes.map(Double.init)), xUnit: "frames", yLabel: "miss ratio",
            yBounds: 0...1, anomalies: anomalies)
    }

    static let sizes = [8, 16, 32, 64, 128, 256, 512]

    /// 27 policies in four families, OPT and LRU among them.
    static func manyCurves() -> [Curve] {
        let families = [("textbook", 15), ("research", 8), ("kernel", 2), ("added", 2)]
        var curves: [Curve] = []
        var index = 0
        for (family, count) in families {
            for member in 0..<count {
                let label =
                    family == "textbook" && member == 0
                    ? "opt" : family == "textbook" && member == 1 ? "lru" : "\(family)-\(member)"
                curves.append(curve(label, family: family, sizes: sizes, start: 0.9 - 0.01 * Double(index), step: 0.1))
                index += 1
            }
        }
        return curves
    }

    @Test("27 policies become small multiples by family, at most 8 series a panel, OPT and LRU in every panel")
    func smallMultiples() {
        let chart = Self.builder(Self.manyCurves(), sizes: Self.sizes).build()
        #expect(chart.panels.count > 1)
        for panel in chart.panels {
            #expect(panel.series.count <= Chart.maximumSeriesPerPanel, "\(panel.title)")
            #expect(panel.series.filter(\.isReference).map(\.name).sorted() == ["lru", "opt"])
            #expect(panel.series.filter { !$0.isReference }.allSatisfy { $0.name.hasPrefix(panel.family) })
        }
        #expect(chart.panels.map(\.family).uniqued() == ["textbook", "research", "kernel", "added"])
        #expect(
            chart.panels.filter { $0.family == "textbook" }.map(\.title) == [
                "textbook (1 of 3)", "textbook (2 of 3)", "textbook (3 of 3)",
            ])
        let own = chart.panels.flatMap { $0.series.filter { !$0.isReference } }.map(\.name)
        #expect(own.count == 25 && Set(own).count == 25, "every policy but OPT and LRU drawn once")
        // Distinct colour, dash and marker for the panel's own series.
        for panel in chart.panels {
            let styles = panel.series.filter { !$0.isReference }.map(\.style)
            #expect(Set(styles.map(\.colour)).count == styles.count)
            #expect(Set(styles.map(\.marker)).count == styles.count)
        }
    }

    @Test("Up to eight lines share one panel; OPT is the grey reference")
    func onePanel() {
        let curves = ["fifo", "lru", "opt", "clock"].enumerated().map {
            Self.curve($1, sizes: [1, 2, 3], start: 0.9 - 0.1 * Double($0), step: 0.1)
        }
        let chart = Self.builder(curves, sizes: [1, 2, 3]).build()
        #expect(chart.panels.count == 1)
        #expect(chart.panels[0].series.map(\.name).sorted() == ["clock", "fifo", "lru", "opt"])
        #expect(chart.panels[0].series.filter(\.isReference).map(\.name) == ["opt"])
    }

    @Test("The x axis spans the swept sizes only, linear for an arithmetic sweep")
    func xRange() {
        let axis = Axis.sizes([250, 500, 750, 1000])
        #expect(axis.range == 250...1000)
        #expect(axis.scale == .linear)
        #expect(axis.ticks.map(\.value) == [250, 500, 750, 1000])
        let chart = Self.builder(
            [Self.curve("lru", sizes: [250, 500, 750, 1000], start: 0.5, step: 0.1)], sizes: [250, 500, 750, 1000]
        ).build()
        #expect(chart.xAxis.range.lowerBound == 250, "not from 0 or 1")
    }

    @Test(
        "A geometric sweep gets a base-2 log axis",
        arguments: [
            ([8, 16, 32, 64], true), ([250, 500, 1000, 2000], true), ([1, 2, 3, 4, 5, 6, 7], false),
            ([4, 8, 12, 16], false), ([4, 100], true), ([10, 20], false),
        ])
    func logX(sizes: [Int], geometric: Bool) {
        let axis = Axis.sizes(sizes.map(Double.init))
        #expect((axis.scale == .log(base: 2)) == geometric)
        #expect(axis.range == Double(sizes.min()!)...Double(sizes.max()!))
    }

    @Test("A long geometric sweep ticks at powers of two; a page size adds bytes under each tick")
    func powerTicks() {
        let sizes = (0...16).map { 8.0 * pow(2, Double($0) / 2) }.map { $0.rounded() }
        let axis = Axis.sizes(sizes, pageSize: 4096)
        #expect(axis.scale == .log(base: 2))
        #expect(axis.ticks.allSatisfy { $0.value == pow(2, log2($0.value).rounded()) })
        #expect(axis.ticks.first?.value == 8 && axis.ticks.first?.secondLine == "32 KiB")
        #expect(axis.ticks.count <= 10)
    }

    @Test("Miss ratios spanning two decades get a base-10 log axis; less stays linear and zoomed")
    func yScale() {
        let log = Axis.values([0.0002, 0.001, 0.01, 0.3], label: "miss ratio", bounds: 0...1)
        #expect(log.scale == .log(base: 10))
        #expect(log.range.lowerBound < 0.0002 && log.range.upperBound > 0.3 && log.range.upperBound < 0.5)
        #expect(log.ticks.map(\.value) == [0.001, 0.01, 0.1])
        #expect(log.ticks.map(\.label) == ["0.001", "0.01", "0.1"])
        let linear = Axis.values([0.31, 0.42, 0.47], label: "miss ratio", bounds: 0...1)
        #expect(linear.scale == .linear)
        #expect(linear.range.lowerBound > 0.29 && linear.range.upperBound < 0.49, "zoomed to the data")
        #expect(linear.ticks.map(\.label) == ["0.32", "0.34", "0.36", "0.38", "0.40", "0.42", "0.44", "0.46"])
        let withZero = Axis.values([0, 0.001, 0.5], label: "miss ratio", bounds: 0...1)
        #expect(withZero.scale == .linear && withZero.range.lowerBound == 0)
    }

    @Test("Ticks are 1-2-5 values inside the range")
    func niceTicks() {
        #expect(Axis.niceTicks(0...1) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(Axis.niceTicks(3...17) == [4, 6, 8, 10, 12, 14, 16])
        #expect(Axis.niceTicks(0.12...0.47) == [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45])
        #expect(Axis.niceTicks(0...12_000) == [0, 2000, 4000, 6000, 8000, 10_000, 12_000])
    }

    @Test("The legend is ordered by the value at the largest size, highest first")
    func legendOrder() {
        let curves = [
            Curve(label: "a", samples: [.init(x: 1, y: 0.9), .init(x: 2, y: 0.2)]),
            Curve(label: "b", samples: [.init(x: 1, y: 0.5), .init(x: 2, y: 0.6)]),
            Curve(label: "c", samples: [.init(x: 1, y: 0.7), .init(x: 2, y: 0.4)]),
        ]
        let chart = Self.builder(curves, sizes: [1, 2]).build()
        #expect(chart.panels[0].series.map(\.name) == ["b", "c", "a"])
    }

    @Test("Identical curves are drawn as one line named fifo = clock, with both as members")
    func coincident() {
        let fifo = Curve(label: "fifo", samples: [.init(x: 3, y: 0.75), .init(x: 4, y: 0.83)])
        var clock = fifo
        clock.label = "clock"
        let lru = Curve(label: "lru", samples: [.init(x: 3, y: 0.83), .init(x: 4, y: 0.67)])
        let chart = Self.builder([fifo, lru, clock], sizes: [3, 4]).build()
        let series = chart.panels[0].series
        #expect(series.map(\.name).sorted() == ["fifo = clock", "lru"])
        #expect(series.first { $0.name == "fifo = clock" }?.members == ["fifo", "clock"])
        #expect(chart.notes.contains { $0.hasPrefix("fifo = clock: identical at every point") })
    }

    @Test("Belady's anomaly rings FIFO's points at 3 and 4 frames, with its label, and nothing else")
    func anomalyMark() {
        let faults = ["fifo": [12, 12, 9, 10, 5], "lru": [12, 12, 10, 8, 5], "opt": [12, 9, 7, 6, 5]]
        let curves = faults.keys.sorted().map { label in
            Curve(
                label: label, samples: faults[label]!.enumerated().map { .init(x: Double($0 + 1), y: Double($1) / 12) })
        }
        let anomaly = CurveChartBuilder.Anomaly(
            label: "fifo", smaller: 3, larger: 4, faultsSmaller: 9, faultsLarger: 10)
        let chart = Self.builder(curves, sizes: [1, 2, 3, 4, 5], anomalies: [anomaly]).build()
        let marked = chart.panels[0].series.filter { !$0.marks.isEmpty }
        #expect(marked.map(\.name) == ["fifo"])
        #expect(marked.first?.marks == [Mark(at: [3, 4], label: "3 → 4 frames: 9 → 10 faults")])
    }

    @Test("Seeds of one policy become their mean with a min–max band")
    func seeds() {
        let curves = (1...3).map { seed in
            Curve(
                label: "random:seed=\(seed)", samples: [.init(x: 1, y: 0.5 + 0.1 * Double(seed)), .init(x: 2, y: 0.4)])
        }
        let merged = Curve.mergingSeeds(curves)
        #expect(merged.count == 1)
        #expect(merged[0].label == "random" && merged[0].seeds == 3)
        #expect(abs(merged[0].samples[0].y - 0.7) < 1e-12)
        #expect(merged[0].samples[0].band == 0.6...0.8)
        let chart = Self.builder(curves, sizes: [1, 2]).build()
        #expect(chart.panels[0].series.map(\.name) == ["random"])
        #expect(chart.panels[0].series[0].points[0].title.contains("mean of 3 seeds"))
        #expect(Curve.seedlessLabel("random:seed=3,x=1") == "random:x=1")
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
