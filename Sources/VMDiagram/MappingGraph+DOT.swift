extension MappingGraph {
    /// The graph in Graphviz's DOT language: what ``DiagramRenderer`` lays out, and what `--out x.dot` writes.
    ///
    /// Layout: left to right, the process address spaces (one column, stacked), RAM, then the swap devices and
    /// the kernel's range. Each region is one node whose HTML-like label is a table with one row per ``Row``:
    /// a state chip (port `<id>_in`, where edges arrive), the key, and the detail cell (port and `ID` `<id>`,
    /// SVG `a_<id>`, where edges leave); the region id is the node's name and `id`,
    /// and each edge carries its own `id`. Kernel edges are drawn from RAM with `dir=back`, so the kernel column
    /// stays to the right of RAM while its arrows point at the frames.
    ///
    /// A step-through's snapshots (``sequenceLayout`` set) give every cell its shared minimum width and every
    /// mapping edge no weight, so node sizes, and with them node positions, are the same in every snapshot: only the
    /// invisible ordering edges place nodes. Highlighted rows (``highlights``) get the highlight fill and border,
    /// highlighted edges its colour and a thicker pen.
    ///
    /// Every text from input passes through ``LabelText`` (entities in labels, no backslash in tooltips, quotes
    /// escaped in quoted strings); names, ports and ids are built from numbers only. The same graph gives the
    /// same bytes.
    public func dot(pixelLimit: Int? = nil) -> String {
        var out = "digraph vmlab {\n"
        out += "  graph [id=\"vmlab\", rankdir=LR, newrank=true, nodesep=0.35, ranksep=\"1.6 equally\", "
        out += "fontname=\"Helvetica\", fontsize=14, labelloc=t, labeljust=l, bgcolor=\"white\", pad=0.3"
        if let pixelLimit {
            let inches = Double(pixelLimit) / 96
            out += ", dpi=96, size=\"\(inches),\(inches)\""
        }
        if edges.count > Self.largeEdgeCount {
            // Thousands of edges into scattered frames cross millions of times whatever the order: crossing
            // minimisation and network simplex gain little there and cost most of the time (3×4096 pages: 10 s
            // with the defaults, 4 s with these limits).
            out += ", mclimit=0.05, nslimit=1, nslimit1=1"
        }
        out += ",\n    label=<" + titleLabel() + ">];\n"
        out += "  node [shape=plain, fontname=\"Helvetica\", fontsize=10];\n"
        out += "  edge [arrowsize=0.55, penwidth=0.9];\n"
        var nodeOfRow: [String: String] = [:]
        var columns: [[String]] = [[], [], []]
        for region in regions {
            let parts = nodes(region, nodeOfRow: &nodeOfRow)
            out += parts.text
            switch region.kind {
            case .process: columns[0] += parts.names
            case .memory: columns[1] += parts.names
            // A step-through stacks the swap devices under RAM: mapping edges then cross one column each, and
            // none has to bend around RAM (edges that skip a column are laid out one beside the other).
            case .swap: columns[sequenceLayout == nil ? 2 : 1] += parts.names
            case .kernel: columns[2] += parts.names
            }
        }
        columns[0].append("legend")
        out += legend()
        out += ranks(columns)
        for edge in edges { out += self.edge(edge, nodeOfRow: nodeOfRow) }
        out += "}\n"
        return out
    }

    private func titleLabel() -> String {
        var label =
            "<TABLE BORDER=\"0\" CELLPADDING=\"1\" CELLSPACING=\"0\"\(widthAttribute(sequenceLayout?.titleWidth))>"
        for (index, line) in title.enumerated() {
            let text = LabelText.html(line)
            label +=
                index == 0
                ? "<TR><TD ALIGN=\"LEFT\"><B>\(text)</B></TD></TR>"
                : "<TR><TD ALIGN=\"LEFT\">"
                    + "<FONT POINT-SIZE=\"11\" COLOR=\"\(Palette.mutedText)\">\(text)</FONT></TD></TR>"
        }
        return label + "</TABLE>"
    }

    /// ` WIDTH="n"` for a minimum width in points, or nothing.
    private func widthAttribute(_ width: Double?) -> String {
        guard let width, width > 0 else { return "" }
        return " WIDTH=\"\(Int(width.rounded(.up)))\""
    }

    /// Header colour of a region.
    private func strongColour(_ region: Region) -> String {
        switch region.kind {
        case .process(let index): Palette.process(index).strong
        case .memory: Palette.memoryStrong
        case .swap: Palette.swapStrong
        case .kernel: Palette.kernelStrong
        }
    }

    /// Fill of a row: its owner's tint, or a state's neutral fill.
    private func fill(_ row: Row) -> String {
        if let owner = row.owner, row.state != .untouched { return Palette.process(owner).tint }
        switch row.state {
        case .kernel: return Palette.kernelTint
        case .unmapped: return Palette.unmappedFill
        case .untouched: return Palette.chip(.untouched)
        default: return Palette.freeFill
        }
    }

    /// Edges beyond which the layout's crossing minimisation and ranking are cut short.
    static let largeEdgeCount = 2000

    /// Rows drawn in one node: a taller region is split into several nodes stacked in its column (`<id>`,
    /// `<id>_part2`, …), because dot cannot place ports more than 65,535 points from a node's centre and lays out
    /// many short nodes faster than one tall one.
    static let rowsPerNode = 256

    /// The nodes of `region` and their names; records the node of each row of a split region in `nodeOfRow`.
    private func nodes(_ region: Region, nodeOfRow: inout [String: String]) -> (text: String, names: [String]) {
        let chunks = stride(from: 0, to: max(region.rows.count, 1), by: Self.rowsPerNode).map { start in
            region.rows[start..<min(start + Self.rowsPerNode, region.rows.count)]
        }
        var text = ""
        var names: [String] = []
        for (index, rows) in chunks.enumerated() {
            let name = index == 0 ? region.id : "\(region.id)_part\(index + 1)"
            names.append(name)
            if chunks.count > 1 { for row in rows { nodeOfRow[row.id] = name } }
            let part = chunks.count > 1 ? " (\(index + 1)/\(chunks.count))" : ""
            text += node(region, rows: rows, name: name, showSummary: index == 0, part: part)
        }
        return (text, names)
    }

    private func node(_ region: Region, rows: ArraySlice<Row>, name: String, showSummary: Bool, part: String)
        -> String
    {
        var label =
            "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\" COLOR=\"\(Palette.grid)\">"
        var keyWidth = ""
        var detailWidth = ""
        if let columns = sequenceLayout?.columns[region.id] {
            // The chip is 8 points wide; the detail column takes what the title and summary need beyond the rest.
            keyWidth = widthAttribute(columns.key)
            detailWidth = widthAttribute(max(columns.detail, columns.header - 8 - columns.key))
        }
        label += "<TR><TD COLSPAN=\"3\" BGCOLOR=\"\(strongColour(region))\" ID=\"\(name)_title\" PORT=\"title\">"
        label +=
            "<FONT COLOR=\"white\"><B>\(LabelText.html(LabelText.shortened(region.title)))\(part)</B></FONT></TD></TR>"
        if showSummary {
            label += "<TR><TD COLSPAN=\"3\" BGCOLOR=\"#f4f5f7\"><FONT POINT-SIZE=\"9\" COLOR=\"\(Palette.mutedText)\">"
            label += LabelText.html(region.summary) + "</FONT></TD></TR>"
        }
        for row in rows {
            let textColour = row.state == .free || row.state == .unmapped ? Palette.mutedText : Palette.text
            let tip = LabelText.htmlTooltip(row.tooltip)
            var cell = "BGCOLOR=\"\(fill(row))\""
            if let role = highlights[row.id] {
                let colour = Palette.highlight(role)
                cell = "BGCOLOR=\"\(colour.fill)\" COLOR=\"\(colour.strong)\""
            }
            label += "<TR><TD PORT=\"\(row.id)_in\" BGCOLOR=\"\(Palette.chip(row.state))\" WIDTH=\"8\"></TD>"
            label += "<TD ALIGN=\"LEFT\" \(cell)\(keyWidth)><FONT FACE=\"Courier\" COLOR=\"\(textColour)\">"
            label += LabelText.html(row.key) + "</FONT></TD>"
            label += "<TD PORT=\"\(row.id)\" ID=\"\(row.id)\" TITLE=\"\(tip)\" HREF=\"#\(row.id)\" ALIGN=\"LEFT\" "
            label += "\(cell)\(detailWidth)><FONT COLOR=\"\(textColour)\">"
            label += LabelText.html(LabelText.shortened(row.detail)) + "</FONT></TD></TR>"
        }
        label += "</TABLE>"
        return "  \(name) [id=\"\(name)\", label=<\(label)>];\n"
    }

    private func legend() -> String {
        var label =
            "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\" COLOR=\"\(Palette.grid)\">"
        label += "<TR><TD COLSPAN=\"2\" BGCOLOR=\"#f4f5f7\"><B>legend</B></TD></TR>"
        let shown = sequenceLayout?.legendStates ?? Set(regions.flatMap { $0.rows.map(\.state) })
        for state in CellState.allCases where shown.contains(state) {
            label += "<TR><TD BGCOLOR=\"\(Palette.chip(state))\" WIDTH=\"14\"></TD>"
            label += "<TD ALIGN=\"LEFT\">\(LabelText.html(Palette.meaning(state)))</TD></TR>"
        }
        if explainsHighlights || !highlights.isEmpty {
            for role in HighlightRole.allCases {
                let colour = Palette.highlight(role)
                label += "<TR><TD BGCOLOR=\"\(colour.fill)\" COLOR=\"\(colour.strong)\" WIDTH=\"14\"></TD>"
                label += "<TD ALIGN=\"LEFT\">\(LabelText.html(Palette.meaning(role)))</TD></TR>"
            }
        }
        for process in processes {
            let colour = Palette.process(process.index)
            let shown = ProcessKey(index: process.index, pid: process.pid, name: LabelText.shortened(process.name))
            label += "<TR><TD BGCOLOR=\"\(colour.tint)\" WIDTH=\"14\"></TD><TD ALIGN=\"LEFT\">"
            label += "<FONT COLOR=\"\(colour.strong)\">\(LabelText.html(shown.label))</FONT></TD></TR>"
        }
        label += "</TABLE>"
        return "  legend [id=\"legend\", label=<\(label)>];\n"
    }

    /// Columns: processes and the legend, RAM, then swap devices and the kernel; invisible edges keep the
    /// columns in order and each column's nodes in region order (and, in a step-through, the first titles of the
    /// columns level).
    private func ranks(_ columns: [[String]]) -> String {
        var out = ""
        for column in columns where !column.isEmpty {
            out += "  { rank=same; " + column.joined(separator: "; ") + "; }\n"
            for pair in zip(column, column.dropFirst()) {
                out += "  \(pair.0) -> \(pair.1) [style=invis];\n"
            }
        }
        for (left, right) in zip(columns, columns.dropFirst()) {
            guard let from = left.first, let to = right.first else { continue }
            // A step-through aligns the columns' first titles; otherwise the mapping edges place the columns.
            out +=
                sequenceLayout == nil
                ? "  \(from) -> \(to) [style=invis, weight=0];\n"
                : "  \(from):title -> \(to):title [style=invis, weight=100];\n"
        }
        return out
    }

    private func edge(_ edge: Edge, nodeOfRow: [String: String]) -> String {
        let tailNode = nodeOfRow[edge.tailRow] ?? edge.tailRegion
        let headNode = nodeOfRow[edge.headRow] ?? edge.headRegion
        let tooltip = LabelText.quoted(edge.tooltip)
        // In a step-through, mapping edges do not pull nodes: positions depend on sizes and order alone.
        var extra = sequenceLayout == nil ? "" : ", weight=0"
        if let role = highlights[edge.id] {
            extra += ", penwidth=\(Palette.highlightPenWidth), class=\"\(role.rawValue)\""
        }
        if edge.state == .kernel {
            let colour = highlights[edge.id].map { Palette.highlight($0).strong } ?? Palette.kernelEdge
            return "  \(headNode):\(edge.headRow):e -> \(tailNode):\(edge.tailRow)_in:w [id=\"\(edge.id)\", "
                + "dir=back, color=\"\(colour)\", style=dotted, tooltip=\"\(tooltip)\"\(extra)];\n"
        }
        let colour =
            highlights[edge.id].map { Palette.highlight($0).strong } ?? edge.owner.map { Palette.process($0).strong }
            ?? Palette.text
        let style = edge.state == .swapped ? "dashed" : "solid"
        return "  \(tailNode):\(edge.tailRow):e -> \(headNode):\(edge.headRow)_in:w [id=\"\(edge.id)\", "
            + "color=\"\(colour)\", style=\(style), tooltip=\"\(tooltip)\"\(extra)];\n"
    }
}
