public import VMCore

/// MGLRU, a documented reduction of Linux's multi-generational LRU (`mm/vmscan.c`, Linux 6.1+): resident pages are
/// grouped into generations numbered by sequence numbers `minSeq ... maxSeq`; at most `MAX_NR_GENS` = 4 exist at
/// once and a frame's generation is stored per frame (the kernel keeps it in the folio flags). Each generation is a
/// list, youngest pages first; its index in the ring is `seq % MAX_NR_GENS`.
///
/// - **Fault**: the page joins the **youngest** generation (`maxSeq`), at its head. In Linux a page added during a
///   fault is marked active and `lru_gen_add_folio` puts active folios in the youngest generation (case 1 of its
///   comment); anonymous pages not in the swap cache would otherwise go to `minSeq + 1` and clean file pages to
///   `minSeq`, but the machine does not tell pages apart by type, so every faulted page is treated as faulted-in
///   anon. The accessed bit is left clear: the fault itself is recorded by the placement.
/// - **Hit**: sets the page's accessed flag (the PTE young bit). The page does **not** move.
/// - **Aging** (`inc_max_seq`) runs when only `MIN_NR_GENS` = 2 generations remain (`minSeq + MIN_NR_GENS > maxSeq`,
///   Linux's `should_run_aging` "out of cold folios" test; the eviction stalls there, as `scan_folios` does): it
///   increments `maxSeq` and walks the pages, promoting each page with the accessed bit to the head of the new
///   youngest generation and clearing the bit. The walk visits only pages whose bit is set — a list of them is kept
///   as hits set bits, in the order the bits were set — which is what the kernel's page-table walk achieves by
///   skipping non-young PTEs (its Bloom filters skip whole tables).
/// - **Eviction** takes pages from the tail (oldest end) of the oldest generation (`minSeq`); a page found with its
///   accessed bit set is promoted to the youngest generation (bit cleared) instead of evicted, as
///   `sort_folio`/`folio_inc_gen` and the rmap look-around do. When the oldest generation is empty, `minSeq`
///   advances (`try_to_inc_min_seq`), never leaving fewer than `MIN_NR_GENS` generations.
///
/// Linux starts a node with `maxSeq = MIN_NR_GENS + 1 = 3` and `minSeq = 0` (four empty generations); so does this
/// policy. Since aging runs only when two generations remain, at most three are non-empty afterwards (the "ideal"
/// `MAX_NR_GENS − 1` of the kernel's comment), and `inc_max_seq`'s forced `inc_min_seq` never triggers.
///
/// **Omitted** (stated, not approximated): tiers and the refault-distance PID controller (`lru_gen_refault`,
/// `read_ctrl_pos`), separate anon/file types and swappiness, the proactive aging heuristics of `should_run_aging`
/// (young/old ratios) and `lru_gen_min_ttl`, memcg and node scoping, batching of `nr_to_scan`, and the Bloom
/// filters. Golden numbers come from an independent Python model of these rules (see the tests), not from a kernel.
///
/// Y. Zhao, "Multi-Gen LRU", Linux 6.1 (`mm/vmscan.c`, `Documentation/mm/multigen_lru.rst`), 2022.
///
/// Complexity: insert, access and remove O(1); evict O(1) amortised — each aging walks only pages whose bit was
/// set by a hit since the last walk, each promotion clears a bit set by a hit, and an eviction runs at most two
/// agings and skips at most `MAX_NR_GENS` empty generations. No allocation after `init`.
///
/// Growable (``GrowableReplacementPolicy``): decisions never depend on frame numbers, so under local scope an
/// instance stores only its process's frames; growing is O(capacity), amortised O(1) per frame.
///
/// Order (``residentOrder()``): the oldest generation first (`gen 3`), each from its tail, `r=1` on pages whose
/// accessed bit is set (eviction promotes them instead).
public final class MGLRU: GrowableReplacementPolicy {
    /// Linux's `MAX_NR_GENS`.
    public static let maxGenerations = 4
    /// Linux's `MIN_NR_GENS`.
    public static let minGenerations = 2

    @exclusivity(unchecked) private var generation0: FrameList
    @exclusivity(unchecked) private var generation1: FrameList
    @exclusivity(unchecked) private var generation2: FrameList
    @exclusivity(unchecked) private var generation3: FrameList
    /// Frames whose accessed bit is set, in the order the bits were set: what the aging walk visits.
    @exclusivity(unchecked) private var young: FrameList
    /// Sequence number of each resident frame's generation.
    @exclusivity(unchecked) private var sequence: UnsafeMutablePointer<Int>
    /// Oldest generation's sequence number.
    @exclusivity(unchecked) public private(set) var minSeq = 0
    /// Youngest generation's sequence number.
    @exclusivity(unchecked) public private(set) var maxSeq = MGLRU.minGenerations + 1
    /// Agings run so far.
    @exclusivity(unchecked) public private(set) var agings = 0

    public init(frames: Int) {
        generation0 = FrameList(capacity: frames)
        generation1 = FrameList(capacity: frames)
        generation2 = FrameList(capacity: frames)
        generation3 = FrameList(capacity: frames)
        young = FrameList(capacity: frames)
        sequence = .allocate(capacity: max(1, frames))
        sequence.initialize(repeating: -1, count: max(1, frames))
    }

    deinit { sequence.deallocate() }

    /// Calls `body` with the list of generation `seq`.
    @inline(__always)
    private func withGeneration<Result>(_ seq: Int, _ body: (inout FrameList) -> Result) -> Result {
        switch seq & 3 {
        case 0: body(&generation0)
        case 1: body(&generation1)
        case 2: body(&generation2)
        default: body(&generation3)
        }
    }

    /// Pages in generation `seq`, youngest first (for tests and diagrams).
    public func pages(inGeneration seq: Int) -> [Int] {
        guard seq >= minSeq && seq <= maxSeq else { return [] }
        return withGeneration(seq) { list in
            var result: [Int] = []
            var current = list.head
            while let frame = current {
                result.append(frame)
                current = list.after(frame)
            }
            return result
        }
    }

    /// Whether the page in `frame` has its accessed bit set.
    public func isAccessed(_ frame: Int) -> Bool { young.contains(frame) }

    /// Generation of the page in `frame`, nil when not resident.
    public func generation(of frame: Int) -> Int? { sequence[frame] >= 0 ? sequence[frame] : nil }

    private func moveToYoungest(_ frame: Int) {
        withGeneration(sequence[frame]) { $0.remove(frame) }
        sequence[frame] = maxSeq
        withGeneration(maxSeq) { $0.pushFront(frame) }
    }

    /// `inc_max_seq` with the walk: a new youngest generation receives every page whose accessed bit is set.
    private func age() {
        agings += 1
        maxSeq += 1
        while let frame = young.popFront() { moveToYoungest(frame) }
    }

    public func inserted(frame: Int, reference: PageReference) {
        sequence[frame] = maxSeq
        withGeneration(maxSeq) { $0.pushFront(frame) }
    }

    public func accessed(frame: Int, reference: PageReference) {
        if !young.contains(frame) { young.pushBack(frame) }
    }

    public func evict(for reference: PageReference) -> Int {
        while true {
            while minSeq + Self.minGenerations <= maxSeq && withGeneration(minSeq, { $0.isEmpty }) { minSeq += 1 }
            if minSeq + Self.minGenerations > maxSeq {
                age()
                continue
            }
            let frame = withGeneration(minSeq) { $0.tail! }
            if young.contains(frame) {
                young.remove(frame)
                moveToYoungest(frame)
                continue
            }
            removed(frame: frame)
            return frame
        }
    }

    public var frameCapacity: Int { young.capacity }

    public func growFrames(to capacity: Int) {
        sequence = FrameBuffer.grow(sequence, from: max(1, young.capacity), to: capacity, filling: -1)
        generation0.grow(to: capacity)
        generation1.grow(to: capacity)
        generation2.grow(to: capacity)
        generation3.grow(to: capacity)
        young.grow(to: capacity)
    }

    public func removed(frame: Int) {
        withGeneration(sequence[frame]) { $0.remove(frame) }
        if young.contains(frame) { young.remove(frame) }
        sequence[frame] = -1
    }

    /// Checks the list at ring index `ring`: its pages belong to the live generation with that index.
    private func checkGeneration(
        _ list: borrowing FrameList, ring: Int, isResident: (Int) -> Bool, total: inout Int
    ) throws(VMError) {
        let seq = maxSeq - ((maxSeq - ring) & 3)
        let live = seq >= minSeq
        try list.checkInvariants(
            name: "mglru generation \(seq)", isValid: { live && isResident($0) && sequence[$0] == seq })
        total += list.count
    }

    /// The live generations oldest first, each from its tail, `r=1` on accessed pages. O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        ResidentOrder(
            groups: (minSeq...maxSeq).map { seq in
                ResidentOrder.Group(
                    name: "gen \(seq)",
                    entries: withGeneration(seq) { $0.frames(reversed: true) }.map {
                        ResidentOrder.Entry(frame: $0, note: young.contains($0) ? "r=1" : nil)
                    })
            }, meaning: "oldest generation first, each from its tail")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        guard minSeq >= 0, maxSeq - minSeq + 1 >= Self.minGenerations, maxSeq - minSeq + 1 <= Self.maxGenerations
        else {
            throw .contractViolation("mglru has generations \(minSeq)...\(maxSeq)")
        }
        var total = 0
        try checkGeneration(generation0, ring: 0, isResident: isResident, total: &total)
        try checkGeneration(generation1, ring: 1, isResident: isResident, total: &total)
        try checkGeneration(generation2, ring: 2, isResident: isResident, total: &total)
        try checkGeneration(generation3, ring: 3, isResident: isResident, total: &total)
        try young.checkInvariants(name: "mglru accessed", isValid: { isResident($0) && sequence[$0] >= 0 })
        guard total == residentCount else {
            throw .contractViolation("mglru tracks \(total) frames, \(residentCount) are resident")
        }
    }
}

/// Registers `mglru`.
public enum MGLRUPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "mglru", kind: .replacement,
                summary: "Linux multi-generational LRU: 4 generations, aging promotes accessed pages, evict the oldest",
                module: "MGLRUPolicy",
                source: "Yu Zhao, Multi-Gen LRU, Linux 6.1 mm/vmscan.c (2022)")
        ) { context throws(VMError) in MGLRU(frames: context.frames) }
    ]
}
