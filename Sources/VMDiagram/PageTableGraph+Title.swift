import VMCore

extension PageTableBuilder {
    /// The title: the diagram title; the process, time and geometry; how the simulator stores the table; what it
    /// maps and how much is drawn; the walk.
    func titleLines() -> [String] {
        let layout = snapshot.layout
        var progress = "after \(snapshot.time)"
        if let total = snapshot.totalAccesses { progress += " of \(total)" }
        progress += snapshot.time == 1 && snapshot.totalAccesses == nil ? " access" : " accesses"
        let geometry =
            "\(levels) levels × \(bits) index bits, \(Formatting.bytes(layout.pageSize)) pages, "
            + "\(layout.userAddressBits)-bit user addresses"
        let who = snapshot.name == "pid \(snapshot.pid)" ? snapshot.name : "\(snapshot.name) (pid \(snapshot.pid))"
        var lines = [
            options.title,
            "page table of \(who) \(progress) · \(geometry)",
            storedFormLine(),
        ]
        var inRAM = 0
        var dirty = 0
        for page in snapshot.pages {
            if case .resident(_, let isDirty, _) = page.location {
                inRAM += 1
                if isDirty { dirty += 1 }
            }
        }
        var maps =
            "maps \(Formatting.count(UInt64(snapshot.pages.count), "page")): \(inRAM) in RAM (\(dirty) dirty), "
            + "\(snapshot.pages.count - inRAM) on swap"
        if tables.count < logicalTableCount {
            maps += " · \(tables.count) of \(logicalTableCount) tables drawn (the others are summarised in rows)"
        }
        lines.append(maps)
        if let walk { lines.append("walk of " + walk.split + " → " + outcomeText(walk.outcome)) }
        return lines
    }

    private func storedFormLine() -> String {
        let logical = (1...levels).reversed().map { "\(nodes[$0].count) \(PageTableGraph.levelName($0))" }
        let tree = logical.joined(separator: " + ")
        let killed = snapshot.isKilled ? " · killed by the out-of-memory rule: its table was emptied" : ""
        switch snapshot.form {
        case .notStarted:
            return "not started: the machine has not met this process yet, so it has no table (drawn: an empty root)"
        case .compact(let pages, let limit, let bytes):
            return "stored by the simulator in its compact form: a list of \(pages) of at most \(limit) pages, "
                + "\(Formatting.bytes(UInt64(bytes))) · drawn as the radix tables it becomes past \(limit) pages "
                + "(\(tree))" + killed
        case .radix(let perLevel, let bytes):
            let count = perLevel.reduce(0, +)
            let stored = perLevel.enumerated().map { "\($1) \(PageTableGraph.levelName(levels - $0))" }
            return "stored by the simulator as radix tables: \(stored.joined(separator: " + ")) = "
                + "\(Formatting.count(UInt64(count), "table")), \(Formatting.bytes(UInt64(bytes)))" + killed
        }
    }

    func outcomeText(_ outcome: PageTableGraph.WalkOutcome) -> String {
        switch outcome {
        case .frame(let frame, let physical, let dirty):
            "frame \(frame), physical address \(Formatting.hex(physical))" + (dirty ? " (dirty)" : "")
        case .swapped(_, let place):
            "not present, on \(place): a reference is a major fault (swap-in)"
        case .notMapped(let level, let index):
            "not mapped: \(PageTableGraph.levelName(level)) entry \(index) is empty"
        }
    }
}
