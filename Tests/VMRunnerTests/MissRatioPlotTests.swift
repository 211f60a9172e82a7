import Foundation
import Testing
import VMChart
import VMCore
import VMRunner

@testable import VMPolicyCatalogue

/// Miss-ratio charts from measurements: families from the catalogue, anomalies found, the `plots:` formats key.
struct MissRatioPlotTests {
    static let registry = PolicyCatalogue.standard()
    /// Registered replacement policies less those a user added with `vmlab new-policy` (family "added").
    static let builtIn: [String] = {
        let added = Set(PolicyCatalogue.addedReplacement.map(\.info.name))
        return registry.names(of: .replacement).filter { !added.contains($0) }
    }()

    @Test("Every built-in replacement policy has a family; plugins and unknown names are added")
    func families() {
        let names = Self.builtIn
        #expect(names.count >= 27)
        for name in names { #expect(PolicyCatalogue.family(ofReplacement: name) != "added", "\(name)") }
        #expect(PolicyCatalogue.family(ofReplacement: "lru") == "textbook")
        #expect(PolicyCatalogue.family(ofReplacement: "random:seed=3") == "textbook")
        #expect(PolicyCatalogue.family(ofReplacement: "arc") == "research")
        #expect(PolicyCatalogue.family(ofReplacement: "mglru") == "kernel")
        #expect(PolicyCatalogue.family(ofReplacement: "my-plugin") == "added")
    }

    @Test("Every replacement policy on one chart: panels by family, each with at most 8 series")
    func allPolicies() {
        let names = Self.builtIn
        let measurements = names.enumerated().flatMap { index, name in
            [8, 16, 32, 64].enumerated().map { step, frames in
                MissRatioPlot.Measurement(
                    label: name, frames: frames, faults: 100 - step * 10 - index,
                    missRatio: Double(100 - step * 10 - index) / 200)
            }
        }
        let chart = MissRatioPlot.chart(title: "t", measurements: measurements, pageSize: 4096)
        #expect(chart.panels.count >= 4)
        #expect(chart.panels.allSatisfy { $0.series.count <= Chart.maximumSeriesPerPanel })
        #expect(Set(chart.panels.map(\.family)) == ["textbook", "research", "kernel"])
        #expect(chart.xAxis.range == 8...64 && chart.xAxis.scale == .log(base: 2))
        #expect(chart.xAxis.ticks.first?.secondLine == "32 KiB")
    }

    @Test("Anomalies are found where faults rise with memory, not across dropped accesses")
    func anomalies() {
        let fifo = [12, 12, 9, 10, 5].enumerated().map {
            MissRatioPlot.Measurement(label: "fifo", frames: $0 + 1, faults: $1, missRatio: Double($1) / 12)
        }
        var dropped = fifo
        dropped[3].droppedAccesses = 1
        #expect(
            MissRatioPlot.anomalies([fifo])
                == [.init(label: "fifo", smaller: 3, larger: 4, faultsSmaller: 9, faultsLarger: 10)])
        #expect(MissRatioPlot.anomalies([dropped]).isEmpty)
    }

    @Test(
        "outputs.plots takes true, false or a list of formats",
        arguments: [
            ("true", [ChartFormat.svg, .png]), ("false", []), ("[pdf]", [.pdf]),
            ("[svg, png, pdf]", [.svg, .png, .pdf]),
            ("[PNG, png]", [.png]),
        ])
    func plotFormats(value: String, formats: [ChartFormat]) throws {
        let experiment = try ExperimentFileTests.parse(
            "workloads: [{name: w, pages: [1, 2, 3]}]\nmachine: {frames: [1, 2]}\npolicies: {replacement: [lru]}\n"
                + "outputs: {plots: \(value)}\n")
        #expect(experiment.outputs.plotFormats == formats)
    }

    @Test("An unknown plot format is an error naming the formats")
    func unknownFormat() {
        let message = ExperimentFileTests.error(
            "workloads: [{name: w, pages: [1, 2, 3]}]\nmachine: {frames: [1, 2]}\npolicies: {replacement: [lru]}\n"
                + "outputs: {plots: [svg, jpg]}\n")
        #expect(message == "exp.yaml:4:24: unknown plot format 'jpg'; formats: svg, png, pdf")
    }
}
