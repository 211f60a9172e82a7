public import VMCore

/// The picture of one process's multi-level page table, before any drawing: the tables that exist (root first,
/// level by level), each with its used entries, the pointers between them, and the walk of one virtual address.
/// What ``DiagramRenderer`` lays out and what tests inspect.
///
/// Levels are numbered as on x86-64: the root is level ``levels`` (L4 with 4 KiB pages), the leaf tables level 1.
/// The structure is the logical radix tree whatever form the simulator stores (``PageTableSnapshot/StoredForm``):
/// a table exists for every prefix of a touched page, as the radix form allocates them.
///
/// Ids are stable plain identifiers built from numbers only: tables `l<level>_<hex prefix>` (the root `l4_0`),
/// where the prefix is the page number above the table's index bits; rows `<table>_i<first index>` (entries or
/// runs), `<table>_x<first index>` (elided entries), `<table>_m<index>` (the missing entry where a walk stops);
/// edges `e_<row>`; the walk's end `walk_end`, the address split `address`, the root pointer `cr3`.
public struct PageTableGraph: Sendable, Hashable {
    /// What a row shows, which decides its colour.
    public enum EntryState: String, Sendable, Hashable, CaseIterable {
        /// Points to a table of the next level.
        case table
        /// A leaf entry of a page in RAM, clean.
        case resident
        /// A leaf entry of a page in RAM written since it was loaded.
        case dirty
        /// A leaf entry of a page that lives only on swap.
        case swapped
        /// Entries left out to keep the picture readable (tables not drawn, long stretches of a table).
        case elided
        /// The entry a walk needed and found empty: the walk stops there.
        case missing
    }

    /// One row of a table: an entry, a run of consecutive entries, or a summary of entries left out.
    public struct Row: Sendable, Hashable {
        public var id: String
        public var state: EntryState
        /// First index the row covers, and how many indices.
        public var firstIndex: Int
        public var count: Int
        /// The index column: `34` or `32–95`.
        public var key: String
        /// The entry column: `→ L1 table`, `frame 12`, `swap0:4`, `empty`.
        public var detail: String
        /// The bits column: `P` present, `D` dirty, `S` valid swap copy (`P D`, `S`, …); empty for summaries.
        public var bits: String
        /// Hover text (SVG title): the row in one sentence.
        public var tooltip: String
        /// The drawn table this row points to, if any (an edge joins them).
        public var child: String?
        /// On the walk of the highlighted address.
        public var onWalk: Bool
    }

    /// One page-table page: the root, or a table some entry of the level above points to.
    public struct Table: Sendable, Hashable {
        public var id: String
        /// ``PageTableGraph/levels`` for the root, 1 for leaf tables.
        public var level: Int
        /// Page-number bits above this table's index bits (0 for the root).
        public var prefix: UInt64
        public var title: String
        /// Used entries and what they cover.
        public var summary: String
        public var rows: [Row]
        /// On the walk of the highlighted address.
        public var onWalk: Bool
    }

    /// A pointer from an entry to the table it names.
    public struct Edge: Sendable, Hashable {
        public var id: String
        public var tailTable: String
        public var tailRow: String
        public var headTable: String
        public var onWalk: Bool
    }

    /// Where the walk of an address ends.
    public enum WalkOutcome: Sendable, Hashable {
        /// A leaf entry of a page in RAM: the frame and the physical address.
        case frame(Int, physicalAddress: UInt64, dirty: Bool)
        /// A leaf entry of a page on swap (`device` names the slot's device): a reference faults (major fault,
        /// swap-in).
        case swapped(SwapSlot, device: String)
        /// The entry at `index` of the level-`level` table is empty (or its table does not exist): not mapped, a
        /// reference is a minor fault (or a segmentation fault outside the process's regions).
        case notMapped(level: Int, index: Int)
    }

    /// The walk of one virtual address, root to leaf.
    public struct Walk: Sendable, Hashable {
        public var address: UInt64
        /// Index at each level, root first.
        public var indices: [Int]
        public var offset: UInt64
        /// The address split into level indices: `0x00007f3a2000 = L4 0 | L3 1 | L2 464 | L1 34 | offset 0x000`.
        public var split: String
        public var outcome: WalkOutcome
        /// Rows the walk reads, root first (the missing entry last when it stops early).
        public var rows: [String]
    }

    /// Title lines: the title, the process, the stored form, what the table maps, the walk.
    public var title: [String]
    /// Levels of the table (the root's number).
    public var levels: Int
    /// Index bits per level and page-offset bits, for the address split.
    public var bitsPerLevel: Int
    public var pageShift: Int
    /// Bits of a user virtual address (the root's field ends at the highest).
    public var userAddressBits: Int
    /// Drawn tables, root first, level by level, in prefix order within a level.
    public var tables: [Table]
    public var edges: [Edge]
    public var walk: Walk?

    /// The table with `id`, if drawn.
    public func table(id: String) -> Table? { tables.first { $0.id == id } }

    /// `L4`, `L3`, … for a level.
    public static func levelName(_ level: Int) -> String { "L\(level)" }

    /// The address split into level indices and offset, as ``Walk/split`` shows it:
    /// `0x00007f3a2000 = L4 0 | L3 1 | L2 464 | L1 34 | offset 0x000` (the address padded to the user range's hex
    /// digits, the offset to the page size's).
    public static func split(address: UInt64, layout: AddressLayout) -> String {
        let indices = layout.pageTableIndices(ofPage: address >> UInt64(layout.pageShift))
        let levels = indices.count
        var parts: [String] = []
        for (position, index) in indices.enumerated() { parts.append("\(levelName(levels - position)) \(index)") }
        let offsetDigits = (layout.pageShift + 3) / 4
        parts.append("offset 0x" + padded(layout.pageOffset(of: address), digits: offsetDigits))
        let addressDigits = (layout.userAddressBits + 3) / 4
        return "0x" + padded(address, digits: addressDigits) + " = " + parts.joined(separator: " | ")
    }

    static func padded(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return text.count >= digits ? text : String(repeating: "0", count: digits - text.count) + text
    }
}
