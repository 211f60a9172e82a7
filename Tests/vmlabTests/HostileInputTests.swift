import Foundation
import Testing
import VMTestSupport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The tool end to end with hostile titles, file names and trace bytes: pages keep their structure, and nothing
/// but printable text reaches the terminal.
struct HostileInputTests {
    /// Checks the stepper page `render --every 4` wrote for `stem`, titled `shown`.
    static func checkPage(directory: URL, stem: String, shown: String) throws {
        let html = try String(contentsOf: directory.appendingPathComponent(stem + ".html"), encoding: .utf8)
        #expect(!html.unicodeScalars.contains("\0"))
        let page = try ParsedPage(html)
        #expect(page.elements(named: "script").count == 1)
        #expect(!page.attributeNames.contains { $0.hasPrefix("on") })
        #expect(page.elements(named: "title").map(\.text) == [shown])
        #expect(page.elements(named: "h1").map(\.text) == [shown])
        // The snapshots are embedded in the page, and written beside it too.
        let sources = page.elements(named: "img").compactMap { $0.attributes["src"] }
        #expect(sources.count == 3 && sources.allSatisfy { $0.hasPrefix("data:image/svg+xml;base64,") })
        for number in 1...3 {
            let file = directory.appendingPathComponent("\(stem)-000\(number).svg")
            #expect(FileManager.default.fileExists(atPath: file.path))
        }
    }

    @Test("render --every: hostile process, region and swap device names reach captions and snapshots as text")
    func stepperNames() throws {
        try RenderCommandTests.inTemporaryDirectory { directory in
            let name = "\"><script>alert(1)</script>"
            let scenario = directory.appendingPathComponent("hostile.yaml")
            try #"""
            title: "Hostile <b>names</b> & \"quotes\""
            machine: {frames: 2, swap: [{name: "sw<0>&", slots: 4}]}
            processes:
              - name: "\"><script>alert(1)</script>"
                regions: [{name: "h&<x>", start: 0x1000, pages: 3}]
              - name: "rtl\u202Egnp.exe"
                regions: [{name: "b", start: 0x1000, pages: 2}]
            accesses:
              - "\"><script>alert(1)</script> W h&<x>"
              - "rtl\u202Egnp.exe R b"
            """#.write(to: scenario, atomically: true, encoding: .utf8)
            let result = try VMLabProcess.run([
                "render", "--scenario", scenario.path, "--every", "1",
                "--out", directory.appendingPathComponent("steps.svg").path,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let html = try String(contentsOf: directory.appendingPathComponent("steps.html"), encoding: .utf8)
            let page = try ParsedPage(html)
            #expect(page.elements(named: "script").count == 1)
            #expect(!page.attributeNames.contains { $0.hasPrefix("on") })
            let captions = page.elements(named: "p").filter { $0.attributes["class"] == "caption" }.map {
                $0.text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            #expect(captions[3] == "\(name) W 0x3000: minor fault (frame 0), evicts \(name) 0x1000 → sw<0>&:0")
            #expect(captions[4].hasPrefix("rtl\u{FFFD}gnp.exe R 0x1000: minor fault (frame 1)"))
            // Every embedded snapshot is well-formed SVG, with the caption as text.
            for source in page.elements(named: "img").compactMap({ $0.attributes["src"] }) {
                let data = try #require(Data(base64Encoded: String(source.drop { $0 != "," }.dropFirst())))
                let parser = XMLParser(data: data)
                #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
            }
        }
    }

    @Test("render --every: a hostile --title and output file name stay text in the HTML stepper")
    func stepperTitleAndFile() throws {
        try RenderCommandTests.inTemporaryDirectory { directory in
            // Command-line arguments cannot hold NUL; every other hostile text can.
            for (index, (input, shown)) in HostileText.markup.enumerated() where !input.contains("\0") {
                let stem = "\(index)\"'><script>alert(1)<\\script>&amp;\u{202E}%3A#?"
                let result = try VMLabProcess.run([
                    "render", "--pages", "1,2,3,4,1,2,5,1", "--frames", "3", "--policy", "fifo", "--every", "4",
                    "--title", input, "--out", directory.appendingPathComponent(stem + ".svg").path,
                ])
                #expect(result.status == 0, "\(result.stderr)")
                #expect(HostileText.isPrintable(result.stdout, allowingLineBreaks: true), "\(result.stdout)")
                try Self.checkPage(directory: directory, stem: stem, shown: shown)
            }
        }
    }

    @Test("render --every titles the page with the trace's hostile file name, as text")
    func stepperTraceName() throws {
        try RenderCommandTests.inTemporaryDirectory { directory in
            let trace = directory.appendingPathComponent("\"><svg onload=alert(1)>\u{1B}[31m.txt")
            try Data("1\n2\n3\n4\n1\n2\n5\n1\n".utf8).write(to: trace)
            let result = try VMLabProcess.run([
                "render", "--trace", trace.path, "--frames", "3", "--every", "4",
                "--out", directory.appendingPathComponent("steps.svg").path,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            try Self.checkPage(
                directory: directory, stem: "steps",
                shown: trace.path.replacingOccurrences(of: "\u{1B}", with: "\u{FFFD}"))
        }
    }

    @Test(
        "Errors reach the terminal as printable text, whatever the input",
        arguments: [
            ["simulate", "--pages", "1,\u{1B}[31m,2", "--frames", "2", "--policy", "fifo"],
            ["simulate", "--pages", "1,2", "--frames", "2", "--policy", "\u{1B}]0;owned\u{7}"],
            ["simulate", "--pages", "1,2", "--frames", "\u{1B}[2J", "--policy", "fifo"],
            ["simulate", "--pages", "1,2", "--frames", "2", "--policy", "fifo", "--\u{1B}[5m"],
            ["simulate", "--pages", "1,2", "--frames", "2", "--policy", "fifo", "--scope", "local:\u{202E}x=1"],
            ["simulate", "--trace", "/nonexistent/\u{1B}[31m\r\u{9B}.txt", "--frames", "2", "--policy", "fifo"],
            ["new-policy", "\u{1B}[31mred", "--kind", "replacement", "--no-build"],
        ])
    func terminal(arguments: [String]) throws {
        let result = try VMLabProcess.run(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("vmlab: "))
        #expect(
            HostileText.isPrintable(result.stderr, allowingLineBreaks: true), "\(Array(result.stderr.unicodeScalars))")
    }

    @Test("A trace whose bad line holds terminal escapes, NUL, invalid UTF-8 and 10,000 bytes is quoted safely")
    func traceBytes() throws {
        try RenderCommandTests.inTemporaryDirectory { directory in
            let lines: [[UInt8]] = [
                Array("\u{1B}[31mred\u{1B}]0;title\u{7}".utf8), Array("5\r\u{1B}[2K".utf8), [0x35, 0x00, 0x36],
                [0x35, 0xFF, 0xC0, 0x80], [UInt8](repeating: UInt8(ascii: "z"), count: 10_000),
            ]
            for line in lines {
                let trace = directory.appendingPathComponent("bad.txt")
                try Data(Array("1\n".utf8) + line + Array("\n".utf8)).write(to: trace)
                let result = try VMLabProcess.run([
                    "simulate", "--trace", trace.path, "--format", "pages", "--frames", "2", "--policy", "fifo",
                ])
                #expect(result.status == 2)
                #expect(result.stderr.hasPrefix("vmlab: \(trace.path):2: expected "), "\(result.stderr)")
                #expect(
                    HostileText.isPrintable(result.stderr, allowingLineBreaks: true),
                    "\(Array(result.stderr.unicodeScalars))")
                #expect(result.stderr.count < 250, "\(result.stderr.count) characters")
            }
        }
    }
}
