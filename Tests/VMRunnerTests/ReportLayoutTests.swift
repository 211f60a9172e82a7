import Foundation
import Testing
import VMCore
import VMExperiment
import VMPolicyCatalogue
import VMTestSupport

@testable import VMRunner

/// The structure of `index.html`: one file that loads nothing, a results table with sizes as columns that the
/// script can sort, policy toggles that name series the charts have, and charts and diagrams that scale to the page
/// instead of being cut.
struct ReportLayoutTests {
    static let yaml = """
        name: layout-test
        workloads:
          - {name: belady, pages: [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5], frames: 1...5}
          - name: loop
            synthetic: {pattern: loop, pages: 9, accesses: 400}
            frames: [2, 4, 8, 16]
        policies: {replacement: [fifo, lru, clock]}
        time-samples: 8
        outputs: {diagrams: [{workload: belady, policy: fifo, frames: 4}]}
        """

    /// Runs the experiment above and writes its report into a new temporary directory; returns the directory.
    static func writtenReport() async throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-layout-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let registry = ExperimentRunnerTests.registry
        let experiment = try Experiment(yaml: yaml, file: "t.yaml", baseDirectory: "/tmp", registry: registry)
        let runner = ExperimentRunner(experiment: experiment, registry: registry, directory: directory, jobs: 2)
        let results = try await runner.run(resume: false, progress: ProgressReporter(quiet: true))
        _ = try ExperimentReport(experiment: experiment, results: results).write(to: directory, registry: registry)
        return directory
    }

    /// A chart as the chart contract describes one drawn as small multiples: two `g.panel`s, each with a
    /// `g.series[data-series]` per name holding a line and a `.point` with its `<title>`, then a legend entry per name.
    static func smallMultiples(_ names: [String]) -> String {
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"240\" viewBox=\"0 0 640 240\">"
        for (index, family) in ["fifo-like", "lru-like"].enumerated() {
            svg += "<g class=\"panel\" data-panel=\"\(family)\" transform=\"translate(\(index * 300) 0)\">"
            for (row, name) in names.enumerated() {
                let y = 20 + row * 20
                svg += "<g class=\"series\" data-series=\"\(SafeText.markup(name))\">"
                svg += "<polyline fill=\"none\" stroke=\"#333\" points=\"10,\(y) 250,\(y + 10)\"/>"
                svg += "<circle class=\"point\" cx=\"250\" cy=\"\(y + 10)\" r=\"3\"><title>"
                svg += SafeText.markup("\(name) · 4 frames · miss ratio 0.5000") + "</title></circle></g>"
            }
            svg += "</g>"
        }
        for (row, name) in names.enumerated() {
            svg += "<g class=\"legend-entry\" data-series=\"\(SafeText.markup(name))\">"
            svg += "<text x=\"600\" y=\"\(20 + row * 14)\">\(SafeText.markup(name))</text></g>"
        }
        return svg + "</svg>"
    }

    /// The report page of the experiment above for its first workload, with `smallMultiples` as its only chart.
    static func smallMultiplesPage() async throws -> String {
        let registry = ExperimentRunnerTests.registry
        let experiment = try Experiment(yaml: yaml, file: "t.yaml", baseDirectory: "/tmp", registry: registry)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-layout-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let runner = ExperimentRunner(experiment: experiment, registry: registry, directory: directory, jobs: 2)
        let results = try await runner.run(resume: false, progress: ProgressReporter(quiet: true))
        let report = ExperimentReport(
            experiment: experiment, results: results.filter { $0.cell.workload == "belady" })
        let chart = smallMultiples(["fifo", "lru", "clock", "opt"])
        return ReportPage(
            report: report, workloads: [.init(name: "belady", accesses: 12, distinctPages: 5, charts: [chart])],
            diagrams: []
        ).html()
    }

    static func page() async throws -> String {
        let directory = try await writtenReport()
        defer { try? FileManager.default.removeItem(at: directory) }
        return try String(contentsOf: directory.appendingPathComponent("index.html"), encoding: .utf8)
    }

    /// The markup of each workload's `<section>` (sections do not nest, so each is well-formed on its own).
    static func workloadSections(_ html: String) -> [String] {
        html.ranges(of: "<section class=\"workload\"").map { start in
            let end = html.range(of: "</section>", range: start.lowerBound..<html.endIndex)!
            return String(html[start.lowerBound..<end.upperBound])
        }
    }

    /// The top-level rules of a stylesheet, selector to declarations (property to value); `@media` blocks skipped.
    static func rules(_ css: String) -> [String: [String: String]] {
        var rules: [String: [String: String]] = [:]
        var depth = 0
        var selector = ""
        var body = ""
        for character in css {
            switch character {
            case "{":
                depth += 1
                if depth > 1 { body.append(character) }
            case "}":
                depth -= 1
                if depth == 0 {
                    let name = selector.trimmingCharacters(in: .whitespacesAndNewlines)
                    if !name.hasPrefix("@") {
                        for part in name.split(separator: ",") {
                            let key = part.trimmingCharacters(in: .whitespaces)
                            for declaration in body.split(separator: ";") {
                                let pair = declaration.split(separator: ":", maxSplits: 1)
                                guard pair.count == 2 else { continue }
                                rules[key, default: [:]][pair[0].trimmingCharacters(in: .whitespacesAndNewlines)] =
                                    pair[1].trimmingCharacters(in: .whitespacesAndNewlines)
                            }
                        }
                    }
                    selector = ""
                    body = ""
                } else {
                    body.append(character)
                }
            default:
                if depth == 0 { selector.append(character) } else { body.append(character) }
            }
        }
        return rules
    }

    @Test("One file: nothing is loaded from elsewhere, no link, no network call, only in-page anchors")
    func selfContained() async throws {
        let html = try await Self.page()
        let page = try ParsedPage(html)
        for name in ["link", "iframe", "object", "embed", "img", "image", "use", "base", "source"] {
            #expect(page.elements(named: name).isEmpty, "no <\(name)>")
        }
        let references = ["src", "href", "xlink:href", "srcset", "action", "formaction", "poster", "background"]
        for element in page.elements {
            for (name, value) in element.attributes where references.contains(name.lowercased()) {
                #expect(value.hasPrefix("#"), "<\(element.name) \(name)=\"\(value)\"> points outside the page")
            }
        }
        #expect(page.elements(named: "script").count == 1)
        let links = page.elements(named: "a").compactMap { $0.attributes["href"] }
        #expect(links == ["#workload-1"], "the anomaly summary links to its workload's section")
        // The only URLs are XML namespace names, which are never fetched.
        let urls = html.matches(of: /https?:\/\/[^"' )]*/).map { String($0.output) }
        #expect(urls.allSatisfy { $0.hasPrefix("http://www.w3.org/") }, "\(Set(urls))")
        #expect(!html.contains("url(") && !html.contains("@import"), "the stylesheet loads nothing")
        for call in ["fetch(", "XMLHttpRequest", "import(", ".src", "window.open", "location.href"] {
            #expect(!ReportPage.script.contains(call), "the script does not call \(call)")
        }
    }

    @Test("Per workload: a table with the sizes as columns and the policies as rows, miss ratios, sortable headers")
    func table() async throws {
        let sections = Self.workloadSections(try await Self.page())
        #expect(sections.count == 2)
        let belady = try ParsedPage(sections[0])
        let table = try #require(belady.elements(named: "table").first)
        #expect(table.attributes["class"] == "results")
        let headers = belady.elements(named: "th")
        #expect(headers.map(\.text) == ["policy", "1", "2", "3", "4", "5"])
        #expect(headers.allSatisfy { $0.attributes["class"]?.split(separator: " ").contains("sortable") == true })
        let rows = belady.elements(named: "tr").count - 1
        #expect(rows == 4 && table.attributes["data-rows"] == "4", "fifo, lru, clock and OPT as the floor")
        let cells = belady.elements(named: "td")
        #expect(cells.count == rows * 6)
        #expect(
            cells.filter { $0.attributes["class"] == "text" }.map(\.text) == ["fifo", "lru", "clock", "opt (floor)"])
        // FIFO's row: 12, 12, 9, 10 (the anomaly) and 5 faults out of 12.
        #expect(cells[1...5].map(\.text) == ["1.0000", "1.0000", "0.7500", "0.8333 ⚠", "0.4167"])
        #expect(cells[4].attributes["title"] == "10 faults" && cells[4].attributes["class"] == "anomaly")
        let loop = try ParsedPage(sections[1])
        #expect(loop.elements(named: "th").map(\.text) == ["policy", "2", "4", "8", "16"])
        // The sortable table scrolls sideways inside its own box, its first column sticky.
        let css = Self.rules(ReportPage.css)
        #expect(css[".table-scroll"]?["overflow-x"] == "auto")
        #expect(css["table.results tr > :first-child"]?["position"] == "sticky")
        #expect(css["table.results tr > :first-child"]?["left"] == "0")
        #expect(ReportPage.script.contains("document.querySelectorAll('table.results')"))
    }

    @Test("Each policy toggle names a series drawn in its workload's charts, and every policy has one")
    func toggles() async throws {
        for markup in Self.workloadSections(try await Self.page()) {
            let section = try ParsedPage(markup)
            let toggles = section.elements(named: "input").compactMap { $0.attributes["data-series"] }
            let lines = section.elements(named: "g").filter { $0.attributes["class"] == "series" }
            let series = lines.compactMap { $0.attributes["data-series"] }
            // A line drawn for identical policies ("fifo = clock") names them in data-members.
            let drawn =
                series + lines.flatMap { ($0.attributes["data-members"] ?? "").split(separator: " ").map(String.init) }
            let legend = section.elements(named: "g").filter { $0.attributes["class"] == "legend-entry" }
                .compactMap { $0.attributes["data-series"] }
            #expect(toggles == ["fifo", "lru", "clock", "opt"])
            #expect(Set(toggles).isSubset(of: Set(drawn)), "toggles \(toggles), series \(Set(drawn))")
            #expect(Set(series) == Set(legend), "each series has a legend entry to click")
            #expect(section.elements(named: "input").allSatisfy { $0.attributes["checked"] == "checked" })
            // Hidden without the script, which shows them: the page works without it, everything visible.
            let box = try #require(section.elements.first { $0.attributes["class"] == "toggles" })
            #expect(box.attributes["hidden"] == "hidden")
        }
        #expect(Self.rules(ReportPage.css)["g.series.off"]?["display"] == "none")
    }

    @Test("Charts drawn as several panels (small multiples): each toggle names its series in every panel")
    func panels() async throws {
        let page = try ParsedPage(try await Self.smallMultiplesPage())
        let toggles = page.elements(named: "input").compactMap { $0.attributes["data-series"] }
        #expect(toggles == ["fifo", "lru", "clock", "opt"])
        let series = page.elements(named: "g").filter { $0.attributes["class"] == "series" }
        #expect(page.elements(named: "g").filter { $0.attributes["class"] == "panel" }.count == 2)
        for name in toggles {
            #expect(series.filter { $0.attributes["data-series"] == name }.count == 2, "\(name) in both panels")
        }
    }

    @Test("Charts and diagrams scale to the page in proportion and are never cut; a diagram zooms to its own size")
    func notClipped() async throws {
        let html = try await Self.page()
        let page = try ParsedPage(html)
        let svgs = page.elements(named: "svg")
        #expect(svgs.count == 2 * 3 + 1, "three charts per workload, one diagram")
        for svg in svgs {
            let box = try #require(svg.attributes["viewBox"], "a viewBox lets the SVG scale in proportion")
            #expect(box.split(separator: " ").count == 4)
        }
        let css = Self.rules(ReportPage.css)
        #expect(css[".diagram svg"]?["max-width"] == "100%" && css[".diagram svg"]?["height"] == "auto")
        #expect(css[".chart svg"]?["width"] == "100%" && css[".chart svg"]?["height"] == "auto")
        #expect(css[".diagram.zoomed svg"]?["max-width"] == "none")
        #expect(css[".diagram"]?["overflow"] == "auto", "a zoomed diagram scrolls")
        for (selector, declarations) in css {
            if ["overflow", "overflow-x", "overflow-y"].contains(where: { declarations[$0] == "hidden" }) {
                #expect(!selector.contains("diagram") && !selector.contains("chart") && selector != "body")
            }
            #expect(declarations["clip-path"] == nil && declarations["max-height"] == nil, "\(selector)")
        }
        let viewport = page.elements(named: "meta").first { $0.attributes["name"] == "viewport" }
        #expect(viewport?.attributes["content"] == "width=device-width, initial-scale=1")
    }

    @Test("The script and the stylesheet hold no `<` or `&`: the page reads the same as HTML and as XML")
    func script() throws {
        #expect(!ReportPage.script.contains("<") && !ReportPage.script.contains("&"))
        #expect(!ReportPage.css.contains("<") && !ReportPage.css.contains("&"))
    }
}
