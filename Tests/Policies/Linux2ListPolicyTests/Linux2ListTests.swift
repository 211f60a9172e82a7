import Linux2ListPolicy
import Testing
import VMCore
import VMTestSupport

struct Linux2ListTests {
    static func reference(_ time: Int, _ page: UInt64) -> PageReference { PageReference(time: time, page: page) }

    @Test("The second access on the inactive list activates; reclaim gives referenced pages a second chance")
    func mechanics() {
        let policy = Linux2List(frames: 3)
        for frame in 0..<3 { policy.inserted(frame: frame, reference: Self.reference(frame, UInt64(frame))) }
        #expect(policy.isReferenced(0))  // the faulting access marks the page
        policy.accessed(frame: 0, reference: Self.reference(3, 0))  // referenced and inactive: activated
        #expect(policy.sizes == (active: 1, inactive: 2))
        #expect(!policy.isReferenced(0))
        // Inactive tail is 1 (referenced): cleared, rotated; 2 likewise; 1 again is now unreferenced: evicted.
        #expect(policy.evict(for: Self.reference(4, 9)) == 1)
        policy.inserted(frame: 1, reference: Self.reference(4, 9))
        #expect(policy.sizes == (active: 1, inactive: 2))
        policy.accessed(frame: 2, reference: Self.reference(5, 2))  // sets the flag again (cleared by the scan)
        policy.accessed(frame: 2, reference: Self.reference(6, 2))  // now activates
        #expect(policy.sizes == (active: 2, inactive: 1))
        // Balancing: active (2) > inactive (1) deactivates the active tail (frame 0) before the scan; the inactive
        // tail is then frame 1 (referenced on load): rotated; frame 0 is unreferenced: evicted.
        #expect(policy.evict(for: Self.reference(7, 10)) == 0)
        #expect(policy.sizes == (active: 1, inactive: 1))
    }

    @Test("Golden faults, cross-checked with an independent list model of the same rules")
    func golden() throws {
        let belady = try (1...6).map { try Workbench.faults("linux-2list", pages: Workbench.beladyString, frames: $0) }
        #expect(belady == [12, 12, 9, 8, 5, 5])
        let sizes = [1, 2, 3, 4, 5, 8, 13, 20, 40]
        let first = Workbench.randomPages(count: 2000, distinct: 60, seed: 7)
        #expect(
            try sizes.map { try Workbench.faults("linux-2list", pages: first, frames: $0, checks: false) }
                == [1920, 1834, 1733, 1641, 1569, 1306, 959, 568, 228])
        let second = Workbench.randomPages(count: 400, distinct: 21, seed: 14)
        #expect(
            try sizes.map { try Workbench.faults("linux-2list", pages: second, frames: $0) }
                == [351, 296, 243, 191, 159, 92, 48, 23, 21])
    }

    @Test("A one-time scan does not flush pages used twice: they sit on the active list")
    func scanResistance() throws {
        let hot: [UInt64] = [1, 2, 1, 2]
        let scan = (100..<140).map { UInt64($0) }
        let pages = hot + scan + hot
        let linux = try Workbench.faults("linux-2list", pages: pages, frames: 6)
        let lru = try Workbench.faults("lru", pages: pages, frames: 6)
        #expect(linux == 42)  // 2 cold + 40 scan; the hot pages hit again afterwards
        #expect(lru == 44)
    }
}
