import Foundation
import Testing
import VMChart
import VMTestSupport

/// Each output format: SVG that parses and keeps the report's classes, PNG and PDF with their signatures.
struct ChartOutputTests {
    static func chart(name: String = "lru") -> Chart {
        let curves = [
            Curve(label: name, samples: [.init(x: 8, y: 0.5), .init(x: 16, y: 0.25), .init(x: 32, y: 0.1234)]),
            Curve(label: "opt", samples: [.init(x: 8, y: 0.4), .init(x: 16, y: 0.2), .init(x: 32, y: 0.1)]),
        ]
        return CurveChartBuilder(
            title: "t", curves: curves, xAxis: .sizes([8, 16, 32]), xUnit: "frames", yLabel: "miss ratio",
            yBounds: 0...1
        ).build()
    }

    @Test("SVG parses as XML with panels, series, points with titles and legend entries")
    func svg() throws {
        let page = try ParsedPage(ChartSVG(Self.chart()).render())
        #expect(
            page.elements(named: "g").contains {
                $0.attributes["class"] == "panel" && $0.attributes["data-panel"] == "all"
            })
        let series = page.elements(named: "g").filter { $0.attributes["class"] == "series" }
        #expect(series.compactMap { $0.attributes["data-series"] }.sorted() == ["lru", "opt"])
        let legend = page.elements(named: "g").filter { $0.attributes["class"] == "legend-entry" }
        #expect(legend.compactMap { $0.attributes["data-series"] } == ["lru", "opt"])
        #expect(page.elements.filter { $0.attributes["class"] == "point" }.count == 6)
        #expect(page.elements(named: "title").map(\.text).contains("lru · 32 frames · miss ratio 0.1234"))
        #expect(page.elements(named: "text").contains { $0.text == "memory (frames) (log₂ scale)" })
        #expect(page.elements(named: "svg").first?.attributes["font-family"]?.hasPrefix("DejaVu Sans") == true)
        #expect(!page.elements.contains { $0.attributes["id"] != nil }, "no ids: several charts share a page")
    }

    @Test("Hostile names are escaped in text and attributes", arguments: HostileText.markup.map(\.input))
    func hostile(name: String) throws {
        let page = try ParsedPage(ChartSVG(Self.chart(name: name)).render())
        let series = page.elements(named: "g").filter { $0.attributes["class"] == "series" }
        #expect(series.count == 2)
        #expect(page.elements(named: "script").isEmpty)
    }

    @Test("PNG: the signature, and an IHDR twice the SVG's size")
    func png() throws {
        let chart = Self.chart()
        let data = try chart.data(.png)
        let bytes = [UInt8](data)
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR")
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        let svg = ChartSVG(chart).render()
        let declared = try #require(svg.firstMatch(of: /width="([0-9.]+)" height="([0-9.]+)"/))
        #expect(width == Int((Double(declared.1)! * 2).rounded(.up)))
        #expect(height == Int((Double(declared.2)! * 2).rounded(.up)))
    }

    @Test("PDF: %PDF- at the start, %%EOF at the end, fonts embedded (text stays text)")
    func pdf() throws {
        let data = try Self.chart().data(.pdf)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-"))
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("%%EOF"))
        #expect(text.contains("/FontFile"), "an embedded font")
        #expect(text.contains("/ToUnicode"), "glyphs map back to text")
    }

    @Test("Formats come from extensions, case-insensitively; others are refused")
    func formats() {
        #expect(ChartFormat(path: "a/b.SVG") == .svg)
        #expect(ChartFormat(path: "x.png") == .png)
        #expect(ChartFormat(path: "x.pdf") == .pdf)
        #expect(ChartFormat(path: "x.jpg") == nil)
        #expect(ChartFormat(path: "x") == nil)
    }
}
