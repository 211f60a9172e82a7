import MRUPolicy
import Testing
import VMCore
import VMTestSupport

struct MRUTests {
    static let ostepString: [UInt64] = [
        6, 7, 7, 9, 7, 9, 0, 4, 9, 6, 9, 1, 4, 2, 5, 5, 0, 2, 2, 9, 7, 1, 7, 1, 6, 1, 0, 8, 2, 2,
        9, 8, 2, 9, 5, 6, 2, 9, 6, 9, 8, 2, 3, 1, 1, 0, 3, 6, 0, 6, 3, 3, 8, 4, 3, 4, 7, 0, 9, 0,
    ]

    @Test("The victim is the page referenced last, hit or load")
    func mechanics() {
        let policy = MRU(frames: 3)
        for frame in 0..<3 { policy.inserted(frame: frame, reference: PageReference(time: frame, page: 0)) }
        #expect(policy.evict(for: PageReference(time: 3, page: 9)) == 2)
        policy.accessed(frame: 0, reference: PageReference(time: 4, page: 0))
        #expect(policy.evict(for: PageReference(time: 5, page: 9)) == 0)
        #expect(policy.evict(for: PageReference(time: 6, page: 9)) == 1)
    }

    @Test("Hand-worked: a cyclic scan of 4 pages in 3 frames faults 6 times in 12 (LRU: 12)")
    func cyclicScan() throws {
        let pages: [UInt64] = [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]
        #expect(try Workbench.faults("mru", pages: pages, frames: 3) == 6)
        #expect(try Workbench.faults("lru", pages: pages, frames: 3) == 12)
    }

    @Test("Golden faults on the Belady string at 1...6 frames (= paging-policy.py -p MRU)")
    func goldenBelady() throws {
        let faults = try (1...6).map { try Workbench.faults("mru", pages: Workbench.beladyString, frames: $0) }
        #expect(faults == [12, 10, 7, 6, 5, 5])
    }

    @Test("Golden misses from OSTEP paging-policy.py -p MRU on a 60-reference string")
    func goldenOSTEP() throws {
        let faults = try [1, 2, 3, 4, 5, 6, 8].map { try Workbench.faults("mru", pages: Self.ostepString, frames: $0) }
        #expect(faults == [54, 49, 41, 35, 28, 19, 11])
    }
}
