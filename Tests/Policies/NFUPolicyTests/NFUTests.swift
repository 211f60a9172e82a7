import NFUPolicy
import Testing
import VMCore
import VMTestSupport

struct NFUTests {
    @Test("Each tick adds the reference bit to the counter; missed ticks add it once")
    func counters() {
        let policy = NFU(frames: 2, interval: 2)
        policy.inserted(frame: 0, reference: PageReference(time: 0, page: 1))
        policy.inserted(frame: 1, reference: PageReference(time: 1, page: 2))
        policy.accessed(frame: 0, reference: PageReference(time: 2, page: 1))  // tick at 2: both 1
        #expect(policy.counter(ofFrame: 0) == 1 && policy.counter(ofFrame: 1) == 1)
        policy.accessed(frame: 0, reference: PageReference(time: 9, page: 1))  // ticks 4, 6, 8: frame 0 +1
        #expect(policy.counter(ofFrame: 0) == 2 && policy.counter(ofFrame: 1) == 1)
        #expect(policy.evict(for: PageReference(time: 9, page: 3)) == 1)
    }

    @Test("Ties go to the page loaded earliest")
    func ties() {
        let policy = NFU(frames: 3, interval: 100)
        for (time, frame) in [2, 0, 1].enumerated() {
            policy.inserted(frame: frame, reference: PageReference(time: time, page: UInt64(frame)))
        }
        #expect(policy.evict(for: PageReference(time: 3, page: 9)) == 2)
        #expect(policy.evict(for: PageReference(time: 3, page: 9)) == 0)
    }

    @Test("Hand-worked: a page used early is never forgotten: 1 1 1 2 3 2 3 2 3 in 2 frames faults 7 times")
    func handWorked() throws {
        // With a tick per access 1 reaches 3 while 2 and 3 never pass 1, so they keep evicting each other.
        let pages: [UInt64] = [1, 1, 1, 2, 3, 2, 3, 2, 3]
        #expect(try Workbench.faults("nfu:interval=1", pages: pages, frames: 2) == 7)
        #expect(try Workbench.faults("lru", pages: pages, frames: 2) == 3)
    }

    @Test("Golden faults on the Belady string at 1...6 frames")
    func goldenBelady() throws {
        let defaults = try Workbench.faults("nfu", pages: Workbench.beladyString, frameCounts: 1...6)
        #expect(defaults == [12, 12, 9, 10, 5, 5])  // no tick within 12 accesses: FIFO
        let everyAccess = try Workbench.faults("nfu:interval=1", pages: Workbench.beladyString, frameCounts: 1...6)
        #expect(everyAccess == [12, 12, 10, 8, 5, 5])
        let third = try Workbench.faults("nfu:interval=3", pages: Workbench.beladyString, frameCounts: 1...6)
        #expect(third == [12, 11, 9, 7, 5, 5])
    }

    @Test("Golden faults on a seeded 300-reference string (checked against a list-based model)")
    func goldenSeeded() throws {
        let pages = Workbench.randomPages(count: 300, distinct: 15, seed: 21)
        #expect(Array(pages.prefix(10)) == [2, 1, 1, 1, 2, 8, 1, 1, 2, 8])
        let defaults = try Workbench.faults("nfu", pages: pages, frameCounts: [1, 2, 3, 4, 6, 8])
        #expect(defaults == [251, 186, 130, 143, 67, 49])
        let four = try Workbench.faults("nfu:interval=4", pages: pages, frameCounts: [1, 2, 3, 4, 6, 8])
        #expect(four == [251, 176, 114, 75, 63, 51])
    }

    @Test("An interval below 1 is refused")
    func parameters() {
        #expect(throws: VMError.self) { try Workbench.machine(policy: "nfu:interval=0", frames: 2) }
    }
}

struct NFUOracleTests {
    @Test("The heap and the pending list decide exactly as the textbook scan: 400 seeded call sequences")
    func matchesTextbookScan() {
        for seed in 0..<400 {
            var random = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9)
            let frames = 1 + random.next(below: 40)
            let interval = [1, 2, 3, 5, 10, 50, 100_000][random.next(below: 7)]
            let maxGap = 1 + random.next(below: 6)
            let disagreement = PolicyDifferential.firstDisagreement(
                NFU(frames: frames, interval: interval), ScanningTickPolicy.nfu(frames: frames, interval: interval),
                frames: frames, steps: 400, seed: UInt64(seed), maxGap: maxGap)
            #expect(disagreement == nil, "seed \(seed), \(frames) frames, interval \(interval): \(disagreement ?? "")")
            if disagreement != nil { return }
        }
    }
}
