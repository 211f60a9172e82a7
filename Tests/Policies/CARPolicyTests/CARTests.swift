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
}
