import FirstFreeAllocator
import Testing
import VMCore

struct FirstFreeAllocatorTests {
    @Test("Always the lowest free frame; nil when none is free")
    func lowest() {
        let memory = PhysicalMemory(frameCount: 4)
        let allocator = FirstFreeFrameAllocator()
        let reference = PageReference(time: 0, page: 0)
        for expected in 0..<4 {
            let frame = allocator.allocate(for: reference, in: memory)
            #expect(frame == expected)
            memory.free.markUsed(frame!)
        }
        #expect(allocator.allocate(for: reference, in: memory) == nil)
        memory.free.markFree(2)
        memory.free.markFree(1)
        #expect(allocator.allocate(for: reference, in: memory) == 1)
    }
}
