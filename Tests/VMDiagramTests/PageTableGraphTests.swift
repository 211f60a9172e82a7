import Foundation
import Testing
import VMCore
import VMDiagram
import VMTestSupport

/// The page-table view: address splits, walks (to a frame, to swap, stopping at the right level), collapsing of
/// large tables, and agreement with the tables the machine stores.
struct PageTableGraphTests {
    typealias Page = MachineSnapshot.Page

    /// A radix snapshot of pid 1 holding `pages`.
    static func snapshot(_ pages: [Page]) -> PageTableSnapshot {
        PageTableSnapshot(
            pid: 1, name: "editor", time: pages.count, layout: .x86_64, form: .radix(tablesPerLevel: [], bytes: 0),
            pages: pages)
    }

    /// Text at 0x400000 (frames 3, 4, dirty 5) and one stack page on swap at the top of the user range.
    static let small: [Page] = [
        Page(number: 0x400, location: .resident(frame: 3, dirty: false, swapCopy: nil)),
        Page(number: 0x401, location: .resident(frame: 4, dirty: false, swapCopy: nil)),
        Page(number: 0x403, location: .resident(frame: 5, dirty: true, swapCopy: nil)),
        Page(number: 0x7_ffff_ffff, location: .swapped(SwapSlot(device: 0, index: 7))),
    ]

    static func graph(_ pages: [Page], address: UInt64?, detail: DiagramDetail = .runs) throws -> PageTableGraph {
        try PageTableGraph(
            snapshot: snapshot(pages), options: PageTableOptions(detail: detail, title: "t", address: address))
    }

    @Test("Known addresses split into x86-64 level indices and an offset")
    func split() {
        #expect(
            PageTableGraph.split(address: 0x7f3a_2000, layout: .x86_64)
                == "0x00007f3a2000 = L4 0 | L3 1 | L2 505 | L1 418 | offset 0x000")
        #expect(
            PageTableGraph.split(address: 0x7fff_ffff_f123, layout: .x86_64)
                == "0x7ffffffff123 = L4 255 | L3 511 | L2 511 | L1 511 | offset 0x123")
        #expect(AddressLayout.x86_64.pageTableIndices(ofPage: 0x400) == [0, 0, 2, 0])
        #expect(AddressLayout.x86_64.rootEntries == 256, "47-bit user half: 8 bits left for the root")
        let large = try! AddressLayout(pageSize: 1 << 21)
        #expect(large.pageTableLevels == 3)
        #expect(
            PageTableGraph.split(address: 0x40_0000, layout: large)
                == "0x000000400000 = L3 0 | L2 0 | L1 2 | offset 0x000000")
    }

    @Test("The walk of a mapped address is highlighted from the root to its frame, in the model and the DOT")
    func walkToFrame() throws {
        let graph = try Self.graph(Self.small, address: 0x40_1123)
        let walk = try #require(graph.walk)
        #expect(walk.rows == ["l4_0_i0", "l3_0_i0", "l2_0_i2", "l1_2_i1"])
        #expect(walk.outcome == .frame(4, physicalAddress: 0x4123, dirty: false))
        #expect(graph.tables.filter(\.onWalk).map(\.id) == ["l4_0", "l3_0", "l2_0", "l1_2"])
        let dot = graph.dot()
        for row in ["l4_0_i0", "l3_0_i0", "l2_0_i2"] {
            let line = try #require(dot.split(separator: "\n").first { $0.contains("id=\"e_\(row)\"") })
            #expect(line.contains("penwidth=2.5"), "edge out of \(row) is highlighted")
        }
        let other = try #require(dot.split(separator: "\n").first { $0.contains("id=\"e_l4_0_i255\"") })
        #expect(!other.contains("penwidth=2.5"), "the stack's branch is not on the walk")
        #expect(dot.contains("e_walk_end"))
        #expect(dot.contains("frame 4</B><BR/>physical address 0x4123"))
        // The walked entry has a row of its own although frames 3, 4 are consecutive.
        let leaf = try #require(graph.table(id: "l1_2"))
        #expect(leaf.rows.map(\.key) == ["0", "1", "3"])
    }

    @Test("A walk stops at the level whose entry is empty: not mapped")
    func walkStops() throws {
        // L4 entry 1 is empty: the walk stops at the root.
        let atRoot = try Self.graph(Self.small, address: 0x80_0000_0000)
        #expect(atRoot.walk?.outcome == .notMapped(level: 4, index: 1))
        #expect(atRoot.walk?.rows == ["l4_0_m1"])
        #expect(atRoot.tables.filter(\.onWalk).map(\.id) == ["l4_0"])
        #expect(atRoot.dot().contains("ID=\"l4_0_m1\""))
        // Same leaf table as the text, entry 2 unused: the walk stops at L1.
        let atLeaf = try Self.graph(Self.small, address: 0x40_2000)
        #expect(atLeaf.walk?.outcome == .notMapped(level: 1, index: 2))
        #expect(atLeaf.walk?.rows.last == "l1_2_m2")
        // L2 entry 3 is empty.
        let atL2 = try Self.graph(Self.small, address: 0x60_0000)
        #expect(atL2.walk?.outcome == .notMapped(level: 2, index: 3))
        // A page on swap: the walk reaches its leaf entry.
        let swapped = try Self.graph(Self.small, address: 0x7fff_ffff_f000)
        #expect(swapped.walk?.outcome == .swapped(SwapSlot(device: 0, index: 7), device: "swap0:7"))
        // An empty table: the root is drawn with no rows, and the walk stops there.
        let empty = try Self.graph([], address: 0x1000)
        #expect(empty.tables.map(\.id) == ["l4_0"])
        #expect(empty.walk?.outcome == .notMapped(level: 4, index: 0))
    }

    @Test("A process with thousands of pages collapses into a readable picture; --detail pages draws it all")
    func collapsedRuns() throws {
        // 5000 contiguous pages on contiguous frames, then 300 scattered pages far apart, on scattered frames.
        var pages = (0..<5000).map {
            Page(number: UInt64($0), location: .resident(frame: $0, dirty: false, swapCopy: nil))
        }
        for index in 0..<300 {
            let number = UInt64(1 << 20) + UInt64(index) * 0x9_3001
            pages.append(
                Page(number: number, location: .resident(frame: 6000 + 7 * index, dirty: false, swapCopy: nil)))
        }
        let graph = try Self.graph(pages, address: 4600 << 12)
        for level in 1...4 {
            #expect(graph.tables.count { $0.level == level } <= PageTableGraph.maximumTablesPerLevel)
        }
        for table in graph.tables {
            #expect(table.rows.count <= PageTableGraph.maximumRowsPerTable, "\(table.id) has \(table.rows.count) rows")
        }
        // A full leaf table of consecutive frames is one run.
        #expect(graph.table(id: "l1_0")?.rows.map(\.key) == ["0–511"])
        #expect(graph.table(id: "l1_0")?.rows.first?.detail == "frames 0–511")
        // The walked leaf table is drawn though it lies past the first tables, and its entry stands alone.
        #expect(graph.walk?.outcome == .frame(4600, physicalAddress: 4600 << 12, dirty: false))
        #expect(graph.table(id: "l1_8")?.rows.map(\.key) == ["0–503", "504", "505–511"])
        // Leaf tables not drawn are summarised in their parent's rows.
        let parent = try #require(graph.table(id: "l2_0"))
        #expect(parent.rows.contains { $0.child == nil && $0.detail.contains("L1 tables, not drawn") })
        #expect(graph.title.contains { $0.contains("tables drawn") })
        let full = try Self.graph(pages, address: nil, detail: .pages)
        let logical = (1...3).reduce(1) { total, level in
            total + Set(pages.map { $0.number >> UInt64(9 * level) }).count
        }
        #expect(full.tables.count == logical, "every table of the radix tree, the root included")
        #expect(full.tables.first { $0.id == "l1_0" }?.rows.count == 512)
    }

    @Test("The drawn tree has the tables the machine stores, in radix and compact form")
    func matchesTheMachine() throws {
        let machine = try Workbench.machine(policy: "lru", frames: 64)
        try machine.addProcess(pid: 1, name: "small")
        try machine.addProcess(pid: 2, name: "large")
        let shift = machine.layout.pageShift
        for page: UInt64 in [0x400, 0x401, 0x600] { try machine.step(Access(pid: 1, page: page, pageShift: shift)) }
        for page in Workbench.randomPages(count: 400, distinct: 200, seed: 5) {
            try machine.step(Access(pid: 2, page: page * 4099, kind: .write, pageShift: shift))
        }
        let compact = PageTableSnapshot(machine: machine, pid: 1)
        guard case .compact(pages: 3, limit: 16, _) = compact.form else {
            Issue.record("expected the compact form, got \(compact.form)")
            return
        }
        let large = PageTableSnapshot(machine: machine, pid: 2)
        guard case .radix(let perLevel, _) = large.form else {
            Issue.record("expected the radix form, got \(large.form)")
            return
        }
        let graph = try PageTableGraph(snapshot: large, options: PageTableOptions(detail: .pages))
        #expect((1...4).reversed().map { level in graph.tables.count { $0.level == level } } == perLevel)
        let title = try PageTableGraph(snapshot: large, options: PageTableOptions()).title.joined(separator: "\n")
        #expect(title.contains("stored by the simulator as radix tables"))
        let small = try PageTableGraph(snapshot: compact, options: PageTableOptions()).title.joined(separator: "\n")
        #expect(small.contains("compact form: a list of 3 of at most 16 pages"))
        let unknown = PageTableSnapshot(machine: machine, pid: 9)
        #expect(unknown.form == .notStarted)
    }

    @Test("Names in titles are escaped in the HTML labels")
    func escaping() throws {
        var snapshot = Self.snapshot(Self.small)
        snapshot.name = "<b>&\"evil\""
        let graph = try PageTableGraph(snapshot: snapshot, options: PageTableOptions(title: "<i>x</i>"))
        let dot = graph.dot()
        #expect(!dot.contains("<b>&"))
        #expect(dot.contains("&lt;b&gt;&amp;"))
        #expect(dot.contains("&lt;i&gt;x&lt;/i&gt;"))
        _ = try DiagramRenderer.render(graph, format: .svg)
    }
}
