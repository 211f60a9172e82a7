import CARPolicy
import Testing
import VMCore
import VMTestSupport

struct CARTests {
    static func reference(_ time: Int, _ page: UInt64) -> PageReference { PageReference(time: time, page: page) }

    @Test("A referenced T1 page moves to T2 instead of leaving; a B1 ghost hit raises p and enters T2")
    func mechanics() {
        let car = CAR(frames: 2)
        car.inserted(frame: 0, reference: Self.reference(0, 10))
        car.inserted(frame: 1, reference: Self.reference(1, 11))
        car.accessed(frame: 0, reference: Self.reference(2, 10))
        // |T1| = 2 ≥ max(1, p): head 10 is referenced → cleared, to T2; head 11 is not → evicted into B1.
        #expect(car.evict(for: Self.reference(3, 12)) == 1)
        #expect(car.sizes == (t1: 0, t2: 1, b1: 1, b2: 0))
        car.inserted(frame: 1, reference: Self.reference(3, 12))
        // |T1| = 1 ≥ max(1, 0): T1's head 12 (clear bit) goes to B1.
        #expect(car.evict(for: Self.reference(4, 11)) == 1)
        car.inserted(frame: 1, reference: Self.reference(4, 11))  // 11 was in B1: p = 0 + max(1, 0/2)
        #expect(car.target == 1)
        #expect(car.sizes == (t1: 0, t2: 2, b1: 1, b2: 0))
    }

    @Test("Golden faults, cross-checked with an independent list model of the paper's pseudocode")
    func golden() throws {
        let belady = try (1...6).map { try Workbench.faults("car", pages: Workbench.beladyString, frames: $0) }
        #expect(belady == [12, 12, 10, 8, 5, 5])
        let sizes = [1, 2, 3, 4, 5, 8, 13, 20, 40]
        let first = Workbench.randomPages(count: 2000, distinct: 60, seed: 7)
        #expect(
            try sizes.map { try Workbench.faults("car", pages: first, frames: $0, checks: false) }
                == [1920, 1813, 1703, 1611, 1550, 1298, 845, 515, 222])
        let second = Workbench.randomPages(count: 400, distinct: 21, seed: 14)
        #expect(
            try sizes.map { try Workbench.faults("car", pages: second, frames: $0) }
                == [351, 287, 234, 182, 144, 93, 52, 22, 21])
    }
}
