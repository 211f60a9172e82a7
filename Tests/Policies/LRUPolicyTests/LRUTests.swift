import LRUPolicy
import Testing
import VMCore
import VMTestSupport

struct LRUTests {
    @Test("Evicts the least recently referenced frame")
    func recency() {
        let lru = LRU(frames: 3)
        for frame in 0..<3 { lru.inserted(frame: frame, reference: PageReference(time: frame, page: 0)) }
        lru.accessed(frame: 0, reference: PageReference(time: 3, page: 0))
        #expect(lru.evict(for: PageReference(time: 4, page: 9)) == 1)
        #expect(lru.evict(for: PageReference(time: 5, page: 9)) == 2)
        #expect(lru.evict(for: PageReference(time: 6, page: 9)) == 0)
    }

    @Test("Golden faults on the Belady string at 1...6 frames")
    func golden() throws {
        let faults = try (1...6).map { try Workbench.faults("lru", pages: Workbench.beladyString, frames: $0) }
        #expect(faults == [12, 12, 10, 8, 5, 5])
    }
}
