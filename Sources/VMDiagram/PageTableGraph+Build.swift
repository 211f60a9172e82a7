import VMCore

/// What a page-table diagram shows besides the table: detail level, title, and the address whose walk is
/// highlighted.
public struct PageTableOptions: Sendable, Hashable {
    /// ``DiagramDetail/runs`` (default) collapses runs of entries and leaves out tables beyond
    /// ``PageTableGraph/maximumTablesPerLevel``; ``DiagramDetail/pages`` draws every table and every entry.
    public var detail: DiagramDetail
    /// First line of the title. Drawn escaped: it can hold any text.
    public var title: String
    /// The virtual address whose walk is highlighted (below the process's user limit), if any.
    public var address: UInt64?

    public init(detail: DiagramDetail = .runs, title: String = "VMLab", address: UInt64? = nil) {
        self.detail = detail
        self.title = title
        self.address = address
    }
}

extension PageTableGraph {
    /// Tables drawn per level with ``DiagramDetail/runs`` (the walked one first, then in address order); the rest
    /// are summarised in their parent's rows.
    public static let maximumTablesPerLevel = 6
    /// Rows a table keeps with ``DiagramDetail/runs`` before stretches of it collapse into one row each.
    public static let maximumRowsPerTable = 14
    /// Tables ``DiagramDetail/pages`` may draw; a larger table is refused with ``DiagramError/tooLarge(_:)``.
    public static let maximumTables = 2000

    /// The picture of `snapshot`'s table: the root (always, even empty), the tables below it that exist, their
    /// used entries, and the walk of `options.address`.
    ///
    /// With ``DiagramDetail/runs`` consecutive leaf entries whose frames (or slots on one device) are consecutive
    /// and whose bits agree share one row, as the mapping diagram's runs do; consecutive entries pointing to tables
    /// that are not drawn share one row; a table with more than ``maximumRowsPerTable`` rows keeps its first and
    /// last rows, the rows with edges and the walked row, and collapses each stretch between them into one row.
    /// The walked entry always has a row of its own. Cost: O(touched pages × levels + rows).
    /// - Throws: ``DiagramError/tooLarge(_:)`` when ``DiagramDetail/pages`` would draw more than
    ///   ``maximumTables`` tables.
    public init(snapshot: PageTableSnapshot, options: PageTableOptions) throws(DiagramError) {
        var builder = PageTableBuilder(snapshot: snapshot, options: options)
        try builder.build()
        self.init(
            title: builder.titleLines(), levels: snapshot.layout.pageTableLevels,
            bitsPerLevel: snapshot.layout.bitsPerLevel, pageShift: snapshot.layout.pageShift,
            userAddressBits: snapshot.layout.userAddressBits, tables: builder.tables, edges: builder.edges,
            walk: builder.walk)
    }
}

/// Builds the tables of one snapshot: the logical radix tree of its pages, the tables chosen for drawing, their
/// rows, and the walk.
struct PageTableBuilder {
    /// One table of the logical tree: its level, prefix, and the slice of pages below it.
    struct Node {
        var level: Int
        var prefix: UInt64
        var pages: Range<Int>
    }

    let snapshot: PageTableSnapshot
    let options: PageTableOptions
    let levels: Int
    let bits: Int
    let mask: UInt64
    /// Tables of each level (index `level`), in prefix order.
    private(set) var nodes: [[Node]]
    private(set) var tables: [PageTableGraph.Table] = []
    private(set) var edges: [PageTableGraph.Edge] = []
    private(set) var walk: PageTableGraph.Walk?
    private var drawnCount = 0

    init(snapshot: PageTableSnapshot, options: PageTableOptions) {
        self.snapshot = snapshot
        self.options = options
        levels = snapshot.layout.pageTableLevels
        bits = snapshot.layout.bitsPerLevel
        mask = (UInt64(1) << UInt64(bits)) - 1
        nodes = Array(repeating: [], count: levels + 1)
        for level in 1...levels {
            var start = 0
            let pages = snapshot.pages
            while start < pages.count {
                let prefix = pages[start].number >> UInt64(level * bits)
                var end = start + 1
                while end < pages.count, pages[end].number >> UInt64(level * bits) == prefix { end += 1 }
                nodes[level].append(Node(level: level, prefix: prefix, pages: start..<end))
                start = end
            }
        }
        if nodes[levels].isEmpty { nodes[levels] = [Node(level: levels, prefix: 0, pages: 0..<0)] }
    }

    /// Logical tables in all (what the radix form stores).
    var logicalTableCount: Int { nodes.reduce(0) { $0 + $1.count } }

    static func tableID(level: Int, prefix: UInt64) -> String { "l\(level)_" + String(prefix, radix: 16) }

    /// The index of `page` in a level-`level` table.
    func index(of page: UInt64, level: Int) -> Int {
        Int(truncatingIfNeeded: (page >> UInt64((level - 1) * bits)) & mask)
    }

    private var walkPage: UInt64? { options.address.map { $0 >> UInt64(snapshot.layout.pageShift) } }

    /// Chooses the drawn tables level by level, then builds their rows and the walk.
    mutating func build() throws(DiagramError) {
        let all = options.detail == .pages
        if all, logicalTableCount > PageTableGraph.maximumTables {
            throw .tooLarge(
                "the page table has \(logicalTableCount) tables, more than \(PageTableGraph.maximumTables) to draw "
                    + "one by one; draw it with --detail runs")
        }
        var drawn: [Set<UInt64>] = Array(repeating: [], count: levels + 1)
        drawn[levels] = [0]
        for level in stride(from: levels - 1, through: 1, by: -1) {
            let candidates = nodes[level].filter { drawn[level + 1].contains($0.prefix >> UInt64(bits)) }
            if all {
                drawn[level] = Set(candidates.map(\.prefix))
                continue
            }
            if let page = walkPage, candidates.contains(where: { $0.prefix == page >> UInt64(level * bits) }) {
                drawn[level].insert(page >> UInt64(level * bits))
            }
            for node in candidates where drawn[level].count < PageTableGraph.maximumTablesPerLevel {
                drawn[level].insert(node.prefix)
            }
        }
        var walkRows: [String] = []
        var outcome: PageTableGraph.WalkOutcome?
        for level in stride(from: levels, through: 1, by: -1) {
            for node in nodes[level] where drawn[level].contains(node.prefix) {
                var table = makeTable(node, drawnChildren: level > 1 ? drawn[level - 1] : [])
                if let page = walkPage, outcome == nil, node.prefix == page >> UInt64(level * bits) {
                    outcome = markWalk(&table, node: node, page: page, rows: &walkRows)
                }
                if !all { collapse(&table) }
                tables.append(table)
                drawnCount += 1
            }
        }
        if let address = options.address, let page = walkPage {
            let outcome = outcome ?? .notMapped(level: levels, index: index(of: page, level: levels))
            walk = PageTableGraph.Walk(
                address: address, indices: snapshot.layout.pageTableIndices(ofPage: page),
                offset: snapshot.layout.pageOffset(of: address),
                split: PageTableGraph.split(address: address, layout: snapshot.layout), outcome: outcome,
                rows: walkRows)
        }
        for table in tables {
            for row in table.rows {
                guard let child = row.child else { continue }
                edges.append(
                    PageTableGraph.Edge(
                        id: "e_" + row.id, tailTable: table.id, tailRow: row.id, headTable: child,
                        onWalk: row.onWalk))
            }
        }
    }
}
