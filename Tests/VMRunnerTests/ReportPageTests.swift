import Foundation
import Testing
import VMChart
import VMCore
import VMExperiment
import VMPolicyCatalogue
import VMTestSupport

@testable import VMRunner

/// `index.html` of `vmlab run`: experiment, workload, policy and setting names, chart texts and diagram captions
/// that hold hostile text stay text.
struct ReportPageTests {
    static let yaml = """
        name: report-test
        workloads:
          - {name: belady, pages: [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5]}
        machine: {frames: [3, 4]}
        policies: {replacement: [fifo], allocator: [first-free, buddy]}
        """

    /// The results of the experiment above.
    static func results() async throws -> [CellResult] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-report-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let runner = ExperimentRunner(
            experiment: try experiment(), registry: ExperimentRunnerTests.registry, directory: directory, jobs: 1)
        return try await runner.run(resume: false, progress: ProgressReporter(quiet: true))
    }

    static func experiment() throws -> Experiment {
        try Experiment(yaml: yaml, file: "t.yaml", baseDirectory: "/tmp", registry: ExperimentRunnerTests.registry)
    }

    /// The report page with `name` as the experiment, workload, policy and allocator name, chart texts and caption.
    static func page(_ name: String, results: [CellResult]) throws -> String {
        var experiment = try experiment()
        experiment.name = name
        experiment.workloads[0].name = name
        let results = results.map { result in
            var result = result
            result.cell.workload = name
            if !result.cell.isFloor { result.cell.replacement = name }
            if result.cell.allocator == "first-free" { result.cell.allocator = name }
            return result
        }
        let report = ExperimentReport(experiment: experiment, results: results)
        let chart = CurveChartBuilder(
            title: name, curves: [Curve(label: name, samples: [.init(x: 1, y: 2), .init(x: 2, y: 3)])],
            xAxis: .sizes([1, 2], label: name), xUnit: name, yLabel: name
        ).build()
        let diagram = try report.diagram(
            Experiment.DiagramRequest(workload: name, policy: "fifo", frames: 3, at: 8),
            registry: ExperimentRunnerTests.registry, pageShift: 12)
        return ReportPage(
            report: report,
            workloads: [.init(name: name, accesses: 12, distinctPages: 5, charts: [ChartSVG(chart).render()])],
            diagrams: [.init(caption: name, svg: diagram)]
        ).html()
    }

    @Test("Every name holds hostile text: the page parses with the same elements and attributes, text shown as is")
    func hostile() async throws {
        let results = try await Self.results()
        #expect(results.contains { $0.cell.frames == 4 && $0.result.faults == 10 }, "FIFO's anomaly is in the page")
        let plain = try ParsedPage(try Self.page("plain", results: results))
        for (input, shown) in HostileText.markup {
            let html = try Self.page(input, results: results)
            #expect(!html.unicodeScalars.contains("\0"), "no raw NUL")
            let page = try ParsedPage(html)
            #expect(page.shape == plain.shape, "no element or attribute added or lost")
            let scripts = page.elements(named: "script")
            #expect(scripts.count == 1, "only the page's own script")
            #expect(scripts.first?.text.trimmingCharacters(in: .whitespacesAndNewlines) == ReportPage.script)
            #expect(!page.attributeNames.contains { $0.hasPrefix("on") }, "no event handler")
            #expect(page.elements(named: "title").map(\.text).contains("VMLab: " + shown))
            #expect(page.elements(named: "h1").map(\.text) == ["VMLab experiment: " + shown])
            #expect(page.elements(named: "h2").map(\.text).contains(shown), "the workload's section")
            #expect(page.elements(named: "h3").map(\.text).contains(shown), "the diagram's caption")
            #expect(
                page.elements(named: "li").contains { $0.text.hasPrefix("\(shown), \(shown) (allocator \(shown))") })
            #expect(page.elements(named: "td").map(\.text).contains("\(shown) (allocator \(shown))"))
            // The toggles and the chart's series carry the name as the same attribute value, compared as a string.
            let toggles = page.elements(named: "input").compactMap { $0.attributes["data-series"] }
            #expect(toggles.contains("\(shown) (allocator \(shown))"))
            #expect(
                page.elements(named: "g").filter { $0.attributes["class"] == "series" }
                    .map { $0.attributes["data-series"] } == [shown])
            #expect(page.elements(named: "text").map(\.text).contains(shown), "the chart's title")
            // Graphviz keeps runs of spaces as no-break spaces.
            let svgTexts = page.elements(named: "text").map { $0.text.replacingOccurrences(of: "\u{A0}", with: " ") }
            #expect(svgTexts.contains { $0.contains(shown) && $0.contains("fifo") }, "the diagram's title")
        }
    }

    @Test("Pages build text and attribute values only through the escaping helpers, and embed only generated markup")
    func sources() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        // Plot calls that write free text or attribute values without escaping them (or escaping them badly).
        let unescaped = [
            ".text(", ".title(", ".alt(", ".src(", ".href(", ".content(", ".hidden(", "attribute(named",
            "element(named",
        ]
        // Raw markup: the page's own script and the SVG the package generated.
        let allowedRaw = [".raw(Self.script)", ".raw(svg)", ".raw(diagram.svg)"]
        var pages: [String] = []
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
        where url.pathExtension == "swift" && url.lastPathComponent != "SafeHTML.swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            guard text.contains("import Plot") else { continue }
            pages.append(url.lastPathComponent)
            for call in unescaped {
                #expect(!text.contains(call), "\(url.lastPathComponent) calls Plot's \(call)")
            }
            let raw = text.ranges(of: ".raw(").count
            let allowed = allowedRaw.reduce(0) { $0 + text.ranges(of: $1).count }
            #expect(raw == allowed, "\(url.lastPathComponent) embeds raw markup other than \(allowedRaw)")
        }
        #expect(Set(pages) == ["ReportPage.swift", "ReportPage+Table.swift", "SnapshotPage.swift"])
    }
}
