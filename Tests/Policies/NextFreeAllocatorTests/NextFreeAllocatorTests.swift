import NextFreeAllocator
import Testing
import VMCore

struct NextFreeAllocatorTests {
    @Test("The cursor moves past each allocation and wraps; a freed low frame waits for the cursor")
    func rotatingCursor() {
        let memory = PhysicalMemory(frameCount: 4)
        let allocator = NextFreeFrameAllocator()
        let reference = PageReference(time: 0, page: 0)
        func take() -> Int? {
            let frame = allocator.allocate(for: reference, in: memory)
            if let frame { memory.free.markUsed(frame) }
            return frame
        }
        #expect(take() == 0)
        #expect(take() == 1)
        memory.free.markFree(0)
        allocator.released(frame: 0)
        #expect(take() == 2, "first-free would give 0; next-free continues from the cursor")
        #expect(take() == 3)
        #expect(take() == 0, "wraps to the start")
        #expect(take() == nil)
        memory.free.markFree(3)
        memory.free.markFree(1)
        #expect(take() == 1)
        #expect(take() == 3)
    }
}
