import OPTPolicy
import Testing
import VMCore
import VMTestSupport

struct OPTTests {
    @Test("Evicts the frame used farthest in the future; never-again pages first, lowest frame on ties")
    func farthest() {
        let opt = OPT(frames: 4)
        #expect(opt.needsFuture)
        opt.inserted(frame: 0, reference: PageReference(time: 0, nextUse: 10, page: 0))
        opt.inserted(frame: 1, reference: PageReference(time: 1, nextUse: .max, page: 1))
        opt.inserted(frame: 2, reference: PageReference(time: 2, nextUse: 5, page: 2))
        opt.inserted(frame: 3, reference: PageReference(time: 3, nextUse: .max, page: 3))
        #expect(opt.evict(for: PageReference(time: 4, page: 9)) == 1)
        #expect(opt.evict(for: PageReference(time: 4, page: 9)) == 3)
        opt.accessed(frame: 2, reference: PageReference(time: 5, nextUse: 20, page: 2))
        #expect(opt.evict(for: PageReference(time: 6, page: 9)) == 2)
        #expect(opt.evict(for: PageReference(time: 6, page: 9)) == 0)
    }

    @Test("Golden faults on the Belady string at 1...6 frames")
    func golden() throws {
        let faults = try Workbench.faults("opt", pages: Workbench.beladyString, frameCounts: 1...6)
        #expect(faults == [12, 9, 7, 6, 5, 5])
    }
}
