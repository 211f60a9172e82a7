import BuddyAllocator
import Testing
import VMCore

struct BuddyAllocatorTests {
    let reference = PageReference(time: 0, page: 0)

    @Test("Splitting keeps the lower half: a fresh 8-frame buddy system hands out 0, 1, 2, … in order")
    func splitKeepsLowerHalf() throws {
        let memory = PhysicalMemory(frameCount: 8)
        let buddy = BuddyFrameAllocator(frames: 8, maxOrder: 3)
        #expect(buddy.statistics()["freeBlocksOrder3"] == 1)
        var frames: [Int] = []
        for _ in 0..<8 {
            let frame = try #require(buddy.allocate(for: reference, in: memory))
            memory.free.markUsed(frame)
            frames.append(frame)
            try buddy.checkInvariants(memory: memory)
        }
        #expect(frames == Array(0..<8))
        #expect(buddy.allocate(for: reference, in: memory) == nil)
    }

    @Test("A freed frame merges with its buddy at pfn ^ (1 << order), order by order")
    func merging() throws {
        let memory = PhysicalMemory(frameCount: 8)
        let buddy = BuddyFrameAllocator(frames: 8, maxOrder: 3)
        for _ in 0..<8 { memory.free.markUsed(try #require(buddy.allocate(for: reference, in: memory))) }
        func free(_ frame: Int) throws {
            memory.free.markFree(frame)
            buddy.released(frame: frame)
            try buddy.checkInvariants(memory: memory)
        }
        try free(1)
        try free(2)
        // 1 and 2 are not buddies (1's buddy is 0, 2's is 3): two order-0 blocks.
        #expect(buddy.statistics()["freeBlocksOrder0"] == 2)
        #expect(buddy.statistics()["largestFreeBlock"] == 1)
        try free(3)
        // 2 + 3 merge into the order-1 block at 2; its buddy (0–1) is not whole.
        #expect(buddy.statistics()["freeBlocksOrder0"] == 1)
        #expect(buddy.statistics()["freeBlocksOrder1"] == 1)
        try free(0)
        // 0 + 1, then (0–1) + (2–3): one order-2 block.
        #expect(buddy.statistics()["freeBlocksOrder2"] == 1)
        #expect(buddy.statistics()["freeBlocksOrder0"] == 0)
        for frame in 4..<8 { try free(frame) }
        #expect(buddy.statistics()["freeBlocksOrder3"] == 1)
        #expect(buddy.statistics()["largestFreeBlock"] == 8)
        #expect(buddy.statistics()["freeFrames"] == 8)
    }

    @Test("Memory that is not a power of two is covered by aligned blocks: 13 = 8 + 4 + 1")
    func oddSizes() throws {
        let memory = PhysicalMemory(frameCount: 13)
        let buddy = BuddyFrameAllocator(frames: 13, maxOrder: 10)
        try buddy.checkInvariants(memory: memory)
        let statistics = buddy.statistics()
        #expect(statistics["freeBlocksOrder3"] == 1)
        #expect(statistics["freeBlocksOrder2"] == 1)
        #expect(statistics["freeBlocksOrder0"] == 1)
        #expect(statistics["freeFrames"] == 13)
        // The order-0 block (frame 12) is the smallest: taken first, no split needed.
        #expect(buddy.allocate(for: reference, in: memory) == 12)
    }
}
