/// The textbook frame table: a reference string across the top, one row per frame, the frame contents after each
/// access, faults marked, the page each fault loaded and the page it evicted; one ``Block`` per policy and memory
/// size, stacked, so that FIFO's 9 faults at 3 frames and 10 at 4 (Belady's anomaly) sit one above the other.
///
/// A value with no machine in it: ``Block/init(policy:machine:accesses:nextUse:order:)`` records it from
/// ``VMCore/Machine/explainStep(_:nextUse:)``, and the views are ``text(width:)``, ``dot(pixelLimit:)`` (rendered by
/// ``DiagramRenderer/render(_:format:)``) and ``json()``. Policy names and the title are input: each view escapes
/// them for where it writes them.
public struct FrameTable: Sendable, Hashable, Codable {
    /// How the rows of a block are ordered.
    public enum RowOrder: String, Sendable, Hashable, Codable, CaseIterable {
        /// Row *i* is frame *i*: a page stays in its row while it is resident, as textbooks draw it.
        case frame
        /// Row 1 is the page the policy would evict first (the head of FIFO's queue, LRU's least recent page),
        /// following ``VMCore/ResidentOrder``; pages move between rows as the policy reorders them.
        case policy
    }

    /// One access: the page referenced and what the table shows under it.
    public struct Column: Sendable, Hashable, Codable {
        /// The page referenced.
        public var page: UInt64
        /// Whether the access faulted (a minor or major fault: a miss in a reference-string simulator's sense).
        public var fault: Bool
        /// The machine's word for the outcome: `hit`, `minor`, `major`…
        public var outcome: String
        /// Pages evicted by this access, in the order they left (at most one in reference-string mode).
        public var victims: [UInt64]
        /// The row that holds the referenced page after the access, or nil when it is not resident.
        public var row: Int?
        /// The contents of every row after the access (nil: an empty frame, or no page at that position).
        public var rows: [UInt64?]
        /// Faults up to and including this access.
        public var faultsSoFar: Int

        public init(
            page: UInt64, fault: Bool, outcome: String, victims: [UInt64], row: Int?, rows: [UInt64?],
            faultsSoFar: Int
        ) {
            self.page = page
            self.fault = fault
            self.outcome = outcome
            self.victims = victims
            self.row = row
            self.rows = rows
            self.faultsSoFar = faultsSoFar
        }
    }

    /// One policy at one memory size.
    public struct Block: Sendable, Hashable, Codable {
        /// The policy as the user named it (`fifo`, `random:seed=7`): input, escaped by every view.
        public var policy: String
        /// Physical memory in frames: the number of rows.
        public var frames: Int
        public var order: RowOrder
        /// What the row order means: `frame order`, or the policy's own words (`least recent first`).
        public var orderMeaning: String
        public var columns: [Column]
        /// Faults over the whole string.
        public var faults: Int
        /// Accesses that found their page resident.
        public var hits: Int

        public init(policy: String, frames: Int, order: RowOrder, orderMeaning: String, columns: [Column]) {
            self.policy = policy
            self.frames = frames
            self.order = order
            self.orderMeaning = orderMeaning
            self.columns = columns
            faults = columns.filter(\.fault).count
            hits = columns.filter { $0.outcome == "hit" }.count
        }

        /// `fifo, 3 frames: 9 faults, 3 hits`, with the policy name as given (unescaped).
        public var summary: String { "\(policy), \(sizeText): \(totalsText)" }

        /// `3 frames`, `1 frame`.
        var sizeText: String { frames == 1 ? "1 frame" : "\(frames) frames" }

        /// `9 faults, 3 hits`.
        var totalsText: String {
            (faults == 1 ? "1 fault" : "\(faults) faults") + ", " + (hits == 1 ? "1 hit" : "\(hits) hits")
        }
    }

    /// A policy that faults more with more frames: Belady's anomaly, as the summary states it.
    public struct Anomaly: Sendable, Hashable, Codable {
        public var policy: String
        public var smallerFrames: Int
        public var smallerFaults: Int
        public var largerFrames: Int
        public var largerFaults: Int

        public init(policy: String, smallerFrames: Int, smallerFaults: Int, largerFrames: Int, largerFaults: Int) {
            self.policy = policy
            self.smallerFrames = smallerFrames
            self.smallerFaults = smallerFaults
            self.largerFrames = largerFrames
            self.largerFaults = largerFaults
        }

        /// `fifo faults more with 4 frames (10) than with 3 (9): Belady's anomaly` (the policy unescaped).
        var sentence: String {
            "\(policy) faults more with \(largerFrames) frames (\(largerFaults)) than with \(smallerFrames) "
                + "(\(smallerFaults)): Belady's anomaly"
        }
    }

    /// How large a table a view accepts.
    public struct Limits: Sendable, Hashable {
        public var accesses: Int
        public var frames: Int
        public var blocks: Int
    }

    /// The figure (SVG, PNG, PDF, DOT) is a teaching figure: beyond these it is no longer readable on a slide.
    public static let figureLimits = Limits(accesses: 200, frames: 64, blocks: 16)
    /// Text and JSON wrap and scroll, so they take more; still bounded (every cell is printed).
    public static let textLimits = Limits(accesses: 10_000, frames: 256, blocks: 64)

    /// The first line of every view: input, escaped by each view.
    public var title: String
    /// The reference string.
    public var pages: [UInt64]
    public var blocks: [Block]

    public init(title: String, pages: [UInt64], blocks: [Block]) {
        self.title = title
        self.pages = pages
        self.blocks = blocks
    }

    /// Pairs of blocks of one policy where the larger memory faults more (each pair of sizes once, smaller first).
    public var anomalies: [Anomaly] {
        var found: [Anomaly] = []
        for (index, small) in blocks.enumerated() {
            for large in blocks[(index + 1)...]
            where large.policy == small.policy && large.order == small.order && large.frames > small.frames
                && large.faults > small.faults
            {
                found.append(
                    Anomaly(
                        policy: small.policy, smallerFrames: small.frames, smallerFaults: small.faults,
                        largerFrames: large.frames, largerFaults: large.faults))
            }
        }
        return found
    }

    private enum CodingKeys: String, CodingKey {
        case title, pages, blocks
    }
}
