public import VMCore

/// Next-fit frame allocation: a cursor rotates through physical memory; a faulting page gets the first free frame
/// at or after the cursor (wrapping), and the cursor moves past it. Spreads pages over RAM instead of packing the
/// low frames (Knuth, The Art of Computer Programming vol. 1, §2.5, "next fit").
///
/// Complexity: allocate O(frames / 64) worst case (bitmap scan from the cursor), O(1) typical.
public final class NextFreeFrameAllocator: FrameAllocator {
    @exclusivity(unchecked) private var cursor = 0

    public init() {}

    public func allocate(for reference: PageReference, in memory: PhysicalMemory) -> Int? {
        guard let frame = memory.free.lowestFree(from: cursor) ?? memory.free.lowestFree(from: 0) else {
            return nil
        }
        cursor = frame + 1 == memory.frameCount ? 0 : frame + 1
        return frame
    }
}

/// Registers `next-free`.
public enum NextFreeAllocatorModule {
    public static let entries: [FrameAllocatorEntry] = [
        FrameAllocatorEntry(
            info: PolicyInfo(
                name: "next-free", kind: .allocation,
                summary: "the first free frame at or after a rotating cursor",
                module: "NextFreeAllocator",
                source: "next fit: Knuth, The Art of Computer Programming, vol. 1, §2.5 (1968)")
        ) { _ throws(VMError) in NextFreeFrameAllocator() }
    ]
}
