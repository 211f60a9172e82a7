public import Foundation

extension PageTableGraph {
    /// Colour of the walk: its rows' fill, its edges and the box where it ends.
    static let walkFill = "#fff1a6"
    static let walkEdge = "#d7301f"

    /// Header colour of the tables of `level` (and of its field in the address split): one hue per level.
    static func levelColour(_ level: Int, levels: Int) -> String {
        let hues = ["#2f6db3", "#1d9a8a", "#8a4fa6", "#d9731a", "#b8901a", "#cc3f84"]
        return hues[(levels - level) % hues.count]
    }

    static func chip(_ state: EntryState) -> String {
        switch state {
        case .table: "#56627a"
        case .resident: "#2e9e44"
        case .dirty: "#d7301f"
        case .swapped: "#4a4a4a"
        case .elided: "#ececec"
        case .missing: "#ffffff"
        }
    }

    static func meaning(_ state: EntryState) -> String {
        switch state {
        case .table: "points to a table of the next level"
        case .resident: "leaf: page in RAM, clean"
        case .dirty: "leaf: page in RAM, dirty"
        case .swapped: "leaf: page on swap only"
        case .elided: "entries left out of the picture"
        case .missing: "empty entry: the walk stops"
        }
    }

    /// The graph in Graphviz's DOT language: what ``DiagramRenderer`` lays out, and what `--out x.dot` writes.
    ///
    /// Layout, left to right: the virtual address split into its level fields (with the walked address's indices)
    /// and the root pointer (`cr3`), then one column per level, root first, each table one node whose HTML-like
    /// label lists its rows (index, entry, bits), then where the walk ends. Edges go from an entry (port `<row>`,
    /// east) to the table it points to (port `top`, west). The walk's rows are filled ``walkFill``, its edges
    /// drawn in ``walkEdge`` with `penwidth=2.5`. Every text passes through ``LabelText``; names, ports and ids
    /// are built from numbers only. The same graph gives the same bytes.
    public func dot(pixelLimit: Int? = nil) -> String {
        var out = "digraph pagetable {\n"
        out += "  graph [id=\"pagetable\", rankdir=LR, newrank=true, nodesep=0.3, ranksep=0.8, "
        out += "fontname=\"Helvetica\", fontsize=14, labelloc=t, labeljust=l, bgcolor=\"white\", pad=0.3"
        if let pixelLimit {
            let inches = Double(pixelLimit) / 96
            out += ", dpi=96, size=\"\(inches),\(inches)\""
        }
        out += ",\n    label=<" + titleLabel() + ">];\n"
        out += "  node [shape=plain, fontname=\"Helvetica\", fontsize=10];\n"
        out += "  edge [arrowsize=0.6, penwidth=1.0, color=\"#5b6170\"];\n"
        out += "  address [id=\"address\", label=<" + addressLabel() + ">];\n"
        let rootOnWalk = walk != nil
        out += "  cr3 [id=\"cr3\", label=<<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLPADDING=\"4\" COLOR=\"#5b6170\" "
        out += "BGCOLOR=\"\(rootOnWalk ? Self.walkFill : "#f4f5f7")\"><TR><TD><B>CR3</B></TD></TR>"
        out += "<TR><TD><FONT POINT-SIZE=\"9\">root of the table</FONT></TD></TR></TABLE>>];\n"
        var columns: [[String]] = [["address", "cr3"]]
        for level in stride(from: levels, through: 1, by: -1) {
            columns.append(tables.filter { $0.level == level }.map(\.id))
        }
        for table in tables { out += node(table) }
        columns.append(["legend"])
        if let walk, let end = walk.rows.last {
            out += walkEnd(walk)
            out += "  \(tableID(ofRow: end)):\(end):e -> walk_end:w [id=\"e_walk_end\", color=\"\(Self.walkEdge)\", "
            out += "penwidth=2.5];\n"
            // Beside the table where the walk stops: the column of the next level (the last one after a leaf).
            var column = columns.count - 1
            if case .notMapped(let level, _) = walk.outcome, level > 1 { column = 1 + levels - level + 1 }
            columns[column].insert("walk_end", at: 0)
        }
        out += legend()
        out += ranks(columns)
        if let root = tables.first {
            let style = rootOnWalk ? "color=\"\(Self.walkEdge)\", penwidth=2.5" : "color=\"#5b6170\""
            out += "  cr3:e -> \(root.id):top:w [id=\"e_cr3\", \(style)];\n"
        }
        for edge in edges {
            let style = edge.onWalk ? "color=\"\(Self.walkEdge)\", penwidth=2.5" : "color=\"#5b6170\""
            out += "  \(edge.tailTable):\(edge.tailRow):e -> \(edge.headTable):top:w [id=\"\(edge.id)\", \(style)];\n"
        }
        out += "}\n"
        return out
    }

    /// The table holding row `row` (row ids start with their table's id).
    private func tableID(ofRow row: String) -> String {
        tables.first { row.hasPrefix($0.id + "_") }?.id ?? tables[0].id
    }

    private func titleLabel() -> String {
        var label = "<TABLE BORDER=\"0\" CELLPADDING=\"1\" CELLSPACING=\"0\">"
        for (index, line) in title.enumerated() {
            let text = LabelText.html(line)
            label +=
                index == 0
                ? "<TR><TD ALIGN=\"LEFT\"><B>\(text)</B></TD></TR>"
                : "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"11\" COLOR=\"\(Palette.mutedText)\">\(text)</FONT></TD></TR>"
        }
        return label + "</TABLE>"
    }

    /// The virtual address as fields: one per level (its bit range and, for the walk, its index), then the offset.
    private func addressLabel() -> String {
        let offsetBits = pageShift
        var label =
            "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\" COLOR=\"\(Palette.grid)\">"
        let heading = walk.map { "virtual address " + $0.split.prefix { $0 != " " } } ?? "virtual address"
        label +=
            "<TR><TD COLSPAN=\"\(levels + 1)\" BGCOLOR=\"#f4f5f7\"><B>\(LabelText.html(String(heading)))</B></TD></TR>"
        var names = "<TR>"
        var ranges = "<TR>"
        var values = "<TR>"
        for position in 0..<levels {
            let level = levels - position
            let low = offsetBits + (level - 1) * bitsPerLevel
            let high = level == levels ? userAddressBits - 1 : low + bitsPerLevel - 1
            names += "<TD BGCOLOR=\"\(Self.levelColour(level, levels: levels))\">"
            names += "<FONT COLOR=\"white\"><B>\(Self.levelName(level))</B></FONT></TD>"
            ranges += "<TD><FONT POINT-SIZE=\"8\" COLOR=\"\(Palette.mutedText)\">bits \(high)–\(low)</FONT></TD>"
            let value = walk.map { String($0.indices[position]) } ?? "index"
            values += "<TD\(walk != nil ? " BGCOLOR=\"\(Self.walkFill)\"" : "")><B>\(value)</B></TD>"
        }
        names += "<TD BGCOLOR=\"#777777\"><FONT COLOR=\"white\"><B>offset</B></FONT></TD></TR>"
        ranges += "<TD><FONT POINT-SIZE=\"8\" COLOR=\"\(Palette.mutedText)\">bits \(offsetBits - 1)–0</FONT></TD></TR>"
        let offset = walk.map { "0x" + Self.padded($0.offset, digits: (pageShift + 3) / 4) } ?? "byte"
        values += "<TD\(walk != nil ? " BGCOLOR=\"\(Self.walkFill)\"" : "")><B>\(offset)</B></TD></TR>"
        return label + names + ranges + values + "</TABLE>"
    }

    private func node(_ table: Table) -> String {
        let colour = Self.levelColour(table.level, levels: levels)
        var label =
            "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\" COLOR=\"\(Palette.grid)\">"
        label += "<TR><TD COLSPAN=\"3\" PORT=\"top\" BGCOLOR=\"\(colour)\" ID=\"\(table.id)_title\">"
        label += "<FONT COLOR=\"white\"><B>\(LabelText.html(table.title))</B></FONT></TD></TR>"
        label += "<TR><TD COLSPAN=\"3\" BGCOLOR=\"#f4f5f7\"><FONT POINT-SIZE=\"8\" COLOR=\"\(Palette.mutedText)\">"
        label += LabelText.html(table.summary) + "</FONT></TD></TR>"
        if table.rows.isEmpty {
            label += "<TR><TD COLSPAN=\"3\"><FONT COLOR=\"\(Palette.mutedText)\">no entry used</FONT></TD></TR>"
        }
        for row in table.rows {
            let fill = row.onWalk ? Self.walkFill : (row.state == .elided ? "#f6f6f6" : "white")
            let textColour =
                row.state == .missing ? Self.walkEdge : (row.state == .elided ? Palette.mutedText : Palette.text)
            let tip = LabelText.htmlTooltip(row.tooltip)
            label += "<TR><TD PORT=\"\(row.id)_in\" ALIGN=\"RIGHT\" BGCOLOR=\"\(fill)\">"
            label += "<FONT FACE=\"Courier\" COLOR=\"\(textColour)\">\(LabelText.html(row.key))</FONT></TD>"
            label += "<TD ID=\"\(row.id)\" TITLE=\"\(tip)\" HREF=\"#\(row.id)\" ALIGN=\"LEFT\" BGCOLOR=\"\(fill)\">"
            label += "<FONT COLOR=\"\(textColour)\">\(LabelText.html(row.detail))</FONT></TD>"
            label += "<TD PORT=\"\(row.id)\" BGCOLOR=\"\(Self.chip(row.state))\">"
            let bitsColour = row.state == .elided || row.state == .missing ? Palette.text : "white"
            label += "<FONT FACE=\"Courier\" POINT-SIZE=\"9\" COLOR=\"\(bitsColour)\">"
            label += (row.bits.isEmpty ? " " : LabelText.html(row.bits)) + "</FONT></TD></TR>"
        }
        label += "</TABLE>"
        return "  \(table.id) [id=\"\(table.id)\", label=<\(label)>];\n"
    }

    private func walkEnd(_ walk: Walk) -> String {
        let text: String
        let fill: String
        switch walk.outcome {
        case .frame(let frame, let physical, let dirty):
            text =
                "<B>frame \(frame)</B><BR/>physical address \(Formatting.hex(physical))" + (dirty ? "<BR/>dirty" : "")
            fill = "#d7f0dc"
        case .swapped(_, let place):
            text = "<B>not present</B><BR/>on \(LabelText.html(place))<BR/>a reference faults (swap-in)"
            fill = "#e4e4e4"
        case .notMapped(let level, let index):
            text = "<B>not mapped</B><BR/>\(Self.levelName(level)) entry \(index) is empty<BR/>a reference faults"
            fill = "#fbdcd8"
        }
        return "  walk_end [id=\"walk_end\", label=<<TABLE BORDER=\"2\" CELLBORDER=\"0\" CELLPADDING=\"6\" "
            + "COLOR=\"\(Self.walkEdge)\" BGCOLOR=\"\(fill)\"><TR><TD>\(text)</TD></TR></TABLE>>];\n"
    }

    private func legend() -> String {
        var label =
            "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\" COLOR=\"\(Palette.grid)\">"
        label += "<TR><TD COLSPAN=\"2\" BGCOLOR=\"#f4f5f7\"><B>legend</B></TD></TR>"
        let shown = Set(tables.flatMap { $0.rows.map(\.state) })
        for state in EntryState.allCases where shown.contains(state) {
            label += "<TR><TD BGCOLOR=\"\(Self.chip(state))\" WIDTH=\"14\"></TD>"
            label += "<TD ALIGN=\"LEFT\">\(LabelText.html(Self.meaning(state)))</TD></TR>"
        }
        label += "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\">bits: P present · D dirty · "
        label += "S valid swap copy</FONT></TD></TR>"
        if walk != nil {
            label += "<TR><TD BGCOLOR=\"\(Self.walkFill)\" WIDTH=\"14\"></TD><TD ALIGN=\"LEFT\">"
            label += "<FONT COLOR=\"\(Self.walkEdge)\">the walk of the address</FONT></TD></TR>"
        }
        label += "</TABLE>"
        return "  legend [id=\"legend\", label=<\(label)>];\n"
    }

    /// One rank per column; invisible edges keep each column's nodes in order and the columns left to right.
    private func ranks(_ columns: [[String]]) -> String {
        let columns = columns.filter { !$0.isEmpty }
        var out = ""
        for column in columns {
            out += "  { rank=same; " + column.joined(separator: "; ") + "; }\n"
            for pair in zip(column, column.dropFirst()) { out += "  \(pair.0) -> \(pair.1) [style=invis];\n" }
        }
        for (left, right) in zip(columns, columns.dropFirst()) {
            if let from = left.last, let to = right.first { out += "  \(from) -> \(to) [style=invis, weight=0];\n" }
        }
        return out
    }
}

extension DiagramRenderer {
    /// The page-table diagram of `graph` as the bytes of a file in `format` (through libgvc, under the same lock
    /// as every other render).
    /// - Throws: ``DiagramError/graphviz(_:)`` with Graphviz's own message when it refuses the graph.
    public static func render(_ graph: PageTableGraph, format: DiagramFormat) throws(DiagramError) -> Data {
        let dot = graph.dot(pixelLimit: format == .png ? maximumPixels : nil)
        if format == .dot { return Data(dot.utf8) }
        return try render(dot: dot, format: format)
    }
}
