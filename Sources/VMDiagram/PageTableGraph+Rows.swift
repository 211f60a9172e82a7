import VMCore

extension PageTableBuilder {
    typealias Row = PageTableGraph.Row

    /// x86-64's names of the four levels (with 9-bit indices), leaf first: what a textbook calls each table.
    static let x86Names = ["page table", "page directory", "page-directory-pointer table", "PML4"]

    /// `L4 · PML4` on x86-64, `L3 table` otherwise.
    func tableTitle(level: Int) -> String {
        let name = PageTableGraph.levelName(level)
        return levels == 4 && bits == 9 ? "\(name) · \(Self.x86Names[level - 1])" : "\(name) table"
    }

    /// Entries a table of `level` has (the root may have fewer usable ones).
    func entries(level: Int) -> Int { level == levels ? snapshot.layout.rootEntries : 1 << bits }

    /// The table of `node` with one row per used entry (or run of entries); `drawnChildren` are the prefixes of
    /// the next level's tables that are drawn.
    func makeTable(_ node: Node, drawnChildren: Set<UInt64>) -> PageTableGraph.Table {
        let id = Self.tableID(level: node.level, prefix: node.prefix)
        let walkIndex: Int? = walkIndex(in: node)
        let rows =
            node.level == 1
            ? leafRows(node, table: id, walkIndex: walkIndex)
            : interiorRows(node, table: id, drawnChildren: drawnChildren)
        let used = rows.reduce(0) { $0 + $1.count }
        let spanShift = node.level * bits + snapshot.layout.pageShift
        let start = node.level == levels ? 0 : node.prefix << UInt64(spanShift)
        let end = node.level == levels ? snapshot.layout.userLimit - 1 : start + (UInt64(1) << UInt64(spanShift)) - 1
        let summary =
            "\(used) of \(entries(level: node.level)) entries used · "
            + Formatting.hex(start) + "–" + Formatting.hex(end)
        return PageTableGraph.Table(
            id: id, level: node.level, prefix: node.prefix, title: tableTitle(level: node.level), summary: summary,
            rows: rows, onWalk: false)
    }

    /// The index the walk reads in `node`'s table, when the walk passes through it.
    private func walkIndex(in node: Node) -> Int? {
        guard let address = options.address else { return nil }
        let page = address >> UInt64(snapshot.layout.pageShift)
        guard page >> UInt64(node.level * bits) == node.prefix else { return nil }
        return index(of: page, level: node.level)
    }

    private func interiorRows(_ node: Node, table: String, drawnChildren: Set<UInt64>) -> [Row] {
        let childLevel = node.level - 1
        let children = nodes[childLevel].filter { $0.prefix >> UInt64(bits) == node.prefix }
        let childName = PageTableGraph.levelName(childLevel)
        var rows: [Row] = []
        var pending: [Node] = []
        func flush() {
            guard let first = pending.first else { return }
            let firstIndex = Int(truncatingIfNeeded: first.prefix & mask)
            let pages = pending.reduce(0) { $0 + $1.pages.count }
            let count = pending.count
            let tablesText = Formatting.count(UInt64(count), "\(childName) table")
            rows.append(
                Row(
                    id: "\(table)_i\(firstIndex)", state: .table, firstIndex: firstIndex, count: count,
                    key: Formatting.range(UInt64(firstIndex), count: UInt64(count)),
                    detail: "→ \(tablesText), not drawn (\(Formatting.count(UInt64(pages), "page")))", bits: "P",
                    tooltip: "entries \(Formatting.range(UInt64(firstIndex), count: UInt64(count))) point to "
                        + "\(tablesText) (not drawn) mapping \(Formatting.count(UInt64(pages), "page"))",
                    child: nil, onWalk: false))
            pending.removeAll()
        }
        for child in children {
            let index = Int(truncatingIfNeeded: child.prefix & mask)
            if drawnChildren.contains(child.prefix) {
                flush()
                let pages = Formatting.count(UInt64(child.pages.count), "page")
                rows.append(
                    Row(
                        id: "\(table)_i\(index)", state: .table, firstIndex: index, count: 1, key: String(index),
                        detail: "→ \(childName) table (\(pages))", bits: "P",
                        tooltip: "entry \(index) points to the \(childName) table mapping \(pages)",
                        child: Self.tableID(level: childLevel, prefix: child.prefix), onWalk: false))
            } else {
                if let last = pending.last, Int(truncatingIfNeeded: last.prefix & mask) + 1 != index { flush() }
                pending.append(child)
            }
        }
        flush()
        return rows
    }

    /// Where a leaf entry points, for joining runs.
    private struct LeafRun {
        var firstIndex: Int
        var count: Int
        var location: MachineSnapshot.Location
    }

    private func continues(_ run: LeafRun, with location: MachineSnapshot.Location) -> Bool {
        let step = run.count
        switch (run.location, location) {
        case (.resident(let frame, let dirty, let copy), .resident(let next, let nextDirty, let nextCopy)):
            return next == frame + step && dirty == nextDirty && (copy == nil) == (nextCopy == nil)
        case (.swapped(let slot), .swapped(let next)):
            return next.device == slot.device && next.index == slot.index + step
        default:
            return false
        }
    }

    private func leafRows(_ node: Node, table: String, walkIndex: Int?) -> [Row] {
        var runs: [LeafRun] = []
        for page in snapshot.pages[node.pages] {
            let index = index(of: page.number, level: 1)
            if options.detail == .runs, var last = runs.last, last.firstIndex + last.count == index,
                index != walkIndex, last.firstIndex != walkIndex, continues(last, with: page.location)
            {
                last.count += 1
                runs[runs.count - 1] = last
            } else {
                runs.append(LeafRun(firstIndex: index, count: 1, location: page.location))
            }
        }
        return runs.map { leafRow($0, table: table) }
    }

    /// `swap0:12` or `swap0:12–15`.
    func slotText(_ slot: SwapSlot, count: Int = 1) -> String {
        let name = slot.device < snapshot.swapDeviceNames.count ? snapshot.swapDeviceNames[slot.device] : "swap"
        return "\(name):" + Formatting.range(UInt64(slot.index), count: UInt64(count))
    }

    private func leafRow(_ run: LeafRun, table: String) -> Row {
        let key = Formatting.range(UInt64(run.firstIndex), count: UInt64(run.count))
        let noun = run.count == 1 ? "entry \(key)" : "entries \(key)"
        switch run.location {
        case .resident(let frame, let dirty, let copy):
            let frames =
                (run.count == 1 ? "frame " : "frames ") + Formatting.range(UInt64(frame), count: UInt64(run.count))
            var bits = "P"
            var tooltip = "\(noun): present in \(frames)"
            if dirty {
                bits += " D"
                tooltip += ", dirty (written since loaded)"
            }
            if let copy {
                bits += " S"
                tooltip += ", valid swap copy in \(slotText(copy, count: run.count))"
            }
            return Row(
                id: "\(table)_i\(run.firstIndex)", state: dirty ? .dirty : .resident, firstIndex: run.firstIndex,
                count: run.count, key: key, detail: frames, bits: bits, tooltip: tooltip, child: nil,
                onWalk: false)
        case .swapped(let slot):
            let slots = slotText(slot, count: run.count)
            return Row(
                id: "\(table)_i\(run.firstIndex)", state: .swapped, firstIndex: run.firstIndex, count: run.count,
                key: key, detail: slots, bits: "S", tooltip: "\(noun): not present, on swap in \(slots)", child: nil,
                onWalk: false)
        }
    }
}
