import FIFOPolicy
import Testing
import VMCore
import VMTestSupport

struct FIFOTests {
    @Test("Evicts in insertion order; hits do not change the order")
    func order() {
        let fifo = FIFO(frames: 4)
        for frame in [2, 0, 3] { fifo.inserted(frame: frame, reference: PageReference(time: 0, page: 0)) }
        fifo.accessed(frame: 2, reference: PageReference(time: 1, page: 0))
        #expect(fifo.evict(for: PageReference(time: 2, page: 9)) == 2)
        fifo.removed(frame: 3)
        #expect(fifo.evict(for: PageReference(time: 3, page: 9)) == 0)
    }

    @Test("Belady's anomaly: 9 faults with 3 frames, 10 with 4")
    func anomaly() throws {
        #expect(try Workbench.faults("fifo", pages: Workbench.beladyString, frames: 3) == 9)
        #expect(try Workbench.faults("fifo", pages: Workbench.beladyString, frames: 4) == 10)
    }
}
