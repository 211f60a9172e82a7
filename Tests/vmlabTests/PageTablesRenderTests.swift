import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `vmlab render --view page-tables`: outputs in every format, process and address errors, reference-string
/// and trace modes, `--every`, and the boot scenario.
struct PageTablesRenderTests {
    static let bootPath = RunCommandTests.root.appendingPathComponent("Examples/scenarios/boot.yaml").path

    @Test("Every format is produced: SVG parses as XML, PNG and PDF carry their magic, DOT shows the walk")
    func formats() throws {
        try RenderCommandTests.inTemporaryDirectory { directory in
            for format in ["svg", "png", "pdf", "dot"] {
                let path = directory.appendingPathComponent("editor.\(format)").path
                let result = try VMLabProcess.run([
                    "render", "--view", "page-tables", "--process", "editor", "--address", "0x600000", "--out", path,
                ])
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdout.contains("0x000000600000 = L4 0 | L3 0 | L2 3 | L1 0 | offset 0x000"))
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                switch format {
                case "svg":
                    let parser = XMLParser(data: data)
                    #expect(parser.parse(), "the SVG is well-formed XML")
                    #expect(String(decoding: data, as: UTF8.self).contains("id=\"e_l4_0_i0\""))
                case "png": #expect(data.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
                case "pdf": #expect(String(decoding: data.prefix(5), as: UTF8.self) == "%PDF-")
                default:
                    let dot = String(decoding: data, as: UTF8.self)
                    #expect(dot.hasPrefix("digraph pagetable"))
                    #expect(dot.contains("walk of 0x000000600000"))
                }
            }
        }
    }

    @Test("A process is named by name or pid; an unknown one lists the valid ones (exit 2)")
    func processes() throws {
        try RenderCommandTests.inTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("t.dot").path
            let byPID = try VMLabProcess.run(["render", "--view", "page-tables", "--process", "2", "--out", path])
            #expect(byPID.status == 0, "\(byPID.stderr)")
            #expect(try String(contentsOfFile: path, encoding: .utf8).contains("page table of browser (pid 2)"))
            let unknown = try VMLabProcess.run([
                "render", "--view", "page-tables", "--process", "nosuch", "--out", path,
            ])
            #expect(unknown.status == 2)
            #expect(
                unknown.stderr.contains(
                    "--process 'nosuch': no such process; processes: editor (pid 1), browser (pid 2), compiler (pid 3)"
                ), "\(unknown.stderr)")
            let missing = try VMLabProcess.run(["render", "--view", "page-tables", "--out", path])
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("give --process NAME or PID"))
            let mapping = try VMLabProcess.run(["render", "--process", "editor", "--out", path])
            #expect(mapping.status == 2)
            #expect(mapping.stderr.contains("--process and --address apply to --view page-tables only"))
            let outside = try VMLabProcess.run([
                "render", "--view", "page-tables", "--process", "editor", "--address", "0xffff888000000000",
                "--out", path,
            ])
            #expect(outside.status == 2)
            #expect(outside.stderr.contains("outside the user range"))
            let garbage = try VMLabProcess.run([
                "render", "--view", "page-tables", "--process", "editor", "--address", "12zz", "--out", path,
            ])
            #expect(garbage.status == 2)
            #expect(garbage.stderr.contains("expected an address like 0x400000"))
        }
    }

    @Test("Reference-string mode draws pid 1 without --process; --at stops early; the walk stops where unmapped")
    func referenceString() throws {
        try RenderCommandTests.inTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("pages.dot").path
            let result = try VMLabProcess.run([
                "render", "--view", "page-tables", "--pages", "1,2,3,4,1,2,5", "--frames", "3", "--at", "4",
                "--address", "0x5000", "--out", path,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let dot = try String(contentsOfFile: path, encoding: .utf8)
            #expect(dot.contains("page table of pid 1 after 4 of 7 accesses"))
            #expect(dot.contains("not mapped: L1 entry 5 is empty"), "page 5 is touched only at access 7")
            #expect(dot.contains("ID=\"l1_0_m5\""))
        }
    }

    @Test("The boot scenario parses and runs: physical mode, direct map, then init's tables, step by step")
    func boot() throws {
        try RenderCommandTests.inTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("boot.svg").path
            let result = try VMLabProcess.run([
                "render", "--scenario", Self.bootPath, "--view", "page-tables", "--process", "init",
                "--address", "0x7ffffffdf000", "--every", "1", "--out", path,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let html = try String(
                contentsOf: directory.appendingPathComponent("boot.html"), encoding: .utf8)
            #expect(html.contains("after 4 of 34 accesses; kernel: 4 with paging off; init: 0 faults"))
            #expect(html.contains("kernel: 4 with paging off, 5 through the direct map"))
            #expect(html.contains("table compact (16 pages)"))
            #expect(html.contains("after 34 of 34 accesses"))
            #expect(html.contains("table radix, 1 L4 + 2 L3 + 3 L2 + 4 L1"))
            let first = try String(contentsOf: directory.appendingPathComponent("boot-0001.svg"), encoding: .utf8)
            #expect(first.contains("not mapped: L4 entry 255 is empty"), "before init runs, its root is empty")
            let mapping = try VMLabProcess.run([
                "render", "--scenario", Self.bootPath, "--every", "8", "--out",
                directory.appendingPathComponent("mapping.svg").path,
            ])
            #expect(mapping.status == 0, "\(mapping.stderr)")
        }
    }
}
