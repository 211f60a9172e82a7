import OSTEPRandPolicy
import Testing
import VMCore
import VMTestSupport

/// Golden values are the output of OSTEP's `vm-beyondphys-policy/paging-policy.py` run with python3, e.g.
/// `paging-policy.py -a 1,2,3,4,1,2,5,1,2,3,4,5 -p RAND -s 0 -C 3 -c`.
struct OSTEPRandTests {
    @Test("Seed 0, 3 frames, Belady string: the script's trace, reference by reference")
    func traceSeedZero() throws {
        // Draws 0.844…·3 → index 2 (page 3), 0.757…·3 → 2 (page 4), 0.420…·3 → 1 (page 2), then index 0 (page 1).
        let trace = try Workbench.hitsAndMisses("ostep-rand:seed=0", pages: Workbench.beladyString, frames: 3)
        #expect(trace == "MMMMHHMHHMMH")
    }

    @Test("The victim is the list entry at int(random() * count); the list keeps load order")
    func mechanics() {
        let policy = OSTEPRand(frames: 3, seed: 0)
        for frame in [2, 0, 1] { policy.inserted(frame: frame, reference: PageReference(time: 0, page: 0)) }
        // List [2 0 1]: 0.8444…·3 → index 2 → frame 1; reloaded, it is last again.
        #expect(policy.evict(for: PageReference(time: 1, page: 9)) == 1)
        policy.inserted(frame: 1, reference: PageReference(time: 1, page: 9))
        // List [2 0 1]; 0.7579…·3 → index 2 → frame 1.
        #expect(policy.evict(for: PageReference(time: 2, page: 9)) == 1)
        policy.inserted(frame: 1, reference: PageReference(time: 2, page: 9))
        // 0.4205…·3 → index 1 → frame 0; the list closes up to [2 1].
        #expect(policy.evict(for: PageReference(time: 3, page: 9)) == 0)
        policy.removed(frame: 2)
        #expect(policy.evict(for: PageReference(time: 4, page: 9)) == 1)
    }

    static let beladyGolden: [(seed: UInt64, misses: [Int])] = [
        (0, [12, 10, 7, 7, 5, 5]), (1, [12, 10, 10, 7, 5, 5]), (2, [12, 10, 7, 7, 5, 5]),
        (7, [12, 11, 10, 6, 5, 5]),
    ]

    @Test("Golden misses on the Belady string at 1...6 frames, several seeds", arguments: beladyGolden)
    func goldenBelady(seed: UInt64, expected: [Int]) throws {
        let faults = try Workbench.faults("ostep-rand:seed=\(seed)", pages: Workbench.beladyString, frameCounts: 1...6)
        #expect(faults == expected)
    }

    static let longGolden: [(seed: UInt64, misses: [Int])] = [
        (0, [54, 44, 39, 26, 27, 21, 16]), (1, [54, 45, 36, 32, 23, 22, 11]),
        (2, [54, 51, 39, 33, 26, 23, 15]), (7, [54, 44, 33, 28, 22, 24, 12]),
    ]

    @Test("Golden misses on a 60-reference string at 1, 2, 3, 4, 5, 6, 8 frames, several seeds", arguments: longGolden)
    func goldenLong(seed: UInt64, expected: [Int]) throws {
        let faults = try Workbench.faults(
            "ostep-rand:seed=\(seed)", pages: Workbench.ostepString, frameCounts: [1, 2, 3, 4, 5, 6, 8])
        #expect(faults == expected)
    }

    @Test("Two-word seeds at 2, 3, 4, 5 frames and a full per-reference trace")
    func goldenLargeSeeds() throws {
        let expected: [UInt64: [Int]] = [
            4_294_967_301: [40, 44, 37, 32], 9_223_372_036_854_775_808: [47, 35, 31, 25],
            18_446_744_073_709_551_615: [44, 39, 27, 28],
        ]
        for (seed, misses) in expected {
            let faults = try Workbench.faults(
                "ostep-rand:seed=\(seed)", pages: Workbench.ostepString, frameCounts: [2, 3, 4, 5])
            #expect(faults == misses, "seed \(seed)")
        }
        let trace = try Workbench.hitsAndMisses("ostep-rand:seed=1", pages: Workbench.ostepString, frames: 4)
        #expect(trace == "MMHMHHMMHMHMMMMHMMHMMMMHMHMMMHHHHHMHHMHHHHMMHMHMHHHHMMMHMHMM")
    }

    @Test("The default seed is the script's default, 0")
    func defaultSeed() throws {
        #expect(
            try Workbench.faults("ostep-rand", pages: Workbench.ostepString, frames: 4)
                == Workbench.faults("ostep-rand:seed=0", pages: Workbench.ostepString, frames: 4))
    }
}
