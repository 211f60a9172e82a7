public import VMCore

/// Belady's optimal replacement (MIN): evict the page whose next reference lies farthest in the future; pages
/// never referenced again go first. No policy makes fewer faults on the same reference string.
///
/// L. A. Belady, "A study of replacement algorithms for a virtual-storage computer", IBM Systems Journal 5(2),
/// 1966. Needs the future: the runner supplies ``PageReference/nextUse`` for every reference. Ties (several pages
/// never used again) go to the lowest frame number, so runs are reproducible.
///
/// Complexity: insert, access, evict and remove are O(log n): a ``FrameHeap`` (indexed binary heap over frames)
/// whose order is (next use, farthest first; then the lowest frame).
public final class OPT: ReplacementPolicy {
    public var needsFuture: Bool { true }

    /// Frames keyed by the complement of their next use: the farthest next use comes first, then the lowest frame.
    private var heap: FrameHeap

    public init(frames: Int) { heap = FrameHeap(capacity: frames) }

    public func inserted(frame: Int, reference: PageReference) { heap.insert(frame, priority: ~reference.nextUse) }

    public func accessed(frame: Int, reference: PageReference) { heap.update(frame, priority: ~reference.nextUse) }

    public func evict(for reference: PageReference) -> Int { heap.popMin()! }

    public func removed(frame: Int) { heap.remove(frame) }

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
                module: "OPTPolicy",
                source: "Belady, IBM Systems Journal 1966")
        ) { context throws(VMError) in OPT(frames: context.frames) }
    ]
}
