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
/// actually keeps, never derived guesses.
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

    public init(groups: [Group], meaning: String, hand: Int? = nil) {
        self.groups = groups
        self.meaning = meaning
        self.hand = hand
    }

    /// One unnamed group.
    public init(_ entries: [Entry], meaning: String, hand: Int? = nil) {
        self.init(groups: [Group(entries: entries)], meaning: meaning, hand: hand)
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
            meaning: meaning, hand: hand.map(transform))
    }
}
