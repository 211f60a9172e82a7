import LRUKPolicy
import Testing
import VMCore
import VMTestSupport

struct LRUKTests {
    @Test("Pages with fewer than K references go first, in arrival order; then the oldest K-th reference")
    func mechanics() {
        let policy = LRUK(frames: 3, k: 2)
        policy.inserted(frame: 0, reference: Workbench.reference(0, 1))
        policy.inserted(frame: 1, reference: Workbench.reference(1, 2))
        policy.inserted(frame: 2, reference: Workbench.reference(2, 3))
        policy.accessed(frame: 0, reference: Workbench.reference(3, 1))  // frame 0: times 0, 3
        policy.accessed(frame: 1, reference: Workbench.reference(4, 2))  // frame 1: times 1, 4
        #expect(policy.evict(for: Workbench.reference(5, 4)) == 2)  // only one reference: infinite distance
        policy.inserted(frame: 2, reference: Workbench.reference(5, 4))
        policy.accessed(frame: 2, reference: Workbench.reference(6, 4))  // frame 2: times 5, 6
        policy.accessed(frame: 0, reference: Workbench.reference(7, 1))  // frame 0: times 3, 7
        // Second most recent references: frame 0 at 3, frame 1 at 1, frame 2 at 5: frame 1 goes.
        #expect(policy.evict(for: Workbench.reference(8, 5)) == 1)
        #expect(policy.evict(for: Workbench.reference(9, 6)) == 0)
    }

    @Test("K = 1 is LRU")
    func kOneIsLRU() throws {
        let pages = Workbench.randomPages(count: 500, distinct: 30, seed: 8)
        for frames in [1, 3, 7, 12] {
            #expect(
                try Workbench.faults("lru-k:k=1", pages: pages, frames: frames)
                    == Workbench.faults("lru", pages: pages, frames: frames))
        }
    }

    @Test("Golden faults equal libCacheSim's LRU_K (k = 2) on the Belady string and seeded strings")
    func goldenLibCacheSim() throws {
        let curves = try Workbench.researchCurves("lru-k", sizes: [1, 2, 3, 4, 5, 8, 13, 20])
        #expect(curves.belady == [12, 12, 10, 8, 5, 5])
        #expect(curves.first == [1920, 1835, 1712, 1618, 1509, 1226, 770, 433])
        #expect(curves.second == [351, 288, 237, 167, 125, 86, 61, 22])
    }

    @Test("k must be at least 1")
    func rejectsZero() {
        #expect(throws: VMError.self) { try Workbench.faults("lru-k:k=0", pages: [1], frames: 1) }
    }
}
