import RandomFreeAllocator
import Testing
import VMCore

struct RandomFreeAllocatorTests {
    /// Allocates every frame of a 64-frame memory, frees a few and allocates again.
    static func order(seed: UInt64) throws -> [Int] {
        let memory = PhysicalMemory(frameCount: 64)
        let allocator = RandomFreeFrameAllocator(frames: 64, seed: seed)
        let reference = PageReference(time: 0, page: 0)
        var order: [Int] = []
        for _ in 0..<64 {
            let frame = try #require(allocator.allocate(for: reference, in: memory))
            #expect(memory.free.isFree(frame))
            memory.free.markUsed(frame)
            order.append(frame)
            try allocator.checkInvariants(memory: memory)
        }
        #expect(allocator.allocate(for: reference, in: memory) == nil)
        for frame in [5, 40, 17] {
            memory.free.markFree(frame)
            allocator.released(frame: frame)
        }
        try allocator.checkInvariants(memory: memory)
        for _ in 0..<3 { order.append(try #require(allocator.allocate(for: reference, in: memory))) }
        return order
    }

    @Test("Every frame once, only free frames, then exactly the released ones; the seed decides the order")
    func permutation() throws {
        let first = try Self.order(seed: 1)
        #expect(Set(first.prefix(64)) == Set(0..<64))
        #expect(Set(first.suffix(3)) == [5, 17, 40])
        #expect(try Self.order(seed: 1) == first, "same seed, same order")
        #expect(try Self.order(seed: 2) != first, "another seed, another order")
        #expect(first.prefix(64) != ArraySlice(0..<64), "not the identity")
    }
}
