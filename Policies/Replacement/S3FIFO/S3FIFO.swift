public import VMCore

/// S3-FIFO: three FIFO queues. A small queue S (10% of the frames) takes new pages; a main queue M (the rest) keeps
/// pages that proved useful; a ghost queue G (page numbers only, as many as M holds) remembers pages evicted from S.
/// Each resident page has a frequency counter, 0 on entry, +1 per hit, capped at 3; hits move nothing. A miss on a
/// page remembered in G enters M; any other miss enters S (until the first eviction, misses that find S full go to
/// M). To evict: if M holds more than its share, or S is empty, M's tail is examined — a page with frequency f > 0
/// goes back to M's head with f − 1, the first page with 0 is evicted; otherwise S's tail — a page with frequency
/// ≥ `threshold` moves to M's head (frequency 0), the first one below it is evicted and its number enters G (G drops
/// its oldest when full).
///
/// J. Yang, Y. Zhang, Z. Qiu, Y. Yue, K. V. Rashmi, "FIFO queues are all you need for cache eviction", SOSP 2023.
/// The move-to-main threshold defaults to 1 (the paper: a page in S accessed at least once moves to M); the
/// `threshold` parameter takes libCacheSim's default of 2 instead. Sizes follow libCacheSim's `S3FIFO`:
/// |S| = ⌊0.1·C⌋, |M| = C − |S|, |G| = ⌊0.9·C⌋, and with those the golden tests reproduce its fault counts.
///
/// **Small memories.** libCacheSim refuses to insert into an S of one object (it never caches anything below 20
/// objects, and errors when |S| = 0). Here S holds at least one frame: |S| = max(1, ⌊0.1·C⌋), so every size works
/// and differs from libCacheSim only below C = 20. With C = 1, M has no share of its own: every eviction first moves
/// a page hit in S to M, then takes M's tail, so the single frame behaves as FIFO (as every policy does with one
/// frame). Ghosts are keyed by (process, page) in ``GhostLists`` (a bounded FIFO).
///
/// Complexity: insert, access and remove O(1); evict O(1) amortised (each pass decrements the counters it crosses,
/// at most 3 per page), O(n) worst case.
///
/// Order (``residentOrder()``): the small and main queues oldest first (`n=2`: the frequency), the queue the next
/// eviction examines first.
public final class S3FIFO: ReplacementPolicy {
    /// Frames S aims for.
    public let smallTarget: Int
    /// Frames M may hold before evictions take from it first.
    public let mainTarget: Int
    /// Frequency at which a page leaving S moves to M.
    public let threshold: Int
    @exclusivity(unchecked) private var small: FrameList
    @exclusivity(unchecked) private var main: FrameList
    /// G, a bounded FIFO of ghosts.
    @exclusivity(unchecked) private var ghosts: GhostLists
    /// 1 for S, 2 for M, 0 when not resident.
    private let list: UnsafeMutablePointer<UInt8>
    private let frequency: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var hasEvicted = false
    /// The fault `evict` looked up (its time, page and process) and whether its page was a ghost in G. Under local
    /// replacement `evict` may run for another process's fault, with no insertion following here: `inserted` trusts
    /// the lookup only for the same fault.
    @exclusivity(unchecked) private var pendingValid = false
    @exclusivity(unchecked) private var pendingGhost = false
    @exclusivity(unchecked) private var pendingTime = -1
    @exclusivity(unchecked) private var pendingPage: UInt64 = 0
    @exclusivity(unchecked) private var pendingProcess = -1

    public init(frames: Int, smallRatio: Double = 0.1, ghostRatio: Double = 0.9, threshold: Int = 1) {
        smallTarget = max(1, Int(Double(frames) * smallRatio))
        mainTarget = max(0, frames - smallTarget)
        self.threshold = threshold
        small = FrameList(capacity: frames)
        main = FrameList(capacity: frames)
        ghosts = GhostLists(frames: frames, capacity: Int(Double(frames) * ghostRatio))
        let count = max(1, frames)
        list = .allocate(capacity: count)
        list.initialize(repeating: 0, count: count)
        frequency = .allocate(capacity: count)
        frequency.initialize(repeating: 0, count: count)
    }

    deinit {
        list.deallocate()
        frequency.deallocate()
    }

    /// Pages in S, M and ghosts in G.
    public var sizes: (small: Int, main: Int, ghost: Int) { (small.count, main.count, ghosts.count) }

    private func noteFault(_ reference: PageReference) {
        pendingValid = true
        pendingTime = reference.time
        pendingPage = reference.page
        pendingProcess = reference.process
        pendingGhost = ghosts.forget(reference)
    }

    /// Whether `evict` looked up this very fault.
    private func isPending(_ reference: PageReference) -> Bool {
        pendingValid && pendingTime == reference.time && pendingPage == reference.page
            && pendingProcess == reference.process
    }

    private func evictMain() -> Int {
        while true {
            let tail = main.tail!
            let count = frequency[tail]
            if count == 0 {
                main.remove(tail)
                list[tail] = 0
                return tail
            }
            main.moveToFront(tail)
            frequency[tail] = count - 1
        }
    }

    private func evictSmall() -> Int? {
        while let tail = small.tail {
            small.remove(tail)
            if Int(frequency[tail]) >= threshold {
                main.pushFront(tail)
                list[tail] = 2
                frequency[tail] = 0
            } else {
                list[tail] = 0
                ghosts.enqueue(frame: tail)
                return tail
            }
        }
        return nil
    }

    public func evict(for reference: PageReference) -> Int {
        noteFault(reference)
        hasEvicted = true
        while true {
            if main.count > mainTarget || small.isEmpty { return evictMain() }
            if let victim = evictSmall() { return victim }
        }
    }

    public func inserted(frame: Int, reference: PageReference) {
        if !isPending(reference) { noteFault(reference) }
        ghosts.record(frame: frame, reference: reference)
        frequency[frame] = 0
        if pendingGhost || (!hasEvicted && small.count >= smallTarget) {
            list[frame] = 2
            main.pushFront(frame)
        } else {
            list[frame] = 1
            small.pushFront(frame)
        }
        pendingValid = false
        pendingGhost = false
    }

    public func accessed(frame: Int, reference: PageReference) {
        if frequency[frame] < 3 { frequency[frame] += 1 }
    }

    public func removed(frame: Int) {
        if list[frame] == 1 { small.remove(frame) } else { main.remove(frame) }
        list[frame] = 0
    }

    /// S and M oldest first with non-zero frequencies noted, the queue examined first first. O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        func group(_ name: String, _ frames: [Int]) -> ResidentOrder.Group {
            ResidentOrder.Group(
                name: name,
                entries: frames.map {
                    ResidentOrder.Entry(frame: $0, note: frequency[$0] > 0 ? "n=\(frequency[$0])" : nil)
                })
        }
        let smallGroup = group("small", small.frames(reversed: true))
        let mainGroup = group("main", main.frames(reversed: true))
        let fromMain = main.count > mainTarget || small.isEmpty
        return ResidentOrder(
            groups: fromMain ? [mainGroup, smallGroup] : [smallGroup, mainGroup],
            meaning: "oldest first, the queue examined first first")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try small.checkInvariants(name: "s3-fifo S", isValid: { isResident($0) && list[$0] == 1 })
        try main.checkInvariants(name: "s3-fifo M", isValid: { isResident($0) && list[$0] == 2 && frequency[$0] <= 3 })
        try ghosts.checkInvariants(name: "s3-fifo G")
        guard small.count + main.count == residentCount else {
            throw .contractViolation(
                "s3-fifo tracks \(small.count) + \(main.count) frames, \(ghosts.count) ghosts; \(residentCount) resident"
            )
        }
    }
}

/// Registers `s3-fifo`.
public enum S3FIFOPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "s3-fifo", kind: .replacement,
                summary: "small, main and ghost FIFO queues; 2-bit frequencies decide promotion and reinsertion",
                parameters: [
                    PolicyParameter(
                        name: "threshold", type: .integer, defaultValue: "1",
                        summary: "hits a page needs in the small queue to move to the main queue (1 to 3)"),
                    PolicyParameter(
                        name: "small", type: .number, defaultValue: "0.1",
                        summary: "small queue as a fraction of the frames (floored, at least one frame)"),
                ],
                module: "S3FIFOPolicy",
                source: "Yang, Zhang, Qiu, Yue & Rashmi, SOSP 2023")
        ) { context throws(VMError) in
            let threshold = context.arguments.integer("threshold")
            let small = context.arguments.number("small")
            try context.arguments.require((1...3).contains(threshold), "threshold", "between 1 and 3")
            try context.arguments.require(small > 0 && small < 1, "small", "in (0, 1)")
            return S3FIFO(frames: context.frames, smallRatio: small, threshold: threshold)
        }
    ]
}
