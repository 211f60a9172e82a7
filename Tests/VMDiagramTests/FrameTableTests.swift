import Foundation
import Testing
import VMCore
import VMDiagram
import VMTestSupport

/// The frame table: its model against independent reference counts, its text against golden files (shared with the
/// command's tests), its figure's structure and formats, and the escaping of names.
struct FrameTableTests {
    /// `Tests/Golden/FrameTable`: the expected text of the command and of ``FrameTable/text(width:)``.
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Golden/FrameTable")

    /// The table of `policies` × `sizes` on `pages`, titled as `vmlab frame-table` titles it.
    static func table(
        _ pages: [UInt64], policies: [String], sizes: [Int], order: FrameTable.RowOrder = .frame
    ) throws -> FrameTable {
        var blocks: [FrameTable.Block] = []
        for policy in policies {
            for size in sizes {
                let machine = try Workbench.machine(policy: policy, frames: size)
                let accesses = pages.map { Access(page: $0, kind: .read, pageShift: machine.layout.pageShift) }
                blocks.append(
                    try FrameTable.Block(
                        policy: policy, machine: machine, accesses: accesses,
                        nextUse: machine.replacement.needsFuture ? Workbench.nextUse(of: pages) : nil, order: order))
            }
        }
        let list = pages.map(String.init).joined(separator: ",")
        return FrameTable(title: "pages \(list) (\(pages.count) accesses)", pages: pages, blocks: blocks)
    }

    /// Compares `text` with the golden file `name`; with `VMLAB_UPDATE_GOLDEN=1` in the environment, writes it
    /// instead (then check the diff by eye before committing).
    static func expectGolden(_ text: String, _ name: String) throws {
        let url = goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["VMLAB_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: goldenDirectory, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(text == golden, "differs from \(name):\n\(text)")
    }

    @Test(
        "Belady's string: the textbook counts, and the text of each table as its golden file",
        arguments: [
            ("fifo", [3, 4], [9, 10], "belady-fifo-3-4.txt"), ("lru", [3], [10], "belady-lru-3.txt"),
            ("opt", [3], [7], "belady-opt-3.txt"),
        ])
    func golden(policy: String, sizes: [Int], faults: [Int], file: String) throws {
        let table = try Self.table(Workbench.beladyString, policies: [policy], sizes: sizes)
        #expect(table.blocks.map(\.faults) == faults)
        #expect(table.blocks.map(\.hits) == faults.map { 12 - $0 })
        try Self.expectGolden(table.text(), file)
    }

    @Test("FIFO at 3 and 4 frames is Belady's anomaly; LRU and OPT (stack algorithms) have none")
    func anomalies() throws {
        let table = try Self.table(Workbench.beladyString, policies: ["fifo", "lru", "opt"], sizes: [3, 4])
        #expect(
            table.anomalies == [
                FrameTable.Anomaly(
                    policy: "fifo", smallerFrames: 3, smallerFaults: 9, largerFrames: 4, largerFaults: 10)
            ])
        #expect(table.text().contains("fifo faults more with 4 frames (10) than with 3 (9): Belady's anomaly"))
        #expect(table.text().contains("  opt          4       6       6\n"), "the summary lists every block")
    }

    /// In frame order a page keeps its row: a column differs from the one before only in the row a fault loaded,
    /// whose old page is the victim.
    @Test(
        "In frame order a page keeps its row; only a fault changes a cell, and its old page is the victim",
        arguments: ["fifo", "lru", "opt", "clock", "arc", "random:seed=3"])
    func pagesStayInTheirRows(policy: String) throws {
        let pages = Workbench.randomPages(count: 60, distinct: 9, seed: 11)
        for frames in [1, 3, 5] {
            let block = try Self.table(pages, policies: [policy], sizes: [frames]).blocks[0]
            #expect(block.faults == (try Workbench.faults(policy, pages: pages, frames: frames)))
            var previous = [UInt64?](repeating: nil, count: frames)
            for column in block.columns {
                #expect(column.rows[column.row!] == column.page, "the referenced page is where the column says")
                let changed = (0..<frames).filter { column.rows[$0] != previous[$0] }
                if column.fault {
                    #expect(changed == [column.row!])
                    #expect(column.victims == (previous[column.row!].map { [$0] } ?? []))
                } else {
                    #expect(changed.isEmpty && column.victims.isEmpty)
                }
                previous = column.rows
            }
        }
    }

    @Test("In policy order every resident page is listed once, the loaded page in the row the column names")
    func policyOrder() throws {
        let pages = Workbench.randomPages(count: 40, distinct: 7, seed: 5)
        let block = try Self.table(pages, policies: ["lru"], sizes: [4], order: .policy).blocks[0]
        let frameOrder = try Self.table(pages, policies: ["lru"], sizes: [4]).blocks[0]
        for (column, reference) in zip(block.columns, frameOrder.columns) {
            #expect(Set(column.rows.compactMap { $0 }) == Set(reference.rows.compactMap { $0 }))
            #expect(column.rows.compactMap { $0 }.count == reference.rows.compactMap { $0 }.count)
            #expect(column.rows[column.row!] == column.page)
        }
        #expect(block.faults == frameOrder.faults)
        #expect(
            Self.blockLines(block, in: FrameTable(title: "t", pages: pages, blocks: [block])).contains {
                $0.hasPrefix("#4 ")
            })
    }

    /// The table lines of the text of `table` (those starting with a row label).
    static func blockLines(_ block: FrameTable.Block, in table: FrameTable, width: Int = 100) -> [String] {
        let labels = ["page ", "frame ", "#", "fault ", "evicted", "faults "]
        return table.text(width: width).split(separator: "\n").map(String.init).filter { line in
            labels.contains { line.hasPrefix($0) }
        }
    }

    @Test("Text wider than the width wraps into chunks of whole columns, each headed by its accesses")
    func wrapping() throws {
        let pages = Workbench.randomPages(count: 40, distinct: 12, seed: 2)
        let table = try Self.table(pages, policies: ["fifo"], sizes: [8])
        let lines = Self.blockLines(table.blocks[0], in: table, width: 60)
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(lines.map(\.count))")
        let text = table.text(width: 60)
        #expect(text.contains("accesses 1–"))
        #expect(text.contains("of 40\n"))
        // Every page of the string appears once per chunk's `page` line, in order.
        let referenced = lines.filter { $0.hasPrefix("page ") }.flatMap { $0.split(separator: " ").dropFirst() }
        #expect(referenced.map { UInt64($0) } == pages.map { UInt64?($0) })
    }

    @Test("The DOT has one column per access in every block, fault marks and victims exactly where they happened")
    func dotStructure() throws {
        let table = try Self.table(Workbench.beladyString, policies: ["fifo", "opt"], sizes: [3, 4])
        let dot = table.dot()
        for (index, block) in table.blocks.enumerated() {
            let references = dot.matches(of: try Regex("ID=\"b\(index)_ref_([0-9]+)\"")).count
            #expect(references == 12)
            let faults = dot.matches(of: try Regex("ID=\"b\(index)_fault_([0-9]+)\"")).map {
                Int($0.output[1].substring!)!
            }
            #expect(faults == block.columns.indices.filter { block.columns[$0].fault })
            let victims = dot.matches(of: try Regex("ID=\"b\(index)_victim_([0-9]+)\"")).map {
                Int($0.output[1].substring!)!
            }
            #expect(victims == block.columns.indices.filter { !block.columns[$0].victims.isEmpty })
        }
        // FIFO at 3 frames: faults everywhere but accesses 8, 9 and 12 (1, 2 and 5 hit).
        let fifo = dot.matches(of: #/ID="b0_fault_([0-9]+)"/#).map { Int($0.output.1)! }
        #expect(fifo == [0, 1, 2, 3, 4, 5, 6, 9, 10])
        #expect(dot == (try Self.table(Workbench.beladyString, policies: ["fifo", "opt"], sizes: [3, 4])).dot())
    }

    @Test("SVG parses as XML and carries the cell ids; PNG and PDF have their signatures")
    func formats() throws {
        let table = try Self.table(Workbench.beladyString, policies: ["fifo", "lru", "opt"], sizes: [3, 4])
        let svg = try DiagramRenderer.render(table, format: .svg)
        let parsed = try SVGIds.parse(svg)
        #expect(parsed.ids.isSuperset(of: ["a_b0_ref_0", "a_b0_fault_0", "a_b0_victim_3", "a_b5_ref_11", "legend"]))
        #expect(parsed.text.contains("fifo faults more with 4 frames (10) than with 3 (9)"))
        let png = try DiagramRenderer.render(table, format: .png)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(png.count > 10_000)
        let pdf = try DiagramRenderer.render(table, format: .pdf)
        #expect(String(decoding: pdf.prefix(5), as: UTF8.self) == "%PDF-")
        let dot = try DiagramRenderer.render(table, format: .dot)
        #expect(String(decoding: dot, as: UTF8.self) == table.dot())
    }

    @Test("The largest figure (200 accesses, 64 frames) renders, and a PNG stays within the pixel limit")
    func largest() throws {
        let pages = Workbench.randomPages(count: FrameTable.figureLimits.accesses, distinct: 100, seed: 9)
        let table = try Self.table(pages, policies: ["lru"], sizes: [FrameTable.figureLimits.frames])
        let png = try DiagramRenderer.render(table, format: .png)
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width <= DiagramRenderer.maximumPixels && height <= DiagramRenderer.maximumPixels)
        #expect(width > 2000, "scaled to fit, not to a thumbnail")
    }

    @Test("Names and titles from input are shown literally and change no structure: figure, text and JSON")
    func escaping() throws {
        let plain = try Self.table(Workbench.beladyString, policies: ["fifo"], sizes: [3, 4])
        for (input, shown) in HostileText.markup {
            var hostile = plain
            hostile.title = input
            for index in hostile.blocks.indices { hostile.blocks[index].policy = input }
            let svg = try SVGIds.parse(try DiagramRenderer.render(hostile, format: .svg))
            let reference = try SVGIds.parse(try DiagramRenderer.render(plain, format: .svg))
            #expect(svg.ids == reference.ids, "the same cells")
            #expect(svg.elements == reference.elements, "the same elements, none injected")
            // Graphviz writes a run of spaces as spaces and no-break spaces.
            let text = svg.text.replacingOccurrences(of: "\u{A0}", with: " ")
            #expect(text.contains(LabelTextProbe.shortened(shown)), "shown literally: \(input.debugDescription)")
            let dot = hostile.dot()
            #expect(!dot.contains("<script>") && !dot.contains("<!--"), "markup arrives as entities")
            let terminal = hostile.text()
            #expect(HostileText.isPrintable(terminal, allowingLineBreaks: true), "\(terminal.debugDescription)")
            let json = try JSONSerialization.jsonObject(with: Data(hostile.json().utf8)) as? [String: Any]
            #expect(json?["title"] as? String == input, "JSON keeps the text, escaped by the encoder")
        }
    }

    @Test("JSON has every block with its columns: page, fault, victims, rows and the running count")
    func json() throws {
        let table = try Self.table(Workbench.beladyString, policies: ["fifo"], sizes: [3, 4])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(table.json().utf8)) as? [String: Any])
        let blocks = try #require(object["blocks"] as? [[String: Any]])
        #expect(blocks.map { $0["faults"] as? Int } == [9, 10])
        let columns = try #require(blocks[0]["columns"] as? [[String: Any]])
        #expect(columns.count == 12)
        #expect(columns[3]["fault"] as? Bool == true)
        #expect(columns[3]["victims"] as? [Int] == [1])
        #expect(columns[3]["rows"] as? [Int] == [4, 2, 3])
        #expect(columns[11]["faultsSoFar"] as? Int == 9)
        #expect((object["anomalies"] as? [[String: Any]])?.count == 1)
        #expect(try JSONDecoder().decode(FrameTable.self, from: Data(table.json().utf8)) == table)
    }
}

/// How a figure cuts a long name, for the escaping test's expectations (the same rule as `LabelText.shortened`).
enum LabelTextProbe {
    static func shortened(_ text: String) -> String { text.count <= 40 ? text : String(text.prefix(39)) + "…" }
}
