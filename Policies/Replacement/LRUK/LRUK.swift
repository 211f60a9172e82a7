public import VMCore

/// LRU-K: evict the page with the largest backward K-distance — the one whose K-th most recent reference is
/// oldest. A page referenced fewer than K times has an infinite backward K-distance; such pages are evicted first,
/// oldest *first reference* first (FIFO among them; since each has been resident since its first reference, this is
/// also the order of their arrival). With K = 1 this is LRU.
///
/// E. J. O'Neil, P. E. O'Neil, G. Weikum, "The LRU-K Page Replacement Algorithm For Database Disk Buffering",
/// ACM SIGMOD 1993. Simplifications, as in libCacheSim's `LRU_K`: reference history is kept only while a page is
/// resident (no Retained Information Period: a page that returns starts with one reference), and there is no
/// Correlated Reference Period (every reference counts). Times are the machine's access positions.
///
/// Storage: each frame keeps its last K reference times in a ring (`frames × K` integers allocated at init);
/// pages with fewer than K references wait in a FIFO list, the others in a ``FrameHeap`` (indexed binary min-heap)
/// keyed by the K-th most recent reference time.
///
/// Complexity: insert O(1) (O(log n) when K = 1); access O(log n); evict O(1) from the FIFO, O(log n) from the
/// heap; remove O(log n).
///
/// Order (``residentOrder()``): pages with fewer than K references first (oldest first), then the rest by
/// backward K-distance, largest first: the next victim first. Notes give each page's reference history, most
/// recent first (`hist=9,4`, 1-based).
public final class LRUK: ReplacementPolicy {
    /// K, the number of references that define a page's backward distance.
    public let k: Int
    /// Pages with fewer than K references, head = most recent arrival.
    @exclusivity(unchecked) private var young: FrameList
    /// Pages with K references, keyed by their K-th most recent reference time.
    @exclusivity(unchecked) private var heap: FrameHeap
    private let history: UnsafeMutablePointer<Int>
    private let historyCount: UnsafeMutablePointer<Int32>
    private let historyNext: UnsafeMutablePointer<Int32>

    public init(frames: Int, k: Int = 2) {
        precondition(k >= 1)
        self.k = k
        let count = max(1, frames)
        young = FrameList(capacity: frames)
        heap = FrameHeap(capacity: frames)
        history = .allocate(capacity: count * k)
        history.initialize(repeating: 0, count: count * k)
        historyCount = .allocate(capacity: count)
        historyCount.initialize(repeating: 0, count: count)
        historyNext = .allocate(capacity: count)
        historyNext.initialize(repeating: 0, count: count)
    }

    deinit {
        history.deallocate()
        historyCount.deallocate()
        historyNext.deallocate()
    }

    /// Records a reference at `time`; returns the K-th most recent time, or nil with fewer than K references.
    private func record(_ frame: Int, time: Int) -> Int? {
        let next = Int(historyNext[frame])
        history[frame * k + next] = time
        let following = next + 1 == k ? 0 : next + 1
        historyNext[frame] = Int32(following)
        if Int(historyCount[frame]) < k { historyCount[frame] += 1 }
        return Int(historyCount[frame]) == k ? history[frame * k + following] : nil
    }

    public func inserted(frame: Int, reference: PageReference) {
        historyCount[frame] = 0
        historyNext[frame] = 0
        if let kth = record(frame, time: reference.time) {
            heap.insert(frame, priority: kth)
        } else {
            young.pushFront(frame)
        }
    }

    public func accessed(frame: Int, reference: PageReference) {
        guard let kth = record(frame, time: reference.time) else { return }
        if heap.contains(frame) {
            heap.update(frame, priority: kth)
        } else {
            young.remove(frame)
            heap.insert(frame, priority: kth)
        }
    }

    public func evict(for reference: PageReference) -> Int {
        if let oldest = young.popBack() { return oldest }
        return heap.popMin()!
    }

    public func removed(frame: Int) {
        if heap.contains(frame) { heap.remove(frame) } else { young.remove(frame) }
    }

    /// The young list oldest first, then the heap's order; each page noted with its history. O(n log n),
    /// allocating.
    public func residentOrder() -> ResidentOrder? {
        func entry(_ frame: Int) -> ResidentOrder.Entry {
            let count = Int(historyCount[frame])
            let newest = Int(historyNext[frame]) + k - 1
            let times = (0..<count).map { ResidentOrder.timeText(history[frame * k + (newest - $0) % k]) }
            return ResidentOrder.Entry(frame: frame, note: "hist=" + times.joined(separator: ","))
        }
        return ResidentOrder(
            groups: [
                ResidentOrder.Group(name: "<\(k) refs", entries: young.frames(reversed: true).map(entry)),
                ResidentOrder.Group(name: "\(k) refs", entries: heap.orderedFrames().map(entry)),
            ], meaning: "largest backward K-distance first")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try young.checkInvariants(name: "lru-k young list", isValid: { isResident($0) && Int(historyCount[$0]) < k })
        try heap.checkInvariants(
            name: "lru-k heap",
            isValid: { isResident($0) && Int(historyCount[$0]) == k && !young.contains($0) })
        guard young.count + heap.count == residentCount else {
            throw .contractViolation("lru-k tracks \(young.count + heap.count) frames, \(residentCount) are resident")
        }
    }
}

/// Registers `lru-k`.
public enum LRUKPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "lru-k", kind: .replacement,
                summary: "evict the largest backward K-distance; pages with fewer than K references first, FIFO",
                parameters: [
                    PolicyParameter(
                        name: "k", type: .integer, defaultValue: "2",
                        summary: "references that define the backward distance (1 is LRU)")
                ],
                module: "LRUKPolicy",
                source: "O'Neil, O'Neil & Weikum, ACM SIGMOD 1993")
        ) { context throws(VMError) in
            let k = context.arguments.integer("k")
            try context.arguments.require(k >= 1 && k <= 64, "k", "between 1 and 64")
            return LRUK(frames: context.frames, k: k)
        }
    ]
}
