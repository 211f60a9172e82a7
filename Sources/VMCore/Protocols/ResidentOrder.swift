/// How a replacement policy sees its resident pages at one moment: the order it keeps them in, and what it knows
/// about each. It explains a run (`vmlab simulate --steps`, frame tables, step-through captions); it never takes
/// part in a decision.
///
/// ## Convention
/// Entries are listed **in the order the policy would consider them for eviction**: the first entry is the next
/// victim when the policy is deterministic (the head of a FIFO queue, the least recently used page, the page under
/// a clock hand), the last one the page it would keep longest. ``meaning`` says what the order is in words
/// ("oldest first", "least recent first", "from the hand"). A policy with several structures (ARC's T1 and T2,
/// 2Q's A1in and Am, S3-FIFO's small and main queues) lists them as ``groups``, each in the same convention, in
/// the order the policy looks at them. Notes are short (`r=1`, `n=3`, `next=12`, `age=0110`): state the policy
/// actually keeps, never derived guesses. Times in notes are 1-based access numbers (``PageReference/time`` + 1,
/// as ``timeText(_:)`` writes them).
///
/// A policy that keeps no order (a random choice) lists its pages in its load order or in frame order, and says
/// so in ``meaning`` ("no order: the victim is drawn at random").
///
/// ## Load order
/// ``loadOrder`` is a second, optional view: the resident frames in the order their pages were placed in memory,
/// oldest placement first, a victim's replacement appended at the end. It is the list OSTEP's `paging-policy.py`
/// prints for `FIFO` (where it is also the eviction order), `OPT`, `UNOPT`, `RAND` and `CLOCK`, and the policies
/// that reproduce those (`fifo`, `opt`, `unopt`, `ostep-rand`, `ostep-clock`) give it. OSTEP's `LRU` and `MRU`
/// lists are recency order, least recent first: `lru`'s entries as they are, `mru`'s reversed, so those two leave
/// it nil.
public struct ResidentOrder: Sendable, Hashable {
    /// One resident frame and what the policy keeps about it.
    public struct Entry: Sendable, Hashable {
        /// The frame, in the numbering the policy was given.
        public var frame: Int
        /// A short annotation (`r=1`, `n=3`), or nil.
        public var note: String?

        public init(frame: Int, note: String? = nil) {
            self.frame = frame
            self.note = note
        }
    }

    /// A named part of the policy's structure, or the whole of it (empty name).
    public struct Group: Sendable, Hashable {
        /// `T1`, `small`…, or empty when the policy keeps one structure.
        public var name: String
        public var entries: [Entry]
        /// The process index whose instance keeps this group (local replacement), or nil under global scope.
        public var process: Int?

        public init(name: String = "", entries: [Entry], process: Int? = nil) {
            self.name = name
            self.entries = entries
            self.process = process
        }
    }

    /// The structures, in the order the policy examines them when it evicts.
    public var groups: [Group]
    /// What the order means, in a few words: "oldest first", "least recent first", "from the hand".
    public var meaning: String
    /// The frame a clock-like policy's hand points at, when it has one (it is also the first entry).
    public var hand: Int?
    /// Every resident frame once, in the order its page was placed in memory (oldest placement first), or nil when
    /// the policy does not keep it (see "Load order" above). Under local replacement it is given only while a
    /// single process holds frames: instances do not know how their placements interleave.
    public var loadOrder: [Int]?

    public init(groups: [Group], meaning: String, hand: Int? = nil, loadOrder: [Int]? = nil) {
        self.groups = groups
        self.meaning = meaning
        self.hand = hand
        self.loadOrder = loadOrder
    }

    /// One unnamed group.
    public init(_ entries: [Entry], meaning: String, hand: Int? = nil, loadOrder: [Int]? = nil) {
        self.init(groups: [Group(entries: entries)], meaning: meaning, hand: hand, loadOrder: loadOrder)
    }

    /// Frames without notes, in the order given.
    public init(frames: [Int], meaning: String, hand: Int? = nil, loadOrder: [Int]? = nil) {
        self.init(frames.map { Entry(frame: $0) }, meaning: meaning, hand: hand, loadOrder: loadOrder)
    }

    /// A time for a note: the 1-based access number of ``PageReference/time`` `time`, or `never` for `Int.max`
    /// (a next use that does not come).
    public static func timeText(_ time: Int) -> String { time == .max ? "never" : String(time + 1) }

    /// A note made of the parts that are present, space-separated (`r=1 m=1`), or nil when none is.
    public static func note(_ parts: String?...) -> String? {
        let present = parts.compactMap { $0 }
        return present.isEmpty ? nil : present.joined(separator: " ")
    }

    /// Every entry, group after group.
    public var entries: [Entry] { groups.flatMap(\.entries) }

    /// Resident frames in ascending order: the default for a policy that keeps no order of its own (random
    /// choice, or one that does not describe itself).
    public static func frameOrder(_ frames: [Int]) -> ResidentOrder {
        ResidentOrder(frames.sorted().map { Entry(frame: $0) }, meaning: "frame order")
    }

    /// The same order with every frame number passed through `transform` (local scope renumbers frames).
    public func mapFrames(_ transform: (Int) -> Int) -> ResidentOrder {
        ResidentOrder(
            groups: groups.map { group in
                Group(
                    name: group.name,
                    entries: group.entries.map { Entry(frame: transform($0.frame), note: $0.note) },
                    process: group.process)
            },
            meaning: meaning, hand: hand.map(transform), loadOrder: loadOrder.map { $0.map(transform) })
    }
}
