import Testing
import TwoQPolicy
import VMCore
import VMTestSupport

struct TwoQTests {
    @Test("Sizes follow libCacheSim: Kin = ⌊C/4⌋, Kout = ⌊C/2⌋")
    func sizes() {
        #expect(TwoQ(frames: 1).inQuota == 0)
        #expect(TwoQ(frames: 1).outCapacity == 0)
        #expect(TwoQ(frames: 3).outCapacity == 1)
        #expect(TwoQ(frames: 8).inQuota == 2)
        #expect(TwoQ(frames: 8).outCapacity == 4)
    }

    @Test("A1in is FIFO and overflows into the ghost A1out; a ghost hit enters Am, whose LRU page goes next")
    func mechanics() {
        let twoQ = TwoQ(frames: 4)  // Kin 1, Kout 2
        for frame in 0..<4 { twoQ.inserted(frame: frame, reference: Workbench.reference(frame, UInt64(10 + frame))) }
        twoQ.accessed(frame: 0, reference: Workbench.reference(4, 10))  // a hit in A1in changes nothing
        #expect(twoQ.evict(for: Workbench.reference(5, 20)) == 0)  // A1in holds 4 > 1: its oldest (page 10) leaves
        twoQ.inserted(frame: 0, reference: Workbench.reference(5, 20))
        #expect(twoQ.evict(for: Workbench.reference(6, 10)) == 1)  // page 11 leaves; page 10 was a ghost
        twoQ.inserted(frame: 1, reference: Workbench.reference(6, 10))
        #expect(twoQ.sizes == (a1in: 3, am: 1, a1out: 1))
        #expect(twoQ.evict(for: Workbench.reference(7, 21)) == 2)  // A1in (3) > 1: page 12
        twoQ.inserted(frame: 2, reference: Workbench.reference(7, 21))
        #expect(twoQ.sizes == (a1in: 3, am: 1, a1out: 2))
        #expect(twoQ.evict(for: Workbench.reference(8, 22)) == 3)  // page 13; A1out drops its oldest ghost (page 11)
        twoQ.inserted(frame: 3, reference: Workbench.reference(8, 22))
        #expect(twoQ.sizes == (a1in: 3, am: 1, a1out: 2))
        #expect(twoQ.evict(for: Workbench.reference(9, 11)) == 0)  // page 11 was forgotten: no promotion
        twoQ.inserted(frame: 0, reference: Workbench.reference(9, 11))
        #expect(twoQ.sizes == (a1in: 3, am: 1, a1out: 2))
    }

    @Test("Golden faults equal libCacheSim's TwoQ from 4 frames; below, libCacheSim caches nothing and we do")
    func goldenLibCacheSim() throws {
        let curves = try Workbench.researchCurves("2q")
        #expect(curves.belady == [12, 12, 10, 9, 5, 5])  // libCacheSim: 12, 12, 12, 9, 5, 5
        #expect(curves.first == [1920, 1827, 1735, 1628, 1540, 1310, 935, 564, 238])
        #expect(curves.second == [351, 282, 232, 208, 165, 105, 53, 27, 21])
    }

    @Test("With one frame 2Q is FIFO")
    func oneFrame() throws {
        let pages = Workbench.randomPages(count: 300, distinct: 9, seed: 3)
        #expect(
            try Workbench.faults("2q", pages: pages, frames: 1) == Workbench.faults("fifo", pages: pages, frames: 1))
    }

    @Test("Local scope: an eviction for another process's fault does not stand for this instance's next insertion")
    func localScopeEvictionForAnotherProcess() throws {
        let twoQ = TwoQ(frames: 4)  // Kin 1, Kout 2; this instance holds process 0's pages
        var resident: Set<Int> = []
        func check() throws { try twoQ.checkInvariants(residentCount: resident.count, isResident: resident.contains) }
        for frame in 0..<2 {
            twoQ.inserted(frame: frame, reference: PageReference(time: frame, page: UInt64(10 + frame), process: 0))
            resident.insert(frame)
        }
        // Process 1 faults, under its budget with RAM full: this instance gives up page 10 (it enters A1out), and
        // process 1's page goes into its own instance.
        #expect(twoQ.evict(for: PageReference(time: 2, page: 10, process: 1)) == 0)
        resident.remove(0)
        try check()
        // Process 0 faults on page 10 later, into a free frame: a ghost hit, so it enters Am and leaves A1out.
        twoQ.inserted(frame: 3, reference: PageReference(time: 3, page: 10, process: 0))
        resident.insert(3)
        #expect(twoQ.sizes == (a1in: 1, am: 1, a1out: 0))
        try check()
        // Further faults of process 0 never remember page 10 twice.
        for time in 4..<10 {
            let reference = PageReference(time: time, page: UInt64(20 + time), process: 0)
            let victim = twoQ.evict(for: reference)
            twoQ.inserted(frame: victim, reference: reference)
            try check()
        }
    }
}
