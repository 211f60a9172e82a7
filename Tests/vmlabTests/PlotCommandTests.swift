import Foundation
import Testing
import VMTestSupport

/// `compare --plot` and `mrc --plot`: the chart in the format the extension names, written atomically; other
/// extensions refused as usage errors before anything runs.
struct PlotCommandTests {
    static let belady = ["--pages", "1,2,3,4,1,2,5,1,2,3,4,5"]
    static let trace = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/traces/true.all.pages.zst").path

    static func check(_ data: Data, format: String) throws {
        switch format {
        case "svg":
            let page = try ParsedPage(String(decoding: data, as: UTF8.self))
            #expect(page.elements.contains { $0.attributes["class"] == "series" })
        case "png": #expect(Array(data.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        default: #expect(String(decoding: data.prefix(5), as: UTF8.self) == "%PDF-")
        }
    }

    @Test("compare --plot writes SVG, PNG and PDF, the table still on standard output, no temporary file left")
    func compare() throws {
        try RenderCommandTests.inTemporaryDirectory { directory in
            for format in ["svg", "png", "pdf"] {
                let path = directory.appendingPathComponent("belady.\(format)").path
                let result = try VMLabProcess.run(
                    ["compare"] + Self.belady + [
                        "--policies", "fifo,lru,opt,clock", "--frames", "1...7", "--plot", path,
                    ])
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdout.hasPrefix("policy"))
                #expect(result.stderr.hasPrefix("vmlab: note: wrote \(path) ("))
                try Self.check(try Data(contentsOf: URL(fileURLWithPath: path)), format: format)
            }
            let svg = try String(contentsOfFile: directory.appendingPathComponent("belady.svg").path, encoding: .utf8)
            #expect(svg.contains("3 → 4 frames: 9 → 10 faults"))
            #expect(svg.contains("data-series=\"fifo = clock\""))
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            #expect(files == ["belady.pdf", "belady.png", "belady.svg"])
        }
    }

    @Test("mrc --plot writes the LRU curve")
    func mrc() throws {
        try RenderCommandTests.inTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("mrc.svg").path
            let result = try VMLabProcess.run([
                "mrc", "--trace", Self.trace, "--frames", "4,8,16,32,64", "--plot", path,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let page = try ParsedPage(try String(contentsOfFile: path, encoding: .utf8))
            #expect(page.elements.filter { $0.attributes["class"] == "point" }.count == 5)
            #expect(page.elements.contains { $0.attributes["data-series"] == "lru" })
        }
    }

    @Test("An unknown extension is a usage error (exit 2) and nothing is written", arguments: ["compare", "mrc"])
    func unknownExtension(command: String) throws {
        try RenderCommandTests.inTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("chart.jpg").path
            let arguments =
                command == "compare"
                ? ["compare"] + Self.belady + ["--policies", "lru", "--frames", "3", "--plot", path]
                : ["mrc", "--trace", Self.trace, "--plot", path]
            let result = try VMLabProcess.run(arguments)
            #expect(result.status == 2)
            #expect(result.stderr.contains("--plot \(path): expected a file ending in .svg, .png or .pdf"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        }
    }

    @Test("A directory as --plot is refused without a trap")
    func directory() throws {
        try RenderCommandTests.inTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("d.svg").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let result = try VMLabProcess.run(
                ["compare"] + Self.belady + ["--policies", "lru", "--frames", "3", "--plot", path])
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains(path))
        }
    }
}
