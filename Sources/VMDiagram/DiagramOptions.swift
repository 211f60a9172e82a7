/// How much of an address space a diagram draws row by row.
public enum DiagramDetail: String, Sendable, Hashable, CaseIterable {
    /// Consecutive virtual pages that map to consecutive frames (or slots) share one row, and so do stretches of
    /// untouched or unmapped pages and of free frames: large address spaces stay readable.
    case runs
    /// Every page of every declared region (touched or not), every touched page, and every frame has its own
    /// row. Gaps between regions and free swap slots still collapse into one row each.
    case pages
}

/// What a diagram shows besides the machine state: the detail level and the caption.
public struct DiagramOptions: Sendable, Hashable {
    public var detail: DiagramDetail
    /// First line of the title (a scenario title, a workload name). Drawn escaped: it can hold any text.
    public var title: String
    /// Replacement policy as the user named it (`lru`, `random:seed=7`).
    public var replacement: String?
    /// Frame allocator as named.
    public var allocator: String?
    /// Swap placement as named.
    public var swapPlacement: String?
    /// Accesses in the whole workload, for "after N of M accesses"; nil when unknown.
    public var totalAccesses: Int?
    /// Virtual pages drawn by number (`1`, `2–4`) rather than by address (`0x1000`): reference strings, whose
    /// "pages" are numbers, not addresses.
    public var pageNumbers: Bool
    /// Rows fixed in advance, so that every snapshot of a step-through has the same rows (nil: rows follow the
    /// state).
    public var stableRows: StableRows?
    /// The access a step-through snapshot shows: its rows and edges are highlighted.
    public var highlight: StepHighlight?
    /// A last title line saying what the step did (a step-through's caption); drawn escaped.
    public var caption: String?

    public init(
        detail: DiagramDetail = .runs, title: String = "VMLab", replacement: String? = nil,
        allocator: String? = nil, swapPlacement: String? = nil, totalAccesses: Int? = nil, pageNumbers: Bool = false,
        stableRows: StableRows? = nil, highlight: StepHighlight? = nil, caption: String? = nil
    ) {
        self.detail = detail
        self.title = title
        self.replacement = replacement
        self.allocator = allocator
        self.swapPlacement = swapPlacement
        self.totalAccesses = totalAccesses
        self.pageNumbers = pageNumbers
        self.stableRows = stableRows
        self.highlight = highlight
        self.caption = caption
    }
}

/// The files a diagram can be written as.
public enum DiagramFormat: String, Sendable, Hashable, CaseIterable {
    /// Scalable vector graphics; nodes, rows and edges carry the graph's stable ids.
    case svg
    /// A raster image (cairo), scaled down when the drawing would exceed ``DiagramRenderer/maximumPixels``.
    case png
    /// A vector document (cairo).
    case pdf
    /// The graph in Graphviz's DOT language, before layout: deterministic text that `dot` renders as this tool
    /// does.
    case dot

    /// The format a file name asks for by its extension (case-insensitive), or nil for any other extension.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        self.init(rawValue: path[path.index(after: dot)...].lowercased())
    }

    /// Extensions accepted, with their dot, for error messages: `.svg, .png, .pdf, .dot`.
    public static var extensionList: String { allCases.map { ".\($0.rawValue)" }.joined(separator: ", ") }
}
