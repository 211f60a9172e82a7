import LIRSPolicy
import Testing
import VMCore
import VMTestSupport

struct LIRSTests {
    static func reference(_ time: Int, _ page: UInt64) -> PageReference { PageReference(time: time, page: page) }

    @Test("Lhirs = max(1, ⌊C/100⌋): with 200 frames 2 HIR, 198 LIR")
    func shares() {
        #expect(LIRS(frames: 200).hirLimit == 2)
        #expect(LIRS(frames: 200).lirLimit == 198)
        #expect(LIRS(frames: 1).lirLimit == 0)
    }

    @Test("A non-resident HIR page in S comes back as LIR and demotes the bottom LIR page")
    func mechanics() {
        let lirs = LIRS(frames: 3)  // Llirs 2, Lhirs 1
        lirs.inserted(frame: 0, reference: Self.reference(0, 1))  // LIR
        lirs.inserted(frame: 1, reference: Self.reference(1, 2))  // LIR
        lirs.inserted(frame: 2, reference: Self.reference(2, 3))  // HIR, in Q
        #expect(lirs.sizes == (lir: 2, hir: 1, nonResident: 0, stack: 3))
        #expect(lirs.evict(for: Self.reference(3, 4)) == 2)  // Q's front: page 3 stays in S as a ghost
        lirs.inserted(frame: 2, reference: Self.reference(3, 4))
        #expect(lirs.sizes == (lir: 2, hir: 1, nonResident: 1, stack: 4))
        #expect(lirs.evict(for: Self.reference(4, 3)) == 2)  // page 4 leaves; page 3 is a ghost in S
        lirs.inserted(frame: 2, reference: Self.reference(4, 3))
        // Page 3 became LIR; page 1 at S's bottom became HIR (in Q) and left S; page 2 is now S's bottom.
        #expect(lirs.sizes == (lir: 2, hir: 1, nonResident: 1, stack: 3))
        #expect(lirs.evict(for: Self.reference(5, 9)) == 0)
    }

    @Test("Golden faults: the Belady string agrees with libCacheSim; seeded strings with a paper model")
    func golden() throws {
        let belady = try (1...6).map { try Workbench.faults("lirs", pages: Workbench.beladyString, frames: $0) }
        #expect(belady == [12, 10, 8, 7, 5, 5])
        let sizes = [1, 2, 3, 4, 5, 8, 13, 20, 40]
        let first = Workbench.randomPages(count: 2000, distinct: 60, seed: 7)
        #expect(
            try sizes.map { try Workbench.faults("lirs", pages: first, frames: $0, checks: false) }
                == [1920, 1812, 1711, 1613, 1522, 1253, 824, 455, 239])
        let second = Workbench.randomPages(count: 400, distinct: 21, seed: 14)
        #expect(
            try sizes.map { try Workbench.faults("lirs", pages: second, frames: $0) }
                == [351, 287, 233, 187, 142, 82, 50, 22, 21])
    }

    @Test("Stack S stays within 2C entries on a scan-heavy string (checked after every step by the invariants)")
    func boundedStack() throws {
        let machine = try Workbench.run("lirs", pages: (0..<3000).map { UInt64($0 % 7 == 0 ? $0 : $0 % 5) }, frames: 4)
        #expect(machine.totals.accesses == 3000)
    }
}
