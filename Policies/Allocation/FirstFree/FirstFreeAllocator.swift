public import VMCore

/// Gives a faulting page the lowest-numbered free frame.
///
/// The simplest physical allocator (a linear free-frame scan, as in early paging systems and most textbook
/// exercises). Complexity: O(1) amortised in steady state (the free-frame bitmap keeps a lowest-free hint),
/// O(frames / 64) worst case.
public final class FirstFreeFrameAllocator: FrameAllocator {
    public init() {}

    public func allocate(for reference: PageReference, in memory: PhysicalMemory) -> Int? {
        memory.free.lowestFree()
    }
}

/// Registers the `first-free` allocator.
public enum FirstFreeAllocatorModule {
    public static let entries: [FrameAllocatorEntry] = [
        FrameAllocatorEntry(
            info: PolicyInfo(
                name: "first-free", kind: .allocation,
                summary: "the lowest-numbered free frame",
                module: "FirstFreeAllocator",
                source: "textbook linear free-frame allocation (Silberschatz et al., Operating System Concepts)")
        ) { _ throws(VMError) in FirstFreeFrameAllocator() }
    ]
}
