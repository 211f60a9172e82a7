import ClockProPolicy
import Testing
import VMCore
import VMTestSupport

struct ClockProTests {
    static func reference(_ time: Int, _ page: UInt64) -> PageReference { PageReference(time: time, page: page) }

    @Test("Unreferenced test pages leave ghosts in place; HAND_test ends tests; a ghost hit turns hot")
    func handWorked() {
        let policy = ClockPro(frames: 2)
        #expect(policy.coldTarget == 2)
        policy.inserted(frame: 0, reference: Self.reference(0, 10))
        policy.inserted(frame: 1, reference: Self.reference(1, 11))
        #expect(policy.clockOrder() == [.resident(0), .resident(1)])
        // HAND_cold finds 10 unreferenced in its test period: it becomes a ghost where it stood.
        #expect(policy.evict(for: Self.reference(2, 12)) == 0)
        policy.inserted(frame: 0, reference: Self.reference(2, 12))
        #expect(policy.clockOrder() == [.ghost(10), .resident(1), .resident(0)])
        #expect(policy.evict(for: Self.reference(3, 13)) == 1)
        policy.inserted(frame: 1, reference: Self.reference(3, 13))
        #expect(policy.ghostCount == 2)
        // A third ghost would exceed m = 2: HAND_test removes ghost 10 (its test ended unreferenced: m_c shrinks).
        #expect(policy.evict(for: Self.reference(4, 14)) == 0)
        policy.inserted(frame: 0, reference: Self.reference(4, 14))
        #expect(policy.coldTarget == 1)
        #expect(policy.clockOrder() == [.ghost(11), .ghost(12), .resident(1), .resident(0)])
        // 13 is referenced; 11 faults within its test period (m_c grows to 2). HAND_cold turns 13 hot, HAND_hot
        // must make room: it removes ghost 12 and ends 14's test (m_c back to 1), turns 13 cold again; HAND_cold
        // then evicts 14, no longer in test, without a ghost, and 11 enters hot.
        policy.accessed(frame: 1, reference: Self.reference(5, 13))
        #expect(policy.evict(for: Self.reference(6, 11)) == 0)
        policy.inserted(frame: 0, reference: Self.reference(6, 11))
        #expect(policy.coldTarget == 1)
        #expect((policy.hotCount, policy.coldCount, policy.ghostCount) == (1, 1, 0))
        #expect(policy.status(of: 0) == (true, false, false))
        #expect(policy.status(of: 1) == (false, false, false))
        #expect(policy.clockOrder() == [.resident(1), .resident(0)])
    }

    @Test("Golden faults on the Belady string and seeded strings, from an independent Python model")
    func golden() throws {
        let belady = try (1...6).map { try Workbench.faults("clock-pro", pages: Workbench.beladyString, frames: $0) }
        #expect(belady == [12, 12, 10, 8, 5, 5])
        let sizes = [1, 2, 3, 4, 5, 8, 13, 20, 40]
        let first = Workbench.randomPages(count: 2000, distinct: 60, seed: 7)
        #expect(
            try sizes.map { try Workbench.faults("clock-pro", pages: first, frames: $0, checks: false) }
                == [1920, 1818, 1725, 1647, 1548, 1286, 852, 444, 232])
        let second = Workbench.randomPages(count: 400, distinct: 21, seed: 14)
        #expect(
            try sizes.map { try Workbench.faults("clock-pro", pages: second, frames: $0) }
                == [351, 292, 234, 183, 147, 79, 52, 25, 21])
    }

    @Test("One frame: a repeated page hits; a scan does not flush hot pages")
    func smallSizes() throws {
        #expect(try Workbench.faults("clock-pro", pages: [1, 1, 2, 2, 1, 1, 3], frames: 1) == 4)
        // 1 and 2 are reused within their test periods among one-time pages; once m_c (which starts at m) has
        // shrunk they stay hot, and a one-time scan of 20 pages then passes through the cold pages only: every
        // fault is a first touch (14 + 20), while LRU loses 1 and 2 to the scan.
        let warm: [UInt64] = (0..<12).flatMap { index -> [UInt64] in [1, 2, 100 + UInt64(index)] }
        let scan: [UInt64] = warm + (10...29).map { UInt64($0) } + [1, 2]
        let machine = try Workbench.run("clock-pro", pages: scan, frames: 4)
        let lru = try Workbench.run("lru", pages: scan, frames: 4)
        #expect(machine.totals.faults == 34)
        #expect(machine.totals.faults < lru.totals.faults)
    }

    @Test("Local scope: evictions for another process's fault, with few pages, all hot, keep the invariants")
    func localScopeEvictionForAnotherProcess() throws {
        // Two processes, one instance each, share 4 frames; process 0's budget varies between 1 and 3 frames.
        let policies = [ClockPro(frames: 4), ClockPro(frames: 4)]
        var owner = [Int](repeating: -1, count: 4)
        var pageIn = [UInt64](repeating: 0, count: 4)
        func check() throws {
            for process in 0..<2 {
                try policies[process].checkInvariants(residentCount: owner.count { $0 == process }) {
                    owner[$0] == process
                }
            }
        }
        func evict(from process: Int, for reference: PageReference) throws -> Int {
            let victim = policies[process].evict(for: reference)
            #expect(owner[victim] == process)
            owner[victim] = -1
            // Between an eviction for this instance's own fault and the insertion, `m_c` may already have grown.
            if reference.process != process { try check() }
            return victim
        }
        // Process 0's pages 10 and 11; process 1 faults with RAM otherwise full and takes 10 (a ghost in its test
        // period); process 0 faults on 10 later, into a free frame: a reuse in the test period, so it turns hot.
        for frame in 0..<2 {
            policies[0].inserted(frame: frame, reference: PageReference(time: frame, page: UInt64(10 + frame)))
            (owner[frame], pageIn[frame]) = (0, UInt64(10 + frame))
        }
        #expect(try evict(from: 0, for: PageReference(time: 2, page: 10, process: 1)) == 0)
        #expect(policies[0].ghostCount == 1)
        policies[0].inserted(frame: 3, reference: PageReference(time: 3, page: 10))
        (owner[3], pageIn[3]) = (0, 10)
        #expect(policies[0].ghostCount == 0)
        try check()
        // Then a seeded interleaving of both processes under the same rules.
        var generator = SplitMix64(seed: 11)
        for time in 4..<2000 {
            let process = generator.next(below: 2)
            let reference = PageReference(
                time: time, page: UInt64(10 + generator.next(below: 6)), process: process)
            if let frame = (0..<4).first(where: { owner[$0] == process && pageIn[$0] == reference.page }) {
                policies[process].accessed(frame: frame, reference: reference)
                continue
            }
            let budget = process == 0 ? 1 + time % 3 : 4 - (1 + time % 3)
            let held = owner.count { $0 == process }
            if held > 0 && held >= budget {
                _ = try evict(from: process, for: reference)
            } else if !owner.contains(-1) {
                _ = try evict(from: 1 - process, for: reference)
            }
            let frame = owner.firstIndex(of: -1)!
            policies[process].inserted(frame: frame, reference: reference)
            (owner[frame], pageIn[frame]) = (process, reference.page)
            try check()
        }
    }
}
