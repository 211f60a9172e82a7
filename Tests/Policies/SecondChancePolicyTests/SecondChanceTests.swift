import SecondChancePolicy
import Testing
import VMCore
import VMTestSupport

struct SecondChanceTests {
    @Test("The bit is set on load: every page gets one pass; a page passed over goes to the tail, bit cleared")
    func mechanics() {
        let policy = SecondChance(frames: 3)
        for frame in 0..<3 { policy.inserted(frame: frame, reference: PageReference(time: frame, page: 0)) }
        // All bits set: 0, 1, 2 each move to the tail cleared, then 0 (oldest, clear) goes.
        #expect(policy.evict(for: PageReference(time: 3, page: 9)) == 0)
        policy.inserted(frame: 0, reference: PageReference(time: 3, page: 9))
        policy.accessed(frame: 1, reference: PageReference(time: 4, page: 1))
        // Queue 1 (set), 2 (clear), 0 (set): 1 moves behind 0, 2 goes.
        #expect(policy.evict(for: PageReference(time: 5, page: 9)) == 2)
        // Queue 0 (set), 1 (clear): 0 moves behind 1, 1 goes.
        #expect(policy.evict(for: PageReference(time: 6, page: 9)) == 1)
    }

    @Test("Hand-worked: 1 2 3 4 1 2 with 3 frames faults 6 times, 1 2 1 3 1 4 with 2 frames 5 times")
    func handWorked() throws {
        // 4 arrives with all bits set: a full pass clears them and 1 leaves; then 1 evicts 2, 2 evicts 3.
        #expect(try Workbench.faults("second-chance", pages: [1, 2, 3, 4, 1, 2], frames: 3) == 6)
        // 1 2 miss, 1 hits. 3: 1 and 2 each pass once (cleared), 1 leaves → [2 3]. 1: 2 is clear and leaves
        // → [3 1]. 4: 3 and 1 each pass once, 3 leaves → [1 4].
        #expect(try Workbench.faults("second-chance", pages: [1, 2, 1, 3, 1, 4], frames: 2) == 5)
    }

    @Test("Golden faults on the Belady string at 1...6 frames")
    func golden() throws {
        let faults = try Workbench.faults("second-chance", pages: Workbench.beladyString, frameCounts: 1...6)
        #expect(faults == [12, 12, 9, 10, 5, 5])
    }

    @Test("Same victims as the one-handed clock (Tanenbaum: the same algorithm on a circle)")
    func matchesClock() throws {
        for seed in 0..<20 {
            let pages = Workbench.randomPages(count: 300, distinct: 5 + seed, seed: UInt64(seed) + 100)
            for frames in [1, 2, 4, 7] {
                let ours = try Workbench.run("second-chance", pages: pages, frames: frames, checks: false)
                let clock = try Workbench.run("clock", pages: pages, frames: frames, checks: false)
                #expect(ours.totals == clock.totals, "seed \(seed), \(frames) frames")
            }
        }
    }
}
