import Foundation
import Testing

struct RenderCommandTests {
    /// A fresh temporary directory, removed after `body`.
    static func inTemporaryDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-render-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    @Test("With no workload, render draws the classic scenario in the format the extension names")
    func defaultScenario() throws {
        try Self.inTemporaryDirectory { directory in
            for format in ["svg", "png", "pdf", "dot"] {
                let path = directory.appendingPathComponent("classic.\(format)").path
                let result = try VMLabProcess.run(["render", "--out", path])
                #expect(result.status == 0, "\(result.stderr)")
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                let head = String(decoding: data.prefix(16), as: UTF8.self)
                switch format {
                case "svg": #expect(String(decoding: data, as: UTF8.self).contains("<svg"))
                case "png": #expect(data.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
                case "pdf": #expect(head.hasPrefix("%PDF-"))
                default: #expect(head.hasPrefix("digraph vmlab"))
                }
            }
        }
    }

    @Test("--every writes numbered snapshots and an HTML page that steps through them")
    func sequence() throws {
        try Self.inTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("belady.svg").path
            let result = try VMLabProcess.run([
                "render", "--pages", "1,2,3,4,1,2,5,1,2,3,4,5", "--frames", "3", "--policy", "fifo", "--every", "4",
                "--out", path,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            #expect(
                files == ["belady-0001.svg", "belady-0002.svg", "belady-0003.svg", "belady-0004.svg", "belady.html"])
            let html = try String(contentsOf: directory.appendingPathComponent("belady.html"), encoding: .utf8)
            #expect(html.contains("accesses 9–12: 4 accesses, 2 hits, 2 faults (2 major), 2 evictions"))
            #expect(html.contains("<span class=\"value\">9</span>"), "FIFO, 3 frames: 9 faults")
            // Self-contained: the snapshots are embedded, not linked.
            #expect(html.ranges(of: "src=\"data:image/svg+xml;base64,").count == 4)
            #expect(!html.contains("src=\"belady-0004.svg\""))
            let last = try String(
                contentsOf: directory.appendingPathComponent("belady-0004.svg"), encoding: .utf8)
            #expect(last.contains("R 5: hit (frame 0)"), "the snapshot's own title carries the caption")
        }
    }

    @Test("--at stops the machine early; past the end is a usage error")
    func at() throws {
        try Self.inTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("early.dot").path
            let early = try VMLabProcess.run([
                "render", "--pages", "1,2,3,4", "--frames", "2", "--at", "2", "--out", path,
            ])
            #expect(early.status == 0, "\(early.stderr)")
            #expect(try String(contentsOfFile: path, encoding: .utf8).contains("after 2 of 4 accesses"))
            let late = try VMLabProcess.run(["render", "--pages", "1,2", "--frames", "2", "--at", "9", "--out", path])
            #expect(late.status == 2)
            #expect(late.stderr.contains("--at 9: the workload has only 2 accesses"))
        }
    }

    @Test("A trace read only up to --at does not claim a total: 'after 2 accesses', not 'after 2 of 3'")
    func atOnATrace() throws {
        try Self.inTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("t.dot").path
            let result = try VMLabProcess.run(
                ["render", "--trace", "-", "--frames", "2", "--at", "2", "--out", path],
                input: Data("1\n2\n3\n4\n".utf8))
            #expect(result.status == 0, "\(result.stderr)")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains("after 2 accesses:") && !text.contains("after 2 of"))
            let steps = directory.appendingPathComponent("s.svg").path
            let stepped = try VMLabProcess.run(
                ["render", "--trace", "-", "--frames", "2", "--at", "2", "--every", "1", "--out", steps],
                input: Data("1\n2\n3\n4\n".utf8))
            #expect(stepped.status == 0, "\(stepped.stderr)")
            let page = try String(contentsOf: directory.appendingPathComponent("s.html"), encoding: .utf8)
            #expect(page.contains(">after 2 accesses<") && !page.contains("after 2 of"))
        }
    }

    @Test("Bad requests exit 2 with a clear message, and leave nothing behind")
    func errors() throws {
        try Self.inTemporaryDirectory { directory in
            let bad = directory.appendingPathComponent("bad.yaml")
            try "processes:\n  - {name: a, regions: []}\nacesses: []\n".write(
                to: bad, atomically: true, encoding: .utf8)
            let scenario = try VMLabProcess.run(
                ["render", "--scenario", bad.path, "--out", directory.appendingPathComponent("x.svg").path])
            #expect(scenario.status == 2)
            #expect(scenario.stderr.contains("bad.yaml:3:1: unknown key 'acesses'"))
            let format = try VMLabProcess.run(["render", "--out", directory.appendingPathComponent("x.jpg").path])
            #expect(format.status == 2)
            #expect(format.stderr.contains(".svg, .png, .pdf, .dot"))
            let policy = try VMLabProcess.run(["render", "--policy", "nope", "--out", "/dev/null/x.svg"])
            #expect(policy.status == 2)
            #expect(policy.stderr.contains("lru"), "lists the valid names")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["bad.yaml"])
        }
    }
}
