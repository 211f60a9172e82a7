import Foundation
import Testing
import VMTestSupport

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
        let sources = page.elements(named: "img").compactMap { $0.attributes["src"] }
        #expect(sources == (1...3).map { HostileText.relativeURL("\(stem)-000\($0).svg") })
        for source in sources {
            let file = try #require(source.removingPercentEncoding)
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path))
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
