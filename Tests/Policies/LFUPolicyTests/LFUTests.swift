import LFUPolicy
import Testing
import VMCore
import VMTestSupport

struct LFUTests {
    static let ostepString: [UInt64] = [
        6, 7, 7, 9, 7, 9, 0, 4, 9, 6, 9, 1, 4, 2, 5, 5, 0, 2, 2, 9, 7, 1, 7, 1, 6, 1, 0, 8, 2, 2,
        9, 8, 2, 9, 5, 6, 2, 9, 6, 9, 8, 2, 3, 1, 1, 0, 3, 6, 0, 6, 3, 3, 8, 4, 3, 4, 7, 0, 9, 0,
    ]

    @Test("Frequencies count references while resident: 1 on load, +1 per hit, forgotten on eviction")
    func frequencies() {
        let policy = LFU(frames: 2)
        policy.inserted(frame: 0, reference: PageReference(time: 0, page: 1))
        #expect(policy.frequency(ofFrame: 0) == 1)
        for time in 1...3 { policy.accessed(frame: 0, reference: PageReference(time: time, page: 1)) }
        #expect(policy.frequency(ofFrame: 0) == 4)
        policy.inserted(frame: 1, reference: PageReference(time: 4, page: 2))
        #expect(policy.evict(for: PageReference(time: 5, page: 3)) == 1)
        #expect(policy.frequency(ofFrame: 1) == nil)
        policy.inserted(frame: 1, reference: PageReference(time: 5, page: 3))
        #expect(policy.evict(for: PageReference(time: 6, page: 4)) == 1)
        #expect(policy.evict(for: PageReference(time: 6, page: 4)) == 0)
        #expect(policy.frequency(ofFrame: 0) == nil)
    }

    @Test("Ties go to the least recently accessed page, not the earliest loaded")
    func tieBreak() {
        let policy = LFU(frames: 3)
        for frame in 0..<3 { policy.inserted(frame: frame, reference: PageReference(time: frame, page: 0)) }
        policy.accessed(frame: 2, reference: PageReference(time: 3, page: 0))
        policy.accessed(frame: 0, reference: PageReference(time: 4, page: 0))
        policy.accessed(frame: 1, reference: PageReference(time: 5, page: 0))
        // All at frequency 2, reached in the order 2, 0, 1.
        #expect(policy.evict(for: PageReference(time: 6, page: 9)) == 2)
        #expect(policy.evict(for: PageReference(time: 6, page: 9)) == 0)
        #expect(policy.evict(for: PageReference(time: 6, page: 9)) == 1)
    }

    @Test("Removal from the middle of a bucket and of the chain keeps the order of the others")
    func removal() {
        let policy = LFU(frames: 4)
        for frame in 0..<4 { policy.inserted(frame: frame, reference: PageReference(time: frame, page: 0)) }
        policy.accessed(frame: 3, reference: PageReference(time: 4, page: 0))
        policy.removed(frame: 1)
        policy.removed(frame: 3)
        #expect(policy.evict(for: PageReference(time: 5, page: 9)) == 0)
        #expect(policy.evict(for: PageReference(time: 5, page: 9)) == 2)
    }

    @Test("Hand-worked: 1 2 2 1 3 1 in 2 frames faults 3 times (3 evicts 2, which reached frequency 2 first)")
    func handWorked() throws {
        #expect(try Workbench.faults("lfu", pages: [1, 2, 2, 1, 3, 1], frames: 2) == 3)
        // 1 is hit twice, so the newcomers 2, 3, 4 replace each other.
        #expect(try Workbench.faults("lfu", pages: [1, 1, 1, 2, 3, 4, 1, 2, 1], frames: 2) == 5)
    }

    @Test("Golden faults on the Belady string at 1...6 frames (libCacheSim LFU)")
    func goldenBelady() throws {
        let faults = try (1...6).map { try Workbench.faults("lfu", pages: Workbench.beladyString, frames: $0) }
        #expect(faults == [12, 12, 10, 8, 5, 5])
    }

    @Test("Golden misses from libCacheSim 0.3.5 (Python bindings, LFU, unit-size objects)")
    func goldenLibCacheSim() throws {
        let faults = try [1, 2, 3, 4, 5, 6, 8].map { try Workbench.faults("lfu", pages: Self.ostepString, frames: $0) }
        #expect(faults == [54, 48, 39, 37, 29, 28, 18])
        let pages = Workbench.randomPages(count: 2000, distinct: 50, seed: 3)
        #expect(Array(pages.prefix(10)) == [8, 0, 7, 10, 10, 8, 4, 39, 1, 7])  // the trace libCacheSim was fed
        let large = try [1, 2, 4, 8, 16, 32, 48].map {
            try Workbench.faults("lfu", pages: pages, frames: $0, checks: false)
        }
        #expect(large == [1906, 1773, 1523, 1008, 419, 226, 62])
    }
}
