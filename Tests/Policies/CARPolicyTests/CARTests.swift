import CARPolicy
import Testing
import VMCore
import VMTestSupport

struct CARTests {
    @Test("A referenced T1 page moves to T2 instead of leaving; a B1 ghost hit raises p and enters T2")
    func mechanics() {
        let car = CAR(frames: 2)
        car.inserted(frame: 0, reference: Workbench.reference(0, 10))
        car.inserted(frame: 1, reference: Workbench.reference(1, 11))
        car.accessed(frame: 0, reference: Workbench.reference(2, 10))
        // |T1| = 2 ≥ max(1, p): head 10 is referenced → cleared, to T2; head 11 is not → evicted into B1.
        #expect(car.evict(for: Workbench.reference(3, 12)) == 1)
        #expect(car.sizes == (t1: 0, t2: 1, b1: 1, b2: 0))
        car.inserted(frame: 1, reference: Workbench.reference(3, 12))
        // |T1| = 1 ≥ max(1, 0): T1's head 12 (clear bit) goes to B1.
        #expect(car.evict(for: Workbench.reference(4, 11)) == 1)
        car.inserted(frame: 1, reference: Workbench.reference(4, 11))  // 11 was in B1: p = 0 + max(1, 0/2)
        #expect(car.target == 1)
        #expect(car.sizes == (t1: 0, t2: 2, b1: 1, b2: 0))
    }

    @Test("Golden faults, cross-checked with an independent list model of the paper's pseudocode")
    func golden() throws {
        let curves = try Workbench.researchCurves("car")
        #expect(curves.belady == [12, 12, 10, 8, 5, 5])
        #expect(curves.first == [1920, 1813, 1703, 1611, 1550, 1298, 845, 515, 222])
        #expect(curves.second == [351, 287, 234, 182, 144, 93, 52, 22, 21])
    }

    @Test("Local scope: evictions for another process's fault and with fewer pages than frames keep the invariants")
    func localScopeEvictionForAnotherProcess() throws {
        let car = CAR(frames: 4)  // this instance holds process 0's pages
        var resident: Set<Int> = []
        func check() throws { try car.checkInvariants(residentCount: resident.count, isResident: resident.contains) }
        func insert(_ frame: Int, time: Int, page: UInt64) throws {
            car.inserted(frame: frame, reference: PageReference(time: time, page: page, process: 0))
            resident.insert(frame)
            try check()
        }
        func evictForProcess1(time: Int) throws -> Int {
            let victim = car.evict(for: PageReference(time: time, page: 99, process: 1))
            resident.remove(victim)
            try check()
            return victim
        }
        try insert(0, time: 0, page: 10)
        try insert(1, time: 1, page: 11)
        // Process 1 faults twice, under its budget with RAM full: this instance gives up 10, then 11, into B1.
        // Process 0 faults on each later, into free frames: B1 hits raise p to 2 and enter T2.
        #expect(try evictForProcess1(time: 2) == 0)
        try insert(2, time: 3, page: 10)
        #expect(try evictForProcess1(time: 4) == 1)
        try insert(1, time: 5, page: 11)
        #expect(car.target == 2)
        #expect(car.sizes == (0, 2, 0, 0))
        // Both leave for process 1 again (into B2); a new page enters T1 alone. With |T1| = 1 < p = 2 and T2 empty,
        // the next eviction must take T1's page.
        #expect(try evictForProcess1(time: 6) == 2)
        #expect(try evictForProcess1(time: 7) == 1)
        try insert(3, time: 8, page: 12)
        #expect(car.sizes == (1, 0, 0, 2))
        #expect(try evictForProcess1(time: 9) == 3)
        #expect(car.sizes == (0, 0, 1, 2))
        // Process 0, with a budget of 2 pages, evicts its own pages while frames are free.
        var pages: [Int: UInt64] = [:]
        for time in 10..<40 {
            let reference = PageReference(time: time, page: UInt64(10 + time % 7), process: 0)
            if let frame = pages.first(where: { $0.value == reference.page })?.key {
                car.accessed(frame: frame, reference: reference)
                continue
            }
            if resident.count >= 2 {
                let victim = car.evict(for: reference)
                resident.remove(victim)
                pages[victim] = nil
                try check()
            }
            let frame = (0..<4).first { !resident.contains($0) }!
            try insert(frame, time: time, page: reference.page)
            pages[frame] = reference.page
        }
    }
}
