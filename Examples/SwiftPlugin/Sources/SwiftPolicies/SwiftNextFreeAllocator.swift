import VMCore

/// Next-fit frame allocation in Swift: the first free frame at or after a cursor that moves past each frame it
/// hands out, wrapping around; the built-in `next-free` with `start=0`, with the same numbers.
///
/// Source: Knuth, The Art of Computer Programming, vol. 1, §2.5 (1968). Complexity: O(1) amortised (the free map's
/// word scan), O(frames / 64) worst case.
final class SwiftNextFreeAllocator: FrameAllocator {
    private var cursor: Int

    init(start: Int) { cursor = start }

    func allocate(for reference: PageReference, in memory: PhysicalMemory) -> Int? {
        guard let frame = memory.free.lowestFree(from: cursor) ?? memory.free.lowestFree(from: 0) else {
            return nil
        }
        cursor = frame + 1 == memory.frameCount ? 0 : frame + 1
        return frame
    }

    static let entries: [FrameAllocatorEntry] = [
        FrameAllocatorEntry(
            info: PolicyInfo(
                name: "swift-next-free", kind: .allocation,
                summary: "the first free frame at or after a rotating cursor, written in Swift",
                parameters: [
                    PolicyParameter(
                        name: "start", type: .integer, defaultValue: "0", summary: "the frame the cursor starts at")
                ],
                module: "SwiftPolicies",
                source: "next fit: Knuth, The Art of Computer Programming, vol. 1, §2.5, 1968 (Examples/SwiftPlugin)")
        ) { context throws(VMError) in
            let start = context.arguments.integer("start")
            try context.arguments.require(
                (0..<context.frames).contains(start), "start", "a frame of the machine (0...\(context.frames - 1))")
            return SwiftNextFreeAllocator(start: start)
        }
    ]
}
