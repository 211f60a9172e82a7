import SIEVEPolicy
import Testing
import VMCore
import VMTestSupport

struct SIEVETests {
    static func reference(_ time: Int, _ page: UInt64) -> PageReference { PageReference(time: time, page: page) }

    @Test("The hand walks from the tail toward the head, clearing visited bits, and keeps its place")
    func handKeepsPosition() {
        let sieve = SIEVE(frames: 4)
        // Queue head → tail: 3 2 1 0.
        for frame in 0..<4 { sieve.inserted(frame: frame, reference: Self.reference(frame, UInt64(frame))) }
        sieve.accessed(frame: 0, reference: Self.reference(4, 0))
        sieve.accessed(frame: 1, reference: Self.reference(5, 1))
        // Tail 0 and 1 are visited: cleared and passed; 2 is evicted; the hand rests on 3.
        #expect(sieve.evict(for: Self.reference(6, 9)) == 2)
        sieve.inserted(frame: 2, reference: Self.reference(6, 9))
        // The hand resumes at 3 (unvisited), not at the tail.
        #expect(sieve.evict(for: Self.reference(7, 10)) == 3)
        sieve.inserted(frame: 3, reference: Self.reference(7, 10))
        // Queue head → tail: 3 2 1 0. The hand rests on 2, the victim's neighbour toward the head (not the tail,
        // where 0 and 1 sit with cleared bits): 2 is unvisited and goes.
        #expect(sieve.evict(for: Self.reference(8, 11)) == 2)
        sieve.inserted(frame: 2, reference: Self.reference(8, 11))
        // The hand moved on to 3 (page 10, unvisited) rather than restarting at the tail.
        #expect(sieve.evict(for: Self.reference(9, 12)) == 3)
    }

    @Test("Golden faults equal libCacheSim's Sieve on the Belady string and seeded strings")
    func goldenLibCacheSim() throws {
        let belady = try (1...6).map { try Workbench.faults("sieve", pages: Workbench.beladyString, frames: $0) }
        #expect(belady == [12, 12, 10, 8, 5, 5])
        let sizes = [1, 2, 3, 5, 8, 13, 20, 40]
        let first = Workbench.randomPages(count: 2000, distinct: 60, seed: 7)
        #expect(
            try sizes.map { try Workbench.faults("sieve", pages: first, frames: $0, checks: false) }
                == [1920, 1826, 1740, 1565, 1252, 842, 427, 231])
        let second = Workbench.randomPages(count: 400, distinct: 21, seed: 14)
        #expect(
            try sizes.map { try Workbench.faults("sieve", pages: second, frames: $0) }
                == [351, 301, 236, 145, 82, 48, 25, 21])
    }
}
