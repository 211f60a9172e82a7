import Foundation
import Testing
import VMDiagram
import VMTestSupport

/// The stepper page of `vmlab render --every`: hostile titles, captions, counters and file names stay text; images
/// are embedded, or linked when they have no data.
struct SnapshotPageTests {
    static let elements: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "header", "main", "h1", "div", "button", "input", "span",
        "p", "img", "script",
    ]
    static let attributes: Set<String> = [
        "charset", "name", "content", "class", "id", "hidden", "type", "min", "max", "value", "src", "alt",
        "aria-pressed",
    ]

    static func page(_ text: String, file: String, image: Data? = nil) -> String {
        SnapshotPage(
            title: text, subtitle: text,
            steps: [
                .init(
                    file: file, image: image, position: text, caption: text, note: text,
                    counters: [.init(text, text), .init("faults", "1")]),
                .init(
                    file: "second-0002.svg", position: "after 1", caption: "second step",
                    counters: [.init(text, text), .init("faults", "2")]),
            ]
        ).html()
    }

    /// The text of an element, with the page's indentation folded away.
    static func text(_ element: ParsedPage.Element) -> String {
        element.text.split(whereSeparator: { $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    @Test("Every field holds hostile text: the page parses with the same elements and attributes, text shown as is")
    func hostile() throws {
        let plain = try ParsedPage(Self.page("plain", file: "plain-0001.svg"))
        #expect(plain.elementNames == Self.elements)
        #expect(plain.attributeNames == Self.attributes)
        for (input, shown) in HostileText.markup {
            let html = Self.page(input, file: input + "-0001.svg")
            #expect(!html.unicodeScalars.contains("\0"), "no raw NUL")
            let page = try ParsedPage(html)
            #expect(page.shape == plain.shape, "no element or attribute added or lost")
            #expect(page.elements(named: "script").count == 1, "only the page's own script")
            #expect(page.elements(named: "title").map(\.text) == [shown])
            #expect(page.elements(named: "h1").map(\.text) == [shown])
            let captions = page.elements(named: "p").filter { $0.attributes["class"] == "caption" }
            #expect(captions.map(Self.text) == [shown.trimmingCharacters(in: .whitespaces), "second step"])
            let spans = page.elements(named: "span")
            #expect(spans.filter { $0.attributes["class"] == "when" }.map(\.text) == [shown, "after 1"])
            #expect(spans.filter { $0.attributes["class"] == "note" }.map(\.text) == [shown], "no note, no line")
            #expect(
                spans.filter { $0.attributes["class"] == "label" }.map(\.text) == [shown, "faults", shown, "faults"])
            let images = page.elements(named: "img")
            #expect(images.map { $0.attributes["alt"] } == [shown, "second step"])
            #expect(
                images.map { $0.attributes["src"] } == [
                    HostileText.relativeURL(input + "-0001.svg"), "second-0002.svg",
                ])
        }
    }

    @Test("Images with data are embedded as data URLs; a counter that changed is marked")
    func embedded() throws {
        let svg = Data("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>\"&<</text></svg>".utf8)
        let page = try ParsedPage(Self.page("t", file: "t-0001.svg", image: svg))
        let sources = page.elements(named: "img").compactMap { $0.attributes["src"] }
        #expect(sources == ["data:image/svg+xml;base64," + svg.base64EncodedString(), "second-0002.svg"])
        let png = try ParsedPage(Self.page("t", file: "t-0001.PNG", image: Data([0x89, 0x50])))
        #expect(png.elements(named: "img").first?.attributes["src"] == "data:image/png;base64,iVA=")
        let counters = page.elements(named: "div").compactMap { $0.attributes["class"] }.filter {
            $0.hasPrefix("counter")
        }
        #expect(counters == ["counters", "counter", "counter", "counters", "counter", "counter changed"])
    }

    @Test("The page loads nothing: no URL but its own images, no external script or style")
    func selfContained() throws {
        let html = Self.page("t", file: "t-0001.svg", image: Data("<svg/>".utf8))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("//cdn"))
        let page = try ParsedPage(html)
        #expect(page.elements(named: "script").allSatisfy { $0.attributes["src"] == nil })
        #expect(page.elements(named: "link").isEmpty)
    }

    @Test("A file name cannot become another URL: ':' '?' '#' and '%' are percent-encoded")
    func fileNames() throws {
        let html = Self.page("t", file: "javascript:alert(1)//?x=1#y%20.svg")
        let source = try ParsedPage(html).elements(named: "img").first?.attributes["src"]
        #expect(source == "javascript%3Aalert%281%29//%3Fx%3D1%23y%2520.svg")
    }
}
