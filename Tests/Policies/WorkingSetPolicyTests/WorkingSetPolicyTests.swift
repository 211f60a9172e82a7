import Testing
import VMCore
import VMTestSupport
import WorkingSetPolicy

struct WorkingSetTests {
    static func reference(_ time: Int, _ page: UInt64, _ kind: AccessKind = .read) -> PageReference {
        PageReference(time: time, page: page, kind: kind)
    }

    @Test("Ticks sample R into the time of last use; the R=0 page with the greatest age goes, then one outside tau")
    func handWorked() {
        let policy = WorkingSet(frames: 3, tau: 4, interval: 2)
        policy.inserted(frame: 0, reference: Self.reference(0, 10))
        policy.inserted(frame: 1, reference: Self.reference(1, 11))
        policy.inserted(frame: 2, reference: Self.reference(2, 12))
        policy.accessed(frame: 0, reference: Self.reference(3, 10))
        // At time 6 (period 3): frame 0 was referenced in period 1, sampled by the tick at 4; frame 1 (loaded at 1,
        // period 0) by the tick at 2; frame 2 (loaded at 2, period 1) by the tick at 4. No age exceeds tau = 4, so
        // the oldest, frame 1 (age 4), goes — not frame 0, which LRU-by-load-order FIFO would pick.
        #expect(policy.state(of: 0, at: 6) == (false, 4))
        #expect(policy.state(of: 1, at: 6) == (false, 2))
        #expect(policy.evict(for: Self.reference(6, 13)) == 1)
        policy.inserted(frame: 1, reference: Self.reference(6, 13))
        #expect(policy.state(of: 1, at: 6) == (true, 6))
        // At time 11 frames 0 and 2 have age 7 > tau: the first in scan (load) order, frame 0, goes.
        #expect(policy.evict(for: Self.reference(11, 14)) == 0)
    }

    @Test("With every R bit set, the first clean page in load order goes; the fault's scan stamps the time")
    func allReferenced() {
        let policy = WorkingSet(frames: 2, tau: 100, interval: 100)
        policy.inserted(frame: 0, reference: Self.reference(0, 10, .write))
        policy.inserted(frame: 1, reference: Self.reference(1, 11))
        #expect(policy.evict(for: Self.reference(2, 12)) == 1)
        #expect(policy.state(of: 0, at: 2) == (true, 2))
        policy.inserted(frame: 1, reference: Self.reference(2, 12, .write))
        // Both dirty and referenced: the first in load order.
        #expect(policy.evict(for: Self.reference(3, 13)) == 0)
    }

    @Test("Golden faults on the Belady string and seeded strings, from an independent Python model")
    func golden() throws {
        // With tau = 100 and ticks every 10 accesses, 12 references never leave the window: FIFO's counts.
        let belady = try (1...6).map { try Workbench.faults("working-set", pages: Workbench.beladyString, frames: $0) }
        #expect(belady == [12, 12, 9, 10, 5, 5])
        let small = try (1...6).map {
            try Workbench.faults("working-set:tau=3,interval=2", pages: Workbench.beladyString, frames: $0)
        }
        #expect(small == [12, 12, 10, 7, 5, 5])
        let sizes = [1, 2, 3, 4, 5, 8, 13, 20, 40]
        let first = Workbench.randomPages(count: 2000, distinct: 60, seed: 7)
        #expect(
            try sizes.map { try Workbench.faults("working-set", pages: first, frames: $0, checks: false) }
                == [1920, 1828, 1756, 1684, 1609, 1392, 1056, 627, 237])
        let second = Workbench.randomPages(count: 400, distinct: 21, seed: 14)
        #expect(
            try sizes.map { try Workbench.faults("working-set:tau=7,interval=3", pages: second, frames: $0) }
                == [351, 306, 253, 206, 171, 111, 59, 24, 21])
        #expect(
            try sizes.map { try Workbench.faults("working-set:tau=30,interval=5", pages: second, frames: $0) }
                == [351, 307, 252, 211, 173, 102, 44, 25, 21])
    }

    @Test("Sampling makes it differ from LRU, exact ages make it LRU; one frame evicts the only page")
    func notLRU() throws {
        let pages = Workbench.randomPages(count: 2000, distinct: 60, seed: 7)
        let ws = try Workbench.faults("working-set", pages: pages, frames: 13, checks: false)
        let lru = try Workbench.faults("lru", pages: pages, frames: 13, checks: false)
        #expect(ws != lru)
        // Exact ages (a tick every access) and a window longer than the run: the greatest age is LRU's victim.
        let second = Workbench.randomPages(count: 400, distinct: 21, seed: 14)
        for frames in [3, 5, 8] {
            #expect(
                try Workbench.faults("working-set:tau=1000,interval=1", pages: second, frames: frames)
                    == Workbench.faults("lru", pages: second, frames: frames))
        }
        #expect(try Workbench.faults("working-set", pages: [1, 1, 2, 2, 1], frames: 1) == 3)
    }

    @Test("Bad parameters are refused")
    func parameters() {
        #expect(throws: VMError.self) { try Workbench.faults("working-set:interval=0", pages: [1], frames: 1) }
        #expect(throws: VMError.self) { try Workbench.faults("working-set:tau=-1", pages: [1], frames: 1) }
    }
}
