import Testing
import VMCore
import VMTrace

/// Seeded synthetic patterns: their shapes, determinism and validation.
struct SyntheticWorkloadTests {
    static func pages(_ workload: SyntheticWorkload, count: Int, seed: UInt64 = 1) -> [UInt64] {
        workload.accesses(count: count, seed: seed).map { $0.address >> 12 }
    }

    @Test("Sequential scans and loops have the textbook shapes")
    func shapes() {
        #expect(Self.pages(.sequential(pages: 100), count: 5) == [0, 1, 2, 3, 4])
        #expect(Self.pages(.loop(pages: 3), count: 7) == [0, 1, 2, 0, 1, 2, 0])
    }

    @Test("Random patterns stay in range, are seeded, and hot pages are hot")
    func randomPatterns() {
        let uniform = Self.pages(.uniform(pages: 10), count: 5000)
        #expect(uniform.allSatisfy { $0 < 10 } && Set(uniform).count == 10)
        #expect(uniform == Self.pages(.uniform(pages: 10), count: 5000), "same seed, same pages")
        #expect(uniform != Self.pages(.uniform(pages: 10), count: 5000, seed: 2))
        let hotCold = Self.pages(.hotCold(pages: 100, hotFraction: 0.1, hotProbability: 0.9), count: 20_000)
        let hotShare = Double(hotCold.count { $0 < 10 }) / Double(hotCold.count)
        #expect(abs(hotShare - 0.9) < 0.02)
        let zipf = Self.pages(.zipf(pages: 1000, alpha: 1.0), count: 20_000)
        #expect(zipf.count { $0 == 0 } > zipf.count { $0 == 9 } * 5, "rank 1 is far more popular than rank 10")
    }

    @Test("Phases reference a small working set that shifts from phase to phase")
    func phases() {
        let pages = Self.pages(.phases(pages: 1000, workingSet: 8, phaseLength: 500), count: 2000)
        for phase in 0..<4 {
            #expect(Set(pages[(phase * 500)..<((phase + 1) * 500)]).count <= 8)
        }
        #expect(Set(pages[0..<500]) != Set(pages[500..<1000]))
    }

    @Test("A mix interleaves processes in turns of the quantum, each in its own address space")
    func mix() {
        let accesses = SyntheticWorkload.mix([.loop(pages: 2), .sequential(pages: 50)], quantum: 3).accesses(
            count: 9, seed: 0)
        #expect(accesses.map(\.pid) == [1, 1, 1, 2, 2, 2, 1, 1, 1])
        #expect(accesses.map { $0.address >> 12 } == [0, 1, 0, 0, 1, 2, 1, 0, 1])
    }

    @Test("Writes appear with the requested fraction")
    func writes() {
        let accesses = SyntheticWorkload.uniform(pages: 10).accesses(count: 10_000, seed: 4, writeFraction: 0.25)
        let share = Double(accesses.count { $0.kind == .write }) / 10_000
        #expect(abs(share - 0.25) < 0.02)
    }

    @Test("Bad parameters are refused with the pattern's name")
    func validation() {
        #expect(throws: VMError.self) { try SyntheticWorkload.loop(pages: 0).validate() }
        #expect(throws: VMError.self) {
            try SyntheticWorkload.hotCold(pages: 10, hotFraction: 1.5, hotProbability: 0.5).validate()
        }
        #expect(throws: VMError.self) {
            try SyntheticWorkload.phases(pages: 5, workingSet: 9, phaseLength: 10).validate()
        }
        #expect(throws: VMError.self) { try SyntheticWorkload.mix([], quantum: 1).validate() }
    }
}
