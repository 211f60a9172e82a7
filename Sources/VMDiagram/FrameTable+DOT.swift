public import Foundation

extension FrameTable {
    /// The colours only the frame table uses (the rest come from ``Palette``).
    enum Colours {
        /// Fill of the cell a fault loaded.
        static let loadedFill = "#f9d3cd"
        /// Text of fault marks, loaded pages and victims.
        static let fault = "#b3261e"
        /// Fill of the cell an access hit.
        static let hitFill = "#d5ecd9"
        static let hit = "#2e7d32"
        /// Reference-string row and labels.
        static let headerFill = "#f4f5f7"
        static let emptyFill = "#fafafa"
    }

    /// The table in Graphviz's DOT language: one node (`frametable`) whose HTML-like label is a `<TABLE>`: the
    /// title, then every block stacked in one inner table, so the columns of every block line up (column *j* is
    /// access *j* in every block), then any Belady anomaly; under it a second node, the legend.
    ///
    /// Per block: a header (policy, size, totals), the reference string (cells `ID="b<block>_ref_<j>"`), one row
    /// per frame (the cell a fault loaded filled red and bold, the cell an access hit filled green), the fault
    /// marks (`F` in cells `ID="b<block>_fault_<j>"`, `hit` otherwise), the evicted page struck out (cells
    /// `ID="b<block>_victim_<j>"`) and the faults so far. The cells with ids carry a tooltip (``tooltip(_:at:)``)
    /// and link to themselves, so SVG has them as `a_<id>` (as the mapping diagrams' rows). Fonts as in the mapping diagrams (Helvetica). With
    /// `pixelLimit`, the drawing is scaled to fit that many pixels a side at ``pixelsPerInch`` (PNG).
    ///
    /// Policy names and the title pass through ``LabelText`` (entities, no control characters, long names cut);
    /// ids are built from numbers only. The same table gives the same bytes.
    public func dot(pixelLimit: Int? = nil) -> String {
        var out = "digraph frametable {\n"
        out += "  graph [id=\"frametable\", fontname=\"Helvetica\", bgcolor=\"white\", pad=0.3, ranksep=0.1"
        if let pixelLimit {
            let inches = Double(pixelLimit) / Double(Self.pixelsPerInch)
            out += ", dpi=\(Self.pixelsPerInch), size=\"\(inches),\(inches)\""
        }
        out += "];\n"
        out += "  node [shape=plain, fontname=\"Helvetica\", fontsize=11];\n"
        // The title, the anomalies and the legend sit in an outer table around the frame table, so their widths
        // never stretch its columns.
        var label = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">"
        label += "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"15\"><B>Frame table</B></FONT></TD></TR>"
        label += "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"11\" COLOR=\"\(Palette.mutedText)\">"
        label += LabelText.html(Self.shortened(title, to: Self.titleLength)) + "</FONT></TD></TR>"
        label += "<TR><TD ALIGN=\"LEFT\">" + grid() + "</TD></TR>"
        for anomaly in anomalies {
            label += "<TR><TD ALIGN=\"LEFT\"><FONT COLOR=\"\(Colours.fault)\"><B>"
            label += LabelText.html(anomaly.sentence) + "</B></FONT></TD></TR>"
        }
        label += "</TABLE>"
        out += "  frametable [id=\"table\", label=<\(label)>];\n"
        // A node of its own: a nested table would be stretched to the width of the frame table.
        out += "  legend [id=\"legend\", label=<\(legend())>];\n"
        out += "  frametable -> legend [style=invis];\n"
        out += "}\n"
        return out
    }

    /// Resolution of PNG figures: sharp enough for a slide (the mapping diagrams use 96).
    static let pixelsPerInch = 144

    /// Longest title shown (longer ones end in `…`).
    static let titleLength = 120

    /// `text` cut to `length` characters, ending in `…` when cut.
    static func shortened(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    /// The blocks, stacked in one table: column *j* is access *j* in every block.
    private func grid() -> String {
        let span = (blocks.map(\.columns.count).max() ?? 0) + 1
        var grid =
            "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\" COLOR=\"\(Palette.grid)\">"
        for (index, block) in blocks.enumerated() {
            if index > 0 { grid += "<TR><TD COLSPAN=\"\(span)\" BORDER=\"0\" HEIGHT=\"14\"></TD></TR>" }
            grid += blockRows(block, index: index, span: span)
        }
        return grid + "</TABLE>"
    }

    private func blockRows(_ block: Block, index: Int, span: Int) -> String {
        let id = "b\(index)"
        var rows = "<TR><TD COLSPAN=\"\(span)\" ALIGN=\"LEFT\" BGCOLOR=\"\(Palette.memoryStrong)\" ID=\"\(id)_title\">"
        rows += "<FONT COLOR=\"white\"><B>" + LabelText.html(LabelText.shortened(block.policy)) + "</B>, "
        rows += block.sizeText + ": <B>" + block.totalsText + "</B>"
        if block.order == .policy {
            rows += "<FONT POINT-SIZE=\"10\">   rows in the policy's order: "
            rows += LabelText.html(LabelText.shortened(block.orderMeaning)) + "</FONT>"
        }
        rows += "</FONT></TD></TR>"
        let padding = String(repeating: "<TD BORDER=\"0\"></TD>", count: span - 1 - block.columns.count)

        rows += "<TR>" + rowLabel("reference", fill: Colours.headerFill)
        for (j, column) in block.columns.enumerated() {
            rows += "<TD BGCOLOR=\"\(Colours.headerFill)\" WIDTH=\"22\" ID=\"\(id)_ref_\(j)\" HREF=\"#\(id)_ref_\(j)\" "
            rows += "TITLE=\"\(Self.tooltip(column, at: j))\"><B>\(column.page)</B></TD>"
        }
        rows += padding + "</TR>"
        for row in 0..<block.frames {
            rows += "<TR>" + rowLabel(Self.rowLabel(row, of: block))
            for column in block.columns {
                rows += cell(column, row: row)
            }
            rows += padding + "</TR>"
        }
        rows += "<TR>" + rowLabel("fault")
        for (j, column) in block.columns.enumerated() {
            if column.fault {
                rows +=
                    "<TD ID=\"\(id)_fault_\(j)\" HREF=\"#\(id)_fault_\(j)\" TITLE=\"\(Self.tooltip(column, at: j))\">"
                rows += "<FONT COLOR=\"\(Colours.fault)\"><B>F</B></FONT></TD>"
            } else if column.outcome == "hit" {
                rows += "<TD><FONT POINT-SIZE=\"9\" COLOR=\"\(Colours.hit)\">hit</FONT></TD>"
            } else {
                rows += "<TD></TD>"
            }
        }
        rows += padding + "</TR><TR>" + rowLabel("evicted")
        for (j, column) in block.columns.enumerated() {
            if column.victims.isEmpty {
                rows += "<TD></TD>"
            } else {
                let names = column.victims.map(String.init).joined(separator: " ")
                rows +=
                    "<TD ID=\"\(id)_victim_\(j)\" HREF=\"#\(id)_victim_\(j)\" TITLE=\"\(Self.tooltip(column, at: j))\">"
                rows += "<FONT COLOR=\"\(Colours.fault)\"><S>\(names)</S></FONT></TD>"
            }
        }
        rows += padding + "</TR><TR>" + rowLabel("faults so far")
        for column in block.columns {
            rows += "<TD><FONT POINT-SIZE=\"9\" COLOR=\"\(Palette.mutedText)\">\(column.faultsSoFar)</FONT></TD>"
        }
        return rows + padding + "</TR>"
    }

    /// What a cell of access `index` says when pointed at (SVG): `access 4: page 4, fault, evicted 1, 4 faults so
    /// far`. Numbers only: nothing to escape.
    static func tooltip(_ column: Column, at index: Int) -> String {
        var text = "access \(index + 1): page \(column.page), " + (column.fault ? "fault" : column.outcome)
        if !column.victims.isEmpty { text += ", evicted " + column.victims.map(String.init).joined(separator: " ") }
        return text + ", \(column.faultsSoFar) " + (column.faultsSoFar == 1 ? "fault" : "faults") + " so far"
    }

    /// A frame cell: the page in that row after the access, marked when the access loaded or hit it.
    private func cell(_ column: Column, row: Int) -> String {
        guard let page = column.rows[row] else { return "<TD BGCOLOR=\"\(Colours.emptyFill)\"></TD>" }
        if column.row == row, column.fault {
            return "<TD BGCOLOR=\"\(Colours.loadedFill)\"><FONT COLOR=\"\(Colours.fault)\"><B>\(page)</B></FONT></TD>"
        }
        if column.row == row, column.outcome == "hit" { return "<TD BGCOLOR=\"\(Colours.hitFill)\">\(page)</TD>" }
        return "<TD>\(page)</TD>"
    }

    private func rowLabel(_ text: String, fill: String = Colours.headerFill) -> String {
        "<TD ALIGN=\"LEFT\" BGCOLOR=\"\(fill)\"><FONT POINT-SIZE=\"10\" COLOR=\"\(Palette.mutedText)\">"
            + LabelText.html(text) + "</FONT></TD>"
    }

    private func legend() -> String {
        var legend = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"2\"><TR>"
        legend += "<TD BORDER=\"1\" BGCOLOR=\"\(Colours.loadedFill)\" WIDTH=\"16\"></TD>"
        legend += "<TD ALIGN=\"LEFT\">page loaded by a fault</TD>"
        legend += "<TD BORDER=\"1\" BGCOLOR=\"\(Colours.hitFill)\" WIDTH=\"16\"></TD><TD ALIGN=\"LEFT\">hit</TD>"
        legend += "<TD><FONT COLOR=\"\(Colours.fault)\"><B>F</B></FONT></TD><TD ALIGN=\"LEFT\">fault</TD>"
        legend += "<TD><FONT COLOR=\"\(Colours.fault)\"><S>4</S></FONT></TD>"
        legend += "<TD ALIGN=\"LEFT\">page the fault evicted</TD>"
        return legend + "</TR></TABLE>"
    }
}

extension DiagramRenderer {
    /// The frame table `table` as the bytes of a file in `format`, drawn in-process like the mapping diagrams
    /// (PNG scaled to fit ``maximumPixels``).
    /// - Throws: ``DiagramError/graphviz(_:)`` with Graphviz's own message when it refuses the table.
    public static func render(_ table: FrameTable, format: DiagramFormat) throws(DiagramError) -> Data {
        let dot = table.dot(pixelLimit: format == .png ? maximumPixels : nil)
        if format == .dot { return Data(dot.utf8) }
        return try render(dot: dot, format: format)
    }
}
