public import VMCore

/// Belady's optimal replacement (MIN): evict the page whose next reference lies farthest in the future; pages
/// never referenced again go first. No policy makes fewer faults on the same reference string.
///
/// L. A. Belady, "A study of replacement algorithms for a virtual-storage computer", IBM Systems Journal 5(2),
/// 1966. Needs the future: the runner supplies ``PageReference/nextUse`` for every reference. The only ties are
/// pages never used again; every choice among them makes the same number of faults, and ``TieBreak`` picks one
/// reproducibly: the lowest frame number (default), or the page loaded last, as OSTEP's `paging-policy.py -p OPT`
/// does (its victim is the last such page in its load-ordered list), so that its per-access output can be matched.
///
/// Complexity: insert, access, evict and remove are O(log n): a ``FrameHeap`` (indexed binary heap over frames)
/// whose order is (next use, farthest first; then the tie-break).
///
/// Order (``residentOrder()``): farthest next use first (`next=12`, 1-based), the next victim first; and the load
/// order (one stored load time per frame), the list OSTEP prints for `OPT`; with `ties=last-loaded` the victims
/// are OSTEP's too (checked against the script's output).
public final class OPT: ReplacementPolicy {
    /// Which of several pages never used again goes first.
    public enum TieBreak: String, Sendable, CaseIterable {
        /// The page in the lowest frame.
        case lowestFrame = "lowest-frame"
        /// The page loaded most recently (OSTEP's choice).
        case lastLoaded = "last-loaded"
    }

    public var needsFuture: Bool { true }

    /// Frames keyed by the complement of their next use (the farthest next use comes first), then by the tie-break
    /// key: 0 for `lowest-frame` (the heap then orders by frame), the complement of the load time for `last-loaded`.
    @exclusivity(unchecked) private var heap: FrameHeap
    private let tieBreak: TieBreak

    /// Load time of each resident frame: explanations only (``residentOrder()``), never a decision.
    private let loaded: UnsafeMutablePointer<Int>

    public init(frames: Int, tieBreak: TieBreak = .lowestFrame) {
        heap = FrameHeap(capacity: frames)
        self.tieBreak = tieBreak
        loaded = .allocate(capacity: max(1, frames))
        loaded.initialize(repeating: 0, count: max(1, frames))
    }

    deinit { loaded.deallocate() }

    public func inserted(frame: Int, reference: PageReference) {
        loaded[frame] = reference.time
        heap.insert(
            frame, priority: ~reference.nextUse, tieBreak: tieBreak == .lastLoaded ? ~reference.time : 0)
    }

    public func accessed(frame: Int, reference: PageReference) { heap.update(frame, priority: ~reference.nextUse) }

    public func evict(for reference: PageReference) -> Int { heap.popMin()! }

    public func removed(frame: Int) { heap.remove(frame) }

    /// The heap's order, farthest next use first (the next victim first), each noted with its next use; and the
    /// load order. O(n log n), allocating.
    public func residentOrder() -> ResidentOrder? {
        let frames = heap.orderedFrames()
        return ResidentOrder(
            frames.map {
                ResidentOrder.Entry(frame: $0, note: "next=" + ResidentOrder.timeText(~heap.priority(of: $0)))
            },
            meaning: "farthest next use first", loadOrder: frames.sorted { loaded[$0] < loaded[$1] })
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try heap.checkInvariants(name: "opt", expectedCount: residentCount, isValid: isResident)
    }
}

/// Registers `opt`.
public enum OPTPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "opt", kind: .replacement,
                summary: "Belady's MIN: evict the page used farthest in the future (needs the whole trace)",
                parameters: [
                    PolicyParameter(
                        name: "ties", type: .text, defaultValue: OPT.TieBreak.lowestFrame.rawValue,
                        summary: "which page never used again goes first: lowest-frame, or last-loaded (OSTEP's)")
                ],
                module: "OPTPolicy",
                source: "Belady, IBM Systems Journal 1966",
                needsFuture: true)
        ) { context throws(VMError) in
            let tieBreak = OPT.TieBreak(rawValue: context.arguments.text("ties"))
            try context.arguments.require(
                tieBreak != nil, "ties", OPT.TieBreak.allCases.map(\.rawValue).joined(separator: " or "))
            return OPT(frames: context.frames, tieBreak: tieBreak!)
        }
    ]
}
