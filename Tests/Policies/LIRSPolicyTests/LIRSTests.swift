import LIRSPolicy
import Testing
import VMCore
import VMTestSupport

struct LIRSTests {
    @Test("Lhirs = max(1, ⌊C/100⌋): with 200 frames 2 HIR, 198 LIR")
    func shares() {
        #expect(LIRS(frames: 200).hirLimit == 2)
        #expect(LIRS(frames: 200).lirLimit == 198)
        #expect(LIRS(frames: 1).lirLimit == 0)
    }

    @Test("A non-resident HIR page in S comes back as LIR and demotes the bottom LIR page")
    func mechanics() {
        let lirs = LIRS(frames: 3)  // Llirs 2, Lhirs 1
        lirs.inserted(frame: 0, reference: Workbench.reference(0, 1))  // LIR
        lirs.inserted(frame: 1, reference: Workbench.reference(1, 2))  // LIR
        lirs.inserted(frame: 2, reference: Workbench.reference(2, 3))  // HIR, in Q
        #expect(lirs.sizes == (lir: 2, hir: 1, nonResident: 0, stack: 3))
        #expect(lirs.evict(for: Workbench.reference(3, 4)) == 2)  // Q's front: page 3 stays in S as a ghost
        lirs.inserted(frame: 2, reference: Workbench.reference(3, 4))
        #expect(lirs.sizes == (lir: 2, hir: 1, nonResident: 1, stack: 4))
        #expect(lirs.evict(for: Workbench.reference(4, 3)) == 2)  // page 4 leaves; page 3 is a ghost in S
        lirs.inserted(frame: 2, reference: Workbench.reference(4, 3))
        // Page 3 became LIR; page 1 at S's bottom became HIR (in Q) and left S; page 2 is now S's bottom.
        #expect(lirs.sizes == (lir: 2, hir: 1, nonResident: 1, stack: 3))
        #expect(lirs.evict(for: Workbench.reference(5, 9)) == 0)
    }

    @Test("Golden faults: the Belady string agrees with libCacheSim; seeded strings with a paper model")
    func golden() throws {
        let curves = try Workbench.researchCurves("lirs")
        #expect(curves.belady == [12, 10, 8, 7, 5, 5])
        #expect(curves.first == [1920, 1812, 1711, 1613, 1522, 1253, 824, 455, 239])
        #expect(curves.second == [351, 287, 233, 187, 142, 82, 50, 22, 21])
    }

    @Test("Stack S stays within 2C entries on a scan-heavy string (checked after every step by the invariants)")
    func boundedStack() throws {
        let machine = try Workbench.run("lirs", pages: (0..<3000).map { UInt64($0 % 7 == 0 ? $0 : $0 % 5) }, frames: 4)
        #expect(machine.totals.accesses == 3000)
    }
}
