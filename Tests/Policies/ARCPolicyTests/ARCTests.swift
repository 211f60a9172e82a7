import ARCPolicy
import Testing
import VMCore
import VMTestSupport

struct ARCTests {
    static func reference(_ time: Int, _ page: UInt64) -> PageReference { PageReference(time: time, page: page) }

    @Test("A hit moves a page to T2; a B1 ghost hit grows p and enters T2; a B2 ghost hit shrinks p")
    func mechanics() {
        let arc = ARC(frames: 2)
        arc.inserted(frame: 0, reference: Self.reference(0, 10))
        arc.inserted(frame: 1, reference: Self.reference(1, 11))
        arc.accessed(frame: 0, reference: Self.reference(2, 10))
        #expect(arc.sizes == (1, 1, 0, 0))
        // Miss on 12: T1 = {11} > p = 0, so 11 goes to B1.
        #expect(arc.evict(for: Self.reference(3, 12)) == 1)
        arc.inserted(frame: 1, reference: Self.reference(3, 12))
        #expect(arc.sizes == (1, 1, 1, 0))
        // Miss on 11, a B1 ghost: p grows by max(|B2|/|B1|, 1) = 1; |T1| = 1 = p, so T2's LRU page 10 goes to B2.
        #expect(arc.evict(for: Self.reference(4, 11)) == 0)
        #expect(arc.target == 1)
        arc.inserted(frame: 0, reference: Self.reference(4, 11))
        #expect(arc.sizes == (1, 1, 0, 1))
        // Miss on 10, a B2 ghost: p shrinks to 0; T1 = {12} > 0 goes to B1; 10 enters T2.
        #expect(arc.evict(for: Self.reference(5, 10)) == 1)
        #expect(arc.target == 0)
        arc.inserted(frame: 1, reference: Self.reference(5, 10))
        #expect(arc.sizes == (0, 2, 1, 0))
    }

    @Test("Golden faults equal libCacheSim's ARC on the Belady string and seeded strings")
    func goldenLibCacheSim() throws {
        let belady = try (1...6).map { try Workbench.faults("arc", pages: Workbench.beladyString, frames: $0) }
        #expect(belady == [12, 12, 10, 7, 5, 5])
        let sizes = [1, 2, 3, 4, 5, 8, 13, 20, 40]
        let first = Workbench.randomPages(count: 2000, distinct: 60, seed: 7)
        #expect(
            try sizes.map { try Workbench.faults("arc", pages: first, frames: $0, checks: false) }
                == [1920, 1834, 1716, 1632, 1559, 1301, 899, 531, 229])
        let second = Workbench.randomPages(count: 400, distinct: 21, seed: 14)
        #expect(
            try sizes.map { try Workbench.faults("arc", pages: second, frames: $0) }
                == [351, 289, 235, 188, 151, 93, 45, 22, 21])
    }
}
