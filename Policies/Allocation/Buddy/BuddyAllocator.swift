public import VMCore

/// The binary buddy system: free memory is kept as blocks of 2^k frames (k ≤ `maxOrder`), each aligned to its
/// size. A page takes a frame from the smallest free block; a larger block is split in halves, the lower half kept
/// and the upper half put on the free list of the order below, until one frame remains. A freed frame merges with
/// its buddy — the block at `pfn ^ (1 << order)` — whenever that buddy is free and whole, order by order.
///
/// K. C. Knowlton, "A fast storage allocator", CACM 8(10), 1965; Knuth, TAOCP vol. 1, §2.5; Linux `mm/page_alloc.c`
/// (free lists per order, most recently freed block taken first). The machine allocates single frames, so what
/// the buddy system shows here is fragmentation: how free memory splits into blocks of each order (reported as
/// `freeBlocksOrderK`, `largestFreeBlock`).
///
/// Complexity: allocate and release O(maxOrder); memory O(frames).
public final class BuddyFrameAllocator: FrameAllocator, ReportsStatistics {
    public let frameCount: Int
    public let maxOrder: Int
    /// Order of the free block headed at each frame, or -1 (not the head of a free block).
    private let blockOrder: UnsafeMutablePointer<Int8>
    private let next: UnsafeMutablePointer<Int32>
    private let previous: UnsafeMutablePointer<Int32>
    /// First free block of each order, or -1.
    private let heads: UnsafeMutablePointer<Int32>
    private let counts: UnsafeMutablePointer<Int>

    /// A buddy system over `frames` frames, all free, with blocks up to 2^maxOrder frames.
    public init(frames: Int, maxOrder: Int) {
        frameCount = frames
        self.maxOrder = maxOrder
        blockOrder = .allocate(capacity: frames)
        blockOrder.initialize(repeating: -1, count: frames)
        next = .allocate(capacity: frames)
        next.initialize(repeating: -1, count: frames)
        previous = .allocate(capacity: frames)
        previous.initialize(repeating: -1, count: frames)
        heads = .allocate(capacity: maxOrder + 1)
        heads.initialize(repeating: -1, count: maxOrder + 1)
        counts = .allocate(capacity: maxOrder + 1)
        counts.initialize(repeating: 0, count: maxOrder + 1)
        // Cover [0, frames) with the largest aligned blocks that fit.
        var start = 0
        while start < frames {
            var order = maxOrder
            while order > 0 && (start & ((1 << order) - 1) != 0 || start + (1 << order) > frames) { order -= 1 }
            push(start, order: order)
            start += 1 << order
        }
    }

    deinit {
        blockOrder.deallocate()
        next.deallocate()
        previous.deallocate()
        heads.deallocate()
        counts.deallocate()
    }

    private func push(_ block: Int, order: Int) {
        let head = heads[order]
        next[block] = head
        previous[block] = -1
        if head >= 0 { previous[Int(head)] = Int32(block) }
        heads[order] = Int32(block)
        blockOrder[block] = Int8(order)
        counts[order] += 1
    }

    private func unlink(_ block: Int, order: Int) {
        let before = previous[block]
        let after = next[block]
        if before >= 0 { next[Int(before)] = after } else { heads[order] = after }
        if after >= 0 { previous[Int(after)] = before }
        blockOrder[block] = -1
        counts[order] -= 1
    }

    public func allocate(for reference: PageReference, in memory: PhysicalMemory) -> Int? {
        var order = 0
        while order <= maxOrder && heads[order] < 0 { order += 1 }
        guard order <= maxOrder else { return nil }
        let block = Int(heads[order])
        unlink(block, order: order)
        while order > 0 {
            order -= 1
            push(block + (1 << order), order: order)
        }
        return block
    }

    public func released(frame: Int) {
        var block = frame
        var order = 0
        while order < maxOrder {
            let buddy = block ^ (1 << order)
            guard buddy < frameCount, blockOrder[buddy] == Int8(order) else { break }
            unlink(buddy, order: order)
            block = min(block, buddy)
            order += 1
        }
        push(block, order: order)
    }

    /// Free blocks of each order, the largest free block, and the free frames they hold.
    public func statistics() -> [String: Double] {
        var result: [String: Double] = [:]
        var largest = 0
        var free = 0
        for order in 0...maxOrder {
            result["freeBlocksOrder\(order)"] = Double(counts[order])
            if counts[order] > 0 { largest = 1 << order }
            free += counts[order] << order
        }
        result["largestFreeBlock"] = Double(largest)
        result["freeFrames"] = Double(free)
        return result
    }

    /// Checks that the free blocks cover exactly the machine's free frames, each block aligned and whole.
    public func checkInvariants(memory: PhysicalMemory) throws(VMError) {
        var covered = 0
        for order in 0...maxOrder {
            var block = Int(heads[order])
            var seen = 0
            while block >= 0 {
                guard block & ((1 << order) - 1) == 0, Int(blockOrder[block]) == order else {
                    throw .contractViolation("buddy: block \(block) on the order-\(order) list is misaligned")
                }
                for frame in block..<(block + (1 << order)) where !memory.free.isFree(frame) {
                    throw .contractViolation("buddy: frame \(frame) is in a free block but used")
                }
                covered += 1 << order
                seen += 1
                block = Int(next[block])
            }
            guard seen == counts[order] else {
                throw .contractViolation("buddy: order \(order) lists \(seen) blocks, counts \(counts[order])")
            }
        }
        guard covered == memory.freeCount else {
            throw .contractViolation("buddy: free blocks cover \(covered) frames; \(memory.freeCount) are free")
        }
    }
}

/// Registers `buddy`.
public enum BuddyAllocatorModule {
    public static let entries: [FrameAllocatorEntry] = [
        FrameAllocatorEntry(
            info: PolicyInfo(
                name: "buddy", kind: .allocation,
                summary: "binary buddy system: split keeps the lower half, merge with the buddy at pfn ^ (1 << order)",
                parameters: [
                    PolicyParameter(
                        name: "max-order", type: .integer, defaultValue: "10",
                        summary: "largest block is 2^max-order frames (Linux: 10)")
                ],
                module: "BuddyAllocator",
                source: "Knowlton, CACM 1965; Knuth, TAOCP vol. 1 §2.5; Linux mm/page_alloc.c")
        ) { context throws(VMError) in
            let maxOrder = context.arguments.integer("max-order")
            try context.arguments.require((0...30).contains(maxOrder), "max-order", "in 0...30")
            return BuddyFrameAllocator(frames: context.frames, maxOrder: maxOrder)
        }
    ]
}
