import Foundation
import Testing
import VMTestSupport

/// `vmlab frame-table` as a user runs it: its text against the golden files the model's tests share, the figure
/// in every format, JSON, and the limits of a teaching figure.
struct FrameTableCommandTests {
    static let belady = ["--pages", "1,2,3,4,1,2,5,1,2,3,4,5"]
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Golden/FrameTable")

    @Test(
        "The text on the terminal is the golden table of Belady's string",
        arguments: [
            (["--policies", "fifo", "--frames", "3,4"], "belady-fifo-3-4.txt"),
            (["--policy", "lru", "--frames", "3"], "belady-lru-3.txt"),
            (["--policies", "opt", "--frames", "3"], "belady-opt-3.txt"),
        ])
    func golden(arguments: [String], file: String) throws {
        let result = try VMLabProcess.run(["frame-table"] + Self.belady + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let golden = try String(contentsOf: Self.goldenDirectory.appendingPathComponent(file), encoding: .utf8)
        #expect(result.stdout == golden)
        #expect(result.stderr.isEmpty)
    }

    @Test("--out writes the figure in the format its extension names, atomically, and says what it drew")
    func figures() throws {
        try RenderCommandTests.inTemporaryDirectory { directory in
            for format in ["svg", "png", "pdf", "dot"] {
                let path = directory.appendingPathComponent("belady-table.\(format)").path
                let result = try VMLabProcess.run(
                    ["frame-table"] + Self.belady + ["--policies", "fifo,lru,opt", "--frames", "3,4", "--out", path])
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdout.hasPrefix("wrote \(path) ("))
                #expect(result.stdout.contains("  fifo, 4 frames: 10 faults, 2 hits\n"))
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                switch format {
                case "svg":
                    let svg = try ParsedPage(String(decoding: data, as: UTF8.self))
                    #expect(svg.elements.contains { $0.attributes["id"] == "a_b5_fault_10" }, "OPT at 4 faults on 4")
                case "png": #expect(Array(data.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
                case "pdf": #expect(String(decoding: data.prefix(5), as: UTF8.self) == "%PDF-")
                default: #expect(String(decoding: data, as: UTF8.self).hasPrefix("digraph frametable {"))
                }
            }
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            #expect(files == ["belady-table.dot", "belady-table.pdf", "belady-table.png", "belady-table.svg"])
        }
    }

    @Test("--json prints the table as data; --order policy keeps the same pages and faults")
    func json() throws {
        for order in ["frame", "policy"] {
            let result = try VMLabProcess.run(
                ["frame-table"] + Self.belady + ["--policies", "fifo,lru", "--frames", "3", "--json", "--order", order])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let blocks = try #require(object["blocks"] as? [[String: Any]])
            #expect(blocks.map { $0["policy"] as? String } == ["fifo", "lru"])
            #expect(blocks.map { $0["faults"] as? Int } == [9, 10])
            #expect(blocks.map { $0["order"] as? String } == [order, order])
        }
    }

    @Test("A figure refuses what a teaching figure cannot show; text takes more")
    func limits() throws {
        let long = (0..<201).map { String($0 % 7) }.joined(separator: ",")
        let figure = try VMLabProcess.run(["frame-table", "--pages", long, "--frames", "3", "--out", "/tmp/never.svg"])
        #expect(figure.status == 2)
        #expect(figure.stderr.contains("--pages: more than 200 accesses; a figure shows at most 200"))
        #expect(figure.stderr.contains("teaching figure"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.svg"))
        let text = try VMLabProcess.run(["frame-table", "--pages", long, "--frames", "3"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("accesses 1–"))
        let frames = try VMLabProcess.run(
            ["frame-table"] + Self.belady + ["--frames", "65", "--out", "/tmp/never.png"])
        #expect(frames.status == 2)
        #expect(frames.stderr.contains("--frames 65: a figure shows at most 64 frames"))
        let blocks = try VMLabProcess.run(
            ["frame-table"] + Self.belady + ["--frames", "1...6", "--policies", "fifo,lru,opt", "--out", "/tmp/n.svg"])
        #expect(blocks.status == 2)
        #expect(blocks.stderr.contains("give 18 blocks (3 policies × 6 sizes); a figure shows at most 16"))
    }
}
