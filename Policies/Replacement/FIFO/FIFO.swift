public import VMCore

/// First-in, first-out replacement: evict the page that has been resident longest, whatever its use.
///
/// The policy whose anomaly Belady, Nelson & Shedler found (more frames can mean more faults): L. A. Belady,
/// R. A. Nelson, G. S. Shedler, "An anomaly in space-time characteristics of certain programs running in a paging
/// machine", CACM 12(6), 1969.
///
/// Complexity: insert, access, evict and remove are O(1); one intrusive list over frames.
///
/// Growable (``GrowableReplacementPolicy``): decisions never depend on frame numbers, so under local scope an
/// instance stores only its process's frames; growing is O(capacity), amortised O(1) per frame.
///
/// Order (``residentOrder()``): oldest first, so the first page is the next victim; it is also the load order.
public final class FIFO: GrowableReplacementPolicy {
    @exclusivity(unchecked) private var queue: FrameList

    public init(frames: Int) { queue = FrameList(capacity: frames) }

    public func inserted(frame: Int, reference: PageReference) { queue.pushBack(frame) }

    public func accessed(frame: Int, reference: PageReference) {}

    public func evict(for reference: PageReference) -> Int { queue.popFront()! }

    public var frameCapacity: Int { queue.capacity }

    public func growFrames(to capacity: Int) { queue.grow(to: capacity) }

    public func removed(frame: Int) { queue.remove(frame) }

    /// The queue, oldest first (the next victim first); the same list is the load order. O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        let frames = queue.frames()
        return ResidentOrder(frames: frames, meaning: "oldest first", loadOrder: frames)
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try queue.checkInvariants(name: "fifo queue", isValid: isResident)
        guard queue.count == residentCount else {
            throw .contractViolation("fifo tracks \(queue.count) frames, \(residentCount) are resident")
        }
    }
}

/// Registers `fifo`.
public enum FIFOPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "fifo", kind: .replacement,
                summary: "first in, first out: evict the page resident longest",
                module: "FIFOPolicy",
                source: "Belady, Nelson & Shedler, CACM 1969 (FIFO anomaly)")
        ) { context throws(VMError) in FIFO(frames: context.frames) }
    ]
}
