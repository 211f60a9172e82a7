import Testing
import VMDiagram
import VMTestSupport

/// The stepper page of `vmlab render --every`: hostile titles, captions and file names stay text.
struct SnapshotPageTests {
    static let elements: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "h1", "div", "button", "input", "span", "p", "img", "script",
    ]
    static let attributes: Set<String> = [
        "charset", "class", "id", "hidden", "type", "min", "max", "value", "src", "alt",
    ]

    static func page(title: String, file: String, caption: String) -> String {
        SnapshotPage(
            title: title,
            steps: [.init(file: file, caption: caption), .init(file: "second-0002.svg", caption: "second step")]
        ).html()
    }

    @Test("Every field holds hostile text: the page parses with the same elements and attributes, text shown as is")
    func hostile() throws {
        let plain = try ParsedPage(Self.page(title: "plain", file: "plain-0001.svg", caption: "plain"))
        #expect(plain.elementNames.isSubset(of: Self.elements) && plain.attributeNames.isSubset(of: Self.attributes))
        for (input, shown) in HostileText.markup {
            let html = Self.page(title: input, file: input + "-0001.svg", caption: input)
            #expect(!html.unicodeScalars.contains("\0"), "no raw NUL")
            let page = try ParsedPage(html)
            #expect(page.shape == plain.shape, "no element or attribute added or lost")
            #expect(page.elements(named: "script").count == 1, "only the page's own script")
            #expect(page.elements(named: "title").map(\.text) == [shown])
            #expect(page.elements(named: "h1").map(\.text) == [shown])
            #expect(page.elements(named: "p").map(\.text) == [shown, "second step"])
            let images = page.elements(named: "img")
            #expect(images.map { $0.attributes["alt"] } == [shown, "second step"])
            #expect(
                images.map { $0.attributes["src"] } == [
                    HostileText.relativeURL(input + "-0001.svg"), "second-0002.svg",
                ])
        }
    }

    @Test("A file name cannot become another URL: ':' '?' '#' and '%' are percent-encoded")
    func fileNames() throws {
        let html = Self.page(title: "t", file: "javascript:alert(1)//?x=1#y%20.svg", caption: "c")
        let source = try ParsedPage(html).elements(named: "img").first?.attributes["src"]
        #expect(source == "javascript%3Aalert%281%29//%3Fx%3D1%23y%2520.svg")
    }
}
