import MGLRUPolicy
import Testing
import VMCore
import VMTestSupport

struct MGLRUTests {
    static func reference(_ time: Int, _ page: UInt64) -> PageReference { PageReference(time: time, page: page) }

    @Test("Hits only set the accessed bit; aging promotes accessed pages; eviction takes the oldest generation")
    func mechanics() {
        let policy = MGLRU(frames: 3)
        #expect((policy.minSeq, policy.maxSeq) == (0, 3))
        policy.inserted(frame: 0, reference: Self.reference(0, 10))
        policy.inserted(frame: 1, reference: Self.reference(1, 11))
        policy.inserted(frame: 2, reference: Self.reference(2, 12))
        policy.accessed(frame: 0, reference: Self.reference(3, 10))
        #expect(policy.pages(inGeneration: 3) == [2, 1, 0])
        #expect(policy.isAccessed(0))
        // Empty generations 0 and 1 are skipped; with two left (2, 3) aging makes generation 4 and promotes frame 0;
        // generation 2 is empty, so min_seq reaches 3, two are left again, and aging makes generation 5.
        #expect(policy.evict(for: Self.reference(4, 13)) == 1)
        #expect((policy.minSeq, policy.maxSeq, policy.agings) == (3, 5, 2))
        #expect(policy.generation(of: 0) == 4)
        #expect(!policy.isAccessed(0))
        policy.inserted(frame: 1, reference: Self.reference(4, 13))
        #expect(policy.pages(inGeneration: 5) == [1])
        // Frame 2, accessed while in the oldest generation, is promoted to the youngest (5) instead of evicted;
        // generation 3 empties, min_seq reaches 4, two are left, aging makes generation 6, and frame 0 (generation 4,
        // the oldest) goes. Generation 4 is now empty; min_seq moves past it at the next eviction.
        policy.accessed(frame: 2, reference: Self.reference(5, 12))
        #expect(policy.evict(for: Self.reference(6, 14)) == 0)
        #expect(policy.generation(of: 2) == 5)
        #expect(policy.pages(inGeneration: 5) == [2, 1])
        #expect((policy.minSeq, policy.maxSeq, policy.agings) == (4, 6, 3))
    }

    @Test("Golden faults on the Belady string and seeded strings, from an independent Python model")
    func golden() throws {
        let belady = try (1...6).map { try Workbench.faults("mglru", pages: Workbench.beladyString, frames: $0) }
        #expect(belady == [12, 12, 10, 8, 5, 5])
        let sizes = [1, 2, 3, 4, 5, 8, 13, 20, 40]
        let first = Workbench.randomPages(count: 2000, distinct: 60, seed: 7)
        #expect(
            try sizes.map { try Workbench.faults("mglru", pages: first, frames: $0, checks: false) }
                == [1920, 1826, 1757, 1672, 1601, 1372, 1013, 595, 231])
        let second = Workbench.randomPages(count: 400, distinct: 21, seed: 14)
        #expect(
            try sizes.map { try Workbench.faults("mglru", pages: second, frames: $0) }
                == [351, 302, 239, 203, 161, 98, 47, 23, 21])
    }

    @Test("One frame: a repeated page hits, every new page evicts the old one")
    func oneFrame() throws {
        #expect(try Workbench.faults("mglru", pages: [1, 1, 2, 2, 1, 1, 3], frames: 1) == 4)
    }
}
