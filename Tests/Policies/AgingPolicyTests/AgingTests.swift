import AgingPolicy
import Testing
import VMCore
import VMTestSupport

struct AgingTests {
    @Test("A tick shifts right and ORs the reference bit into the top bit; missed ticks only shift")
    func counters() {
        let policy = Aging(frames: 2, bits: 4, interval: 1)
        policy.inserted(frame: 0, reference: PageReference(time: 0, page: 1))
        #expect(policy.counter(ofFrame: 0) == 0)
        policy.accessed(frame: 0, reference: PageReference(time: 1, page: 1))  // tick: 0b1000
        #expect(policy.counter(ofFrame: 0) == 0b1000)
        policy.accessed(frame: 0, reference: PageReference(time: 2, page: 1))  // tick: 0b1100
        #expect(policy.counter(ofFrame: 0) == 0b1100)
        // Ticks at 3, 4, 5 caught up at once: 0b1110, then two plain shifts: 0b0011.
        policy.accessed(frame: 0, reference: PageReference(time: 5, page: 1))
        #expect(policy.counter(ofFrame: 0) == 0b0011)
        policy.inserted(frame: 1, reference: PageReference(time: 100, page: 2))  // 95 ticks: counters drain to 0
        #expect(policy.counter(ofFrame: 0) == 0)
    }

    @Test("The smallest counter goes; ties go to the page loaded earliest, whatever its reference bit")
    func victims() {
        let policy = Aging(frames: 3, bits: 8, interval: 10)
        policy.inserted(frame: 2, reference: PageReference(time: 0, page: 1))
        policy.inserted(frame: 0, reference: PageReference(time: 1, page: 2))
        policy.inserted(frame: 1, reference: PageReference(time: 2, page: 3))
        policy.accessed(frame: 2, reference: PageReference(time: 3, page: 1))
        // No tick yet: all counters 0, so the earliest loaded (frame 2) goes despite its recent hit.
        #expect(policy.evict(for: PageReference(time: 4, page: 4)) == 2)
        policy.inserted(frame: 2, reference: PageReference(time: 4, page: 4))
        policy.accessed(frame: 0, reference: PageReference(time: 9, page: 2))
        policy.accessed(frame: 1, reference: PageReference(time: 15, page: 3))  // tick at 10: all 0x80
        policy.accessed(frame: 1, reference: PageReference(time: 16, page: 3))
        // Tick at 20: frame 1 0xC0, frames 0 and 2 0x40; frame 0 was loaded first.
        #expect(policy.evict(for: PageReference(time: 20, page: 5)) == 0)
        #expect(policy.counter(ofFrame: 1) == 0xC0)
    }

    @Test("Hand-worked: 1 2 1 3 1 in 2 frames, ticks every 2 accesses, faults 4 times (LRU: 3)")
    func handWorked() throws {
        // Tick at 2 gives 1 and 2 the same counter (0x80) before 1's hit counts, so 3 evicts 1, loaded first.
        #expect(try Workbench.faults("aging:interval=2", pages: [1, 2, 1, 3, 1], frames: 2) == 4)
        #expect(try Workbench.faults("lru", pages: [1, 2, 1, 3, 1], frames: 2) == 3)
        // With a second hit 1 reaches 0xC0 at the tick at 4 and 2 (0x40) goes instead.
        #expect(try Workbench.faults("aging:interval=2", pages: [1, 2, 1, 1, 3, 1], frames: 2) == 3)
    }

    @Test("Golden faults on the Belady string at 1...6 frames (defaults, and a tick per access)")
    func goldenBelady() throws {
        let defaults = try Workbench.faults("aging", pages: Workbench.beladyString, frameCounts: 1...6)
        #expect(defaults == [12, 12, 9, 10, 5, 5])  // no tick within 12 accesses: FIFO
        let everyAccess = try Workbench.faults("aging:interval=1", pages: Workbench.beladyString, frameCounts: 1...6)
        #expect(everyAccess == [12, 12, 10, 8, 5, 5])  // 8 bits of history cover the string: LRU
        let coarse = try Workbench.faults("aging:interval=2,bits=2", pages: Workbench.beladyString, frameCounts: 1...6)
        #expect(coarse == [12, 11, 7, 7, 5, 5])
    }

    @Test("Golden faults on a seeded 300-reference string (checked against a list-based model)")
    func goldenSeeded() throws {
        let pages = Workbench.randomPages(count: 300, distinct: 15, seed: 21)
        #expect(Array(pages.prefix(10)) == [2, 1, 1, 1, 2, 8, 1, 1, 2, 8])
        let expected: [String: [Int]] = [
            "aging": [251, 186, 130, 143, 67, 49], "aging:interval=4": [251, 194, 132, 92, 61, 44],
            "aging:interval=1,bits=3": [251, 202, 155, 123, 86, 60],
        ]
        for (policy, faults) in expected {
            let actual = try Workbench.faults(policy, pages: pages, frameCounts: [1, 2, 3, 4, 6, 8])
            #expect(actual == faults, "\(policy)")
        }
    }

    @Test("With one tick per access and 64 bits it matches LRU on short strings")
    func approximatesLRU() throws {
        for seed in 0..<10 {
            let pages = Workbench.randomPages(count: 60, distinct: 9, seed: UInt64(seed))
            for frames in [2, 3, 5] {
                #expect(
                    try Workbench.faults("aging:interval=1,bits=64", pages: pages, frames: frames)
                        == Workbench.faults("lru", pages: pages, frames: frames))
            }
        }
    }

    @Test("Parameters out of range are refused")
    func parameters() {
        #expect(throws: VMError.self) { try Workbench.machine(policy: "aging:bits=0", frames: 2) }
        #expect(throws: VMError.self) { try Workbench.machine(policy: "aging:bits=65", frames: 2) }
        #expect(throws: VMError.self) { try Workbench.machine(policy: "aging:interval=0", frames: 2) }
    }
}

struct AgingOracleTests {
    @Test(
        "Lazy counters, zero heap and buckets decide exactly as the textbook scan: 500 seeded call sequences",
        arguments: [1, 2, 3, 8, 64])
    func matchesTextbookScan(bits: Int) {
        for seed in 0..<100 {
            var random = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9 &+ UInt64(bits))
            let frames = 1 + random.next(below: 40)
            let interval = [1, 2, 3, 5, 10, 50, 100_000][random.next(below: 7)]
            let maxGap = 1 + random.next(below: 6)
            let disagreement = PolicyDifferential.firstDisagreement(
                Aging(frames: frames, bits: bits, interval: interval),
                ScanningTickPolicy.aging(frames: frames, bits: bits, interval: interval),
                frames: frames, steps: 400, seed: UInt64(seed), maxGap: maxGap)
            #expect(
                disagreement == nil,
                "seed \(seed), \(frames) frames, \(bits) bits, interval \(interval): \(disagreement ?? "")")
            if disagreement != nil { return }
        }
    }
}
