/// What a row shows, which decides its colour in every format and its entry in the legend.
public enum CellState: String, Sendable, Hashable, CaseIterable {
    /// A page in RAM, clean (its contents equal what a swap copy or zero-fill would give).
    case resident
    /// A page in RAM written since it was loaded: evicting it costs a swap-out.
    case dirty
    /// A page that lives only on swap.
    case swapped
    /// A swap slot holding a valid copy of a page that is also in RAM (evicting that page needs no I/O).
    case swapCopy = "swap-copy"
    /// A free frame or swap slot.
    case free
    /// A declared page never touched: neither frame nor slot.
    case untouched
    /// Addresses outside every declared region (or between touched pages of a process without regions).
    case unmapped
    /// The kernel's direct map of physical memory.
    case kernel
}

/// The picture of one machine state as regions, rows and edges, before any drawing: what ``DiagramRenderer``
/// lays out and what tests inspect.
///
/// Ids are stable (they depend only on the state, never on the order of construction) and are plain
/// identifiers (`[A-Za-z0-9_]`): regions `proc_<pid>`, `ram`, `swap_<device>`, `kernel`; rows
/// `p<pid>_v<hex page>` (mapped or untouched pages, by first page), `p<pid>_g<hex page>` (gaps), `f<frame>`,
/// `s<device>_<slot>`, `k<frame>` (by first frame or slot); edges `e_` followed by their tail row's id. Graphviz
/// uses region ids as node names and row ids as ports; the SVG carries them as `id` attributes (rows as `a_<id>`).
public struct MappingGraph: Sendable, Hashable {
    /// One row of a region: a page or a run of pages, a frame or a run of frames, a slot or a run of slots.
    public struct Row: Sendable, Hashable {
        public var id: String
        public var state: CellState
        /// First page, frame or slot the row covers, and how many.
        public var first: UInt64
        public var count: UInt64
        /// Process index whose pages the row shows or holds; nil for free, unmapped and kernel rows.
        public var owner: Int?
        /// The key column: an address or address range, a frame or slot number or range.
        public var key: String
        /// The description column (owner and page, region name, counts).
        public var detail: String
        /// Hover text (SVG title): every fact about the row in one sentence.
        public var tooltip: String
    }

    /// What a region stands for.
    public enum RegionKind: Sendable, Hashable {
        /// The address space of the process at this index.
        case process(index: Int)
        /// Physical memory.
        case memory
        /// The swap device at this index.
        case swap(device: Int)
        /// The kernel's range: its direct map of all of RAM.
        case kernel
    }

    /// One address space, RAM, a swap device or the kernel: a titled column of rows.
    public struct Region: Sendable, Hashable {
        public var id: String
        public var kind: RegionKind
        public var title: String
        /// A line of counts under the title.
        public var summary: String
        /// Rows top to bottom, in address (frame, slot) order.
        public var rows: [Row]
    }

    /// A mapping: from a row of an address space to the row of RAM or swap that holds it.
    public struct Edge: Sendable, Hashable {
        public var id: String
        public var tailRegion: String
        public var tailRow: String
        public var headRegion: String
        public var headRow: String
        /// `.resident` or `.dirty` (into RAM), `.swapped` (onto swap), `.kernel` (direct map).
        public var state: CellState
        /// Process index of the pages mapped; nil for the kernel.
        public var owner: Int?
        public var tooltip: String
    }

    /// A process as the legend names it.
    public struct ProcessKey: Sendable, Hashable {
        public var index: Int
        public var pid: UInt32
        public var name: String

        /// `editor (pid 3)`, or `pid 1` for a process named by its pid alone.
        public var label: String { name == "pid \(pid)" ? name : "\(name) (pid \(pid))" }
    }

    /// Title lines: the title, the machine settings and policies, the access count and what happened.
    public var title: [String]
    public var processes: [ProcessKey]
    /// Process regions in process order, then RAM, the swap devices, and the kernel.
    public var regions: [Region]
    /// Edges in region and row order.
    public var edges: [Edge]
    /// Rows and edges drawn highlighted (by id), from ``DiagramOptions/highlight``.
    public var highlights: [String: HighlightRole] = [:]
    /// Whether the legend explains the highlight colours: a step-through's every snapshot does, even one with
    /// nothing highlighted, so that the legend keeps its size.
    public var explainsHighlights = false
    /// Sizes shared by every snapshot of a step-through (see ``SequenceLayout``); nil draws each at its natural
    /// size.
    public var sequenceLayout: SequenceLayout?

    /// The region with `id`, if any.
    public func region(id: String) -> Region? { regions.first { $0.id == id } }
}
