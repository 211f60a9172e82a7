import OSTEPClockPolicy
import Testing
import VMCore
import VMTestSupport

/// Golden values are the output of OSTEP's `vm-beyondphys-policy/paging-policy.py` run with python3, e.g.
/// `paging-policy.py -a 1,2,3,4,1,2,5,1,2,3,4,5 -p CLOCK -s 0 -C 3 -c` (default `-b 2`).
struct OSTEPClockTests {
    @Test("Counters: 1 on load, +1 per hit up to bits; a probe decrements, a zero counter is evicted")
    func mechanics() {
        let policy = OSTEPClock(frames: 3, seed: 0, bits: 2)
        for frame in 0..<3 { policy.inserted(frame: frame, reference: PageReference(time: frame, page: 0)) }
        #expect(policy.counter(ofFrame: 0) == 1)
        for time in 3..<6 { policy.accessed(frame: 0, reference: PageReference(time: time, page: 0)) }
        #expect(policy.counter(ofFrame: 0) == 2)
        // Probes (seed 0): index 2 (frame 2: 1 → 0), index 2 (frame 2: 0 → evicted).
        #expect(policy.evict(for: PageReference(time: 6, page: 9)) == 2)
        #expect(policy.counter(ofFrame: 0) == 2 && policy.counter(ofFrame: 1) == 1)
        // List [0 1]. Draws 0.4205, 0.2589, 0.5112, 0.4049 (·2 → 0, 0, 1, 0): frame 0 2 → 1 → 0, frame 1 1 → 0,
        // then frame 0 at 0 goes.
        #expect(policy.evict(for: PageReference(time: 7, page: 9)) == 0)
        #expect(policy.counter(ofFrame: 1) == 0)
    }

    @Test("Seed 0, 3 frames, Belady string: the script's trace, reference by reference")
    func traceSeedZero() throws {
        let trace = try Workbench.hitsAndMisses("ostep-clock:seed=0", pages: Workbench.beladyString, frames: 3)
        #expect(trace == "MMMMHHMHMMMM")
    }

    static let beladyGolden: [(seed: UInt64, misses: [Int])] = [
        (0, [12, 11, 9, 6, 5, 5]), (1, [12, 11, 8, 6, 5, 5]), (2, [12, 12, 7, 6, 5, 5]),
        (7, [12, 12, 8, 6, 5, 5]),
    ]

    @Test("Golden misses on the Belady string at 1...6 frames, several seeds (bits=2)", arguments: beladyGolden)
    func goldenBelady(seed: UInt64, expected: [Int]) throws {
        let faults = try Workbench.faults("ostep-clock:seed=\(seed)", pages: Workbench.beladyString, frameCounts: 1...6)
        #expect(faults == expected)
    }

    static let longGolden: [(seed: UInt64, misses: [Int])] = [
        (0, [54, 48, 38, 32, 28, 27, 15]), (1, [54, 43, 39, 26, 26, 26, 14]),
        (2, [54, 43, 38, 27, 27, 21, 13]), (7, [54, 42, 36, 31, 33, 21, 14]),
    ]

    @Test(
        "Golden misses on a 60-reference string at 1, 2, 3, 4, 5, 6, 8 frames, several seeds (bits=2)",
        arguments: longGolden)
    func goldenLong(seed: UInt64, expected: [Int]) throws {
        let faults = try Workbench.faults(
            "ostep-clock:seed=\(seed)", pages: Workbench.ostepString, frameCounts: [1, 2, 3, 4, 5, 6, 8])
        #expect(faults == expected)
    }

    static let bitsGolden: [(bits: Int, misses: [Int])] = [
        (0, [54, 45, 35, 34, 26, 20, 13]), (1, [54, 41, 38, 35, 27, 21, 14]),
        (3, [54, 44, 40, 35, 29, 23, 12]), (4, [54, 43, 40, 36, 28, 23, 14]),
    ]

    @Test("Golden misses with -b 0, 1, 3, 4 (seed 3) on the 60-reference string", arguments: bitsGolden)
    func goldenBits(bits: Int, expected: [Int]) throws {
        let faults = try Workbench.faults(
            "ostep-clock:seed=3,bits=\(bits)", pages: Workbench.ostepString, frameCounts: [1, 2, 3, 4, 5, 6, 8])
        #expect(faults == expected)
    }

    @Test("Two-word seeds and full per-reference traces")
    func goldenTraces() throws {
        let expected: [UInt64: [Int]] = [
            4_294_967_301: [44, 38, 32, 25], 9_223_372_036_854_775_808: [46, 38, 29, 27],
            18_446_744_073_709_551_615: [44, 39, 32, 25],
        ]
        for (seed, misses) in expected {
            let faults = try Workbench.faults(
                "ostep-clock:seed=\(seed)", pages: Workbench.ostepString, frameCounts: [2, 3, 4, 5])
            #expect(faults == misses, "seed \(seed)")
        }
        #expect(
            try Workbench.hitsAndMisses("ostep-clock:seed=2", pages: Workbench.ostepString, frames: 4)
                == "MMHMHHMMHHHMHMMHMHHMHMHHMHMMMHMMHHMMHHHHMHMMHHHMHHHHMMHHMHMH")
        #expect(
            try Workbench.hitsAndMisses("ostep-clock:seed=9,bits=3", pages: Workbench.ostepString, frames: 5)
                == "MMHMHHMMHHHMMMMHMHHMMMHHMHMMHHMMMHMHHHHHHHMMHMHMHHHHMMHHMMMH")
    }

    @Test("Defaults are the script's (seed 0, bits 2); a negative bits value is refused")
    func parameters() throws {
        #expect(
            try Workbench.faults("ostep-clock", pages: Workbench.ostepString, frames: 4)
                == Workbench.faults("ostep-clock:seed=0,bits=2", pages: Workbench.ostepString, frames: 4))
        #expect(throws: VMError.self) { try Workbench.machine(policy: "ostep-clock:bits=-1", frames: 4) }
    }
}
