public import VMCore

/// SIEVE: one FIFO queue and a hand. A page comes in at the head, unvisited; a hit marks it visited (nothing
/// moves). To evict, the hand walks from where it last stopped toward the head (starting at the tail, and wrapping
/// from the head back to the tail): it clears the visited bit of every page it passes and evicts the first
/// unvisited page. The hand then rests on the victim's neighbour toward the head, so it keeps its position across
/// evictions; new pages enter at the head, behind the hand's direction of travel.
///
/// Y. Zhang, J. Yang, Y. Yue, Y. Vigfusson, K. V. Rashmi, "SIEVE is Simpler than LRU: an Efficient Turn-Key
/// Eviction Algorithm for Web Caches", NSDI 2024. Gives the same faults as libCacheSim's `Sieve` at every size
/// (checked by the golden tests).
///
/// Complexity: insert, access and remove O(1); evict O(1) amortised (each pass clears the bits it crosses),
/// O(n) worst case.
///
/// Growable (``GrowableReplacementPolicy``): decisions never depend on frame numbers, so under local scope an
/// instance stores only its process's frames; growing is O(capacity), amortised O(1) per frame.
///
/// Order (``residentOrder()``): from the hand (the tail when it has not moved yet) toward the newest page, then on
/// from the oldest, `v=1` on visited pages; the next victim is the first page without `v=1`.
public final class SIEVE: GrowableReplacementPolicy {
    /// Head = newest, tail = oldest.
    @exclusivity(unchecked) private var queue: FrameList
    @exclusivity(unchecked) private var visited: UnsafeMutablePointer<Bool>
    /// The frame the next eviction examines first, or -1 to start at the tail.
    @exclusivity(unchecked) private var hand = -1

    public init(frames: Int) {
        queue = FrameList(capacity: frames)
        visited = .allocate(capacity: max(1, frames))
        visited.initialize(repeating: false, count: max(1, frames))
    }

    deinit { visited.deallocate() }

    public func inserted(frame: Int, reference: PageReference) {
        visited[frame] = false
        queue.pushFront(frame)
    }

    public func accessed(frame: Int, reference: PageReference) { visited[frame] = true }

    public func evict(for reference: PageReference) -> Int {
        var current = hand >= 0 ? hand : queue.tail!
        while visited[current] {
            visited[current] = false
            current = queue.before(current) ?? queue.tail!
        }
        hand = queue.before(current) ?? -1
        queue.remove(current)
        return current
    }

    public var frameCapacity: Int { queue.capacity }

    public func growFrames(to capacity: Int) {
        visited = FrameBuffer.grow(visited, from: max(1, queue.capacity), to: capacity, filling: false)
        queue.grow(to: capacity)
    }

    public func removed(frame: Int) {
        if frame == hand { hand = queue.before(frame) ?? -1 }
        queue.remove(frame)
        visited[frame] = false
    }

    /// The queue in the hand's direction of travel, from where the next eviction starts, `v=1` on visited pages.
    /// O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        guard let start = hand >= 0 ? hand : queue.tail else { return ResidentOrder([], meaning: "from the hand") }
        return ResidentOrder(
            queue.circle(from: start, backward: true).map {
                ResidentOrder.Entry(frame: $0, note: visited[$0] ? "v=1" : nil)
            }, meaning: "from the hand", hand: start)
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try queue.checkInvariants(name: "sieve queue", isValid: isResident)
        guard queue.count == residentCount else {
            throw .contractViolation("sieve tracks \(queue.count) frames, \(residentCount) are resident")
        }
        guard hand < 0 || queue.contains(hand) else {
            throw .contractViolation("sieve hand \(hand) is not in the queue")
        }
    }
}

/// Registers `sieve`.
public enum SIEVEPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "sieve", kind: .replacement,
                summary: "FIFO queue with visited bits and a hand that keeps its place; hits never move a page",
                module: "SIEVEPolicy",
                source: "Zhang, Yang, Yue, Vigfusson & Rashmi, NSDI 2024")
        ) { context throws(VMError) in SIEVE(frames: context.frames) }
    ]
}
