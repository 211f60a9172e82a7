import ARCPolicy
import Testing
import VMCore
import VMTestSupport

struct ARCTests {
    @Test("A hit moves a page to T2; a B1 ghost hit grows p and enters T2; a B2 ghost hit shrinks p")
    func mechanics() {
        let arc = ARC(frames: 2)
        arc.inserted(frame: 0, reference: Workbench.reference(0, 10))
        arc.inserted(frame: 1, reference: Workbench.reference(1, 11))
        arc.accessed(frame: 0, reference: Workbench.reference(2, 10))
        #expect(arc.sizes == (1, 1, 0, 0))
        // Miss on 12: T1 = {11} > p = 0, so 11 goes to B1.
        #expect(arc.evict(for: Workbench.reference(3, 12)) == 1)
        arc.inserted(frame: 1, reference: Workbench.reference(3, 12))
        #expect(arc.sizes == (1, 1, 1, 0))
        // Miss on 11, a B1 ghost: p grows by max(|B2|/|B1|, 1) = 1; |T1| = 1 = p, so T2's LRU page 10 goes to B2.
        #expect(arc.evict(for: Workbench.reference(4, 11)) == 0)
        #expect(arc.target == 1)
        arc.inserted(frame: 0, reference: Workbench.reference(4, 11))
        #expect(arc.sizes == (1, 1, 0, 1))
        // Miss on 10, a B2 ghost: p shrinks to 0; T1 = {12} > 0 goes to B1; 10 enters T2.
        #expect(arc.evict(for: Workbench.reference(5, 10)) == 1)
        #expect(arc.target == 0)
        arc.inserted(frame: 1, reference: Workbench.reference(5, 10))
        #expect(arc.sizes == (0, 2, 1, 0))
    }

    @Test("Golden faults equal libCacheSim's ARC on the Belady string and seeded strings")
    func goldenLibCacheSim() throws {
        let curves = try Workbench.researchCurves("arc")
        #expect(curves.belady == [12, 12, 10, 7, 5, 5])
        #expect(curves.first == [1920, 1834, 1716, 1632, 1559, 1301, 899, 531, 229])
        #expect(curves.second == [351, 289, 235, 188, 151, 93, 45, 22, 21])
    }

    @Test("Local scope: an eviction for another process's fault does not stand for this instance's next insertion")
    func localScopeEvictionForAnotherProcess() throws {
        let arc = ARC(frames: 4)  // this instance holds process 0's pages
        var resident: Set<Int> = []
        func check() throws { try arc.checkInvariants(residentCount: resident.count, isResident: resident.contains) }
        for frame in 0..<2 {
            arc.inserted(frame: frame, reference: PageReference(time: frame, page: UInt64(10 + frame), process: 0))
            resident.insert(frame)
        }
        // Process 1 faults, under its budget with RAM full: this instance gives up page 10 (into B1).
        #expect(arc.evict(for: PageReference(time: 2, page: 10, process: 1)) == 0)
        resident.remove(0)
        #expect(arc.sizes == (1, 0, 1, 0))
        try check()
        // Process 0 faults on page 10 later, into a free frame: a B1 hit, so p grows and the page enters T2.
        arc.inserted(frame: 3, reference: PageReference(time: 3, page: 10, process: 0))
        resident.insert(3)
        #expect(arc.sizes == (1, 1, 0, 0))
        #expect(arc.target == 1)
        try check()
        // Process 0 at its budget (2 pages) evicts its own pages while frames are free.
        var pages: [Int: UInt64] = [1: 11, 3: 10]
        for time in 4..<30 {
            let reference = PageReference(time: time, page: UInt64(10 + time % 5), process: 0)
            if let frame = pages.first(where: { $0.value == reference.page })?.key {
                arc.accessed(frame: frame, reference: reference)
            } else {
                let victim = arc.evict(for: reference)
                arc.inserted(frame: victim, reference: reference)
                pages[victim] = reference.page
            }
            try check()
        }
    }
}
