import VMCore

extension PageTableBuilder {
    /// Marks the row of `table` that the walk of `page` reads (adding an empty row when the entry is not used);
    /// appends its id to `rows`. Returns where the walk ends, or nil when it goes on to the next level.
    func markWalk(_ table: inout PageTableGraph.Table, node: Node, page: UInt64, rows: inout [String])
        -> PageTableGraph.WalkOutcome?
    {
        table.onWalk = true
        let index = index(of: page, level: node.level)
        if let position = table.rows.firstIndex(where: { $0.firstIndex <= index && index < $0.firstIndex + $0.count }) {
            table.rows[position].onWalk = true
            rows.append(table.rows[position].id)
            guard node.level == 1 else { return nil }
            let entry = snapshot.pages[node.pages].first { $0.number == page }
            switch entry?.location {
            case .resident(let frame, let dirty, _):
                let physical =
                    UInt64(frame) << UInt64(snapshot.layout.pageShift)
                    | snapshot.layout.pageOffset(of: options.address ?? 0)
                return .frame(frame, physicalAddress: physical, dirty: dirty)
            case .swapped(let slot):
                return .swapped(slot, device: slotText(slot))
            case nil:
                return .notMapped(level: 1, index: index)
            }
        }
        let name = PageTableGraph.levelName(node.level)
        let missing = PageTableGraph.Row(
            id: "\(table.id)_m\(index)", state: .missing, firstIndex: index, count: 1, key: String(index),
            detail: "empty: not mapped", bits: "—",
            tooltip: "\(name) entry \(index) is empty: the walk stops here and a reference faults", child: nil,
            onWalk: true)
        let position = table.rows.firstIndex { $0.firstIndex > index } ?? table.rows.count
        table.rows.insert(missing, at: position)
        rows.append(missing.id)
        return .notMapped(level: node.level, index: index)
    }

    /// Collapses stretches of a table with more than ``PageTableGraph/maximumRowsPerTable`` rows: its first and
    /// last rows, rows with edges, walked and missing rows stay; each stretch of two or more rows between them
    /// becomes one summary row.
    func collapse(_ table: inout PageTableGraph.Table) {
        let rows = table.rows
        guard rows.count > PageTableGraph.maximumRowsPerTable else { return }
        let head = 4
        let tail = 3
        func kept(_ position: Int) -> Bool {
            let row = rows[position]
            return position < head || position >= rows.count - tail || row.child != nil || row.onWalk
                || row.state == .missing
        }
        var result: [PageTableGraph.Row] = []
        var position = 0
        while position < rows.count {
            if kept(position) {
                result.append(rows[position])
                position += 1
                continue
            }
            var end = position
            while end < rows.count, !kept(end) { end += 1 }
            if end - position == 1 {
                result.append(rows[position])
            } else {
                result.append(summary(of: rows[position..<end], table: table))
            }
            position = end
        }
        table.rows = result
    }

    /// One row standing for `rows` (consecutive rows of one table).
    private func summary(of rows: ArraySlice<PageTableGraph.Row>, table: PageTableGraph.Table)
        -> PageTableGraph.Row
    {
        let first = rows.first!
        let last = rows.last!
        let entries = rows.reduce(0) { $0 + $1.count }
        let key = "\(first.firstIndex)–\(last.firstIndex + last.count - 1)"
        var detail = "\(Formatting.count(UInt64(entries), "entry", plural: "entries")) not drawn"
        if table.level == 1 {
            let inRAM = rows.filter { $0.state == .resident || $0.state == .dirty }.reduce(0) { $0 + $1.count }
            var parts: [String] = []
            if inRAM > 0 { parts.append("\(inRAM) in RAM") }
            if entries - inRAM > 0 { parts.append("\(entries - inRAM) on swap") }
            detail += ": " + parts.joined(separator: ", ")
        } else {
            detail += " (→ tables not drawn)"
        }
        return PageTableGraph.Row(
            id: "\(table.id)_x\(first.firstIndex)", state: .elided, firstIndex: first.firstIndex,
            count: last.firstIndex + last.count - first.firstIndex, key: key, detail: detail, bits: "",
            tooltip: "\(rows.count) rows of used entries between indices \(key) collapsed into one: \(detail)",
            child: nil, onWalk: false)
    }
}
