/// The colours of every diagram. Process hues avoid the state colours (green, red, greys) so that a frame's fill
/// says whose page it holds and its chip says in which state.
enum Palette {
    /// A process colour: `strong` for its header and edges, `tint` for the rows (pages, frames, slots) it owns.
    struct ProcessColour {
        var strong: String
        var tint: String
    }

    static let processes: [ProcessColour] = [
        ProcessColour(strong: "#2f6db3", tint: "#d7e5f6"),  // blue
        ProcessColour(strong: "#d9731a", tint: "#fbe2cb"),  // orange
        ProcessColour(strong: "#8a4fa6", tint: "#ecdcf3"),  // purple
        ProcessColour(strong: "#1d9a8a", tint: "#d0efea"),  // teal
        ProcessColour(strong: "#b8901a", tint: "#f5ebc6"),  // ochre
        ProcessColour(strong: "#cc3f84", tint: "#f8d8e8"),  // pink
        ProcessColour(strong: "#7b5a3c", tint: "#eadfd4"),  // brown
    ]

    /// The colour of the process at `index` (cycling when there are more processes than hues).
    static func process(_ index: Int) -> ProcessColour { processes[index % processes.count] }

    /// The chip (state marker) colour of a state.
    static func chip(_ state: CellState) -> String {
        switch state {
        case .resident: "#2e9e44"
        case .dirty: "#d7301f"
        case .swapped: "#4a4a4a"
        case .swapCopy: "#b3b3b3"
        case .free: "#ffffff"
        case .untouched: "#ececec"
        case .unmapped: "#ffffff"
        case .kernel: "#7d8aa3"
        }
    }

    /// What the legend says a state means.
    static func meaning(_ state: CellState) -> String {
        switch state {
        case .resident: "in RAM, clean"
        case .dirty: "in RAM, dirty (written since loaded)"
        case .swapped: "on swap only"
        case .swapCopy: "swap slot with a copy of a page in RAM"
        case .free: "free frame or slot"
        case .untouched: "mapped, never touched"
        case .unmapped: "not mapped"
        case .kernel: "kernel: direct map of every frame"
        }
    }

    /// How a highlighted row and edge are drawn: `strong` for the edge (drawn thicker, ``highlightPenWidth``) and
    /// the row's border, `fill` behind the row's text. Amber and red are no process's hue and no state's chip, and
    /// read apart in colour-blind simulations (amber is light, red dark).
    struct HighlightColour {
        var strong: String
        var fill: String
    }

    static func highlight(_ role: HighlightRole) -> HighlightColour {
        switch role {
        case .touched: HighlightColour(strong: "#f08c00", fill: "#ffe066")
        case .victim: HighlightColour(strong: "#c92a2a", fill: "#ffc9c9")
        }
    }

    /// Pen width of highlighted edges (others are drawn at 0.9).
    static let highlightPenWidth = 3.0

    /// What the legend says a highlight means.
    static func meaning(_ role: HighlightRole) -> String {
        switch role {
        case .touched: "this step's access: its page, frame and mapping"
        case .victim: "evicted by this step's access, and where it went"
        }
    }

    static let grid = "#b8bcc4"
    static let text = "#222222"
    static let mutedText = "#7a7f87"
    static let unmappedFill = "#f6f6f6"
    static let freeFill = "#ffffff"
    static let kernelStrong = "#56627a"
    static let kernelTint = "#e6e9f0"
    static let memoryStrong = "#333a45"
    static let swapStrong = "#4a4a4a"
    static let kernelEdge = "#8d97ab"
}
