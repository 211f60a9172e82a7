import Testing
import VMCore

/// `CPythonRandom` against values printed by CPython 3 (`random.seed(s); random.random()`, `getrandbits(32)`).
struct CPythonRandomTests {
    static func draws(seed: UInt64, count: Int = 3) -> [Double] {
        var generator = CPythonRandom(seed: seed)
        return (0..<count).map { _ in generator.random() }
    }

    @Test("Seed 0 gives CPython's first three random() values")
    func seedZero() {
        #expect(Self.draws(seed: 0) == [0.8444218515250481, 0.7579544029403025, 0.420571580830845])
    }

    static let cpythonDraws: [(seed: UInt64, draws: [Double])] = [
        (1, [0.13436424411240122, 0.8474337369372327, 0.763774618976614]),
        (42, [0.6394267984578837, 0.025010755222666936, 0.27502931836911926]),
        (4_294_967_296, [0.11299430095636409, 0.41782886486292836, 0.0166763664992291]),
        (4_294_967_301, [0.15727238718789782, 0.2824866316461999, 0.6044540318498407]),
        (9_223_372_036_854_775_808, [0.5534639983914199, 0.9406144709090462, 0.24199432111690833]),
        (UInt64.max, [0.021825695401270107, 0.3380953268613758, 0.21196748656082065]),
    ]

    @Test("One- and two-word seeds match random.seed(s) in CPython", arguments: cpythonDraws)
    func seeds(seed: UInt64, expected: [Double]) {
        #expect(Self.draws(seed: seed) == expected)
    }

    @Test("Raw 32-bit outputs match getrandbits(32) across the 624-word regeneration")
    func rawWords() {
        var generator = CPythonRandom(seed: 0)
        let words = (0..<700).map { _ in generator.next32() }
        #expect(words[0] == 3_626_764_237)
        #expect(words[1] == 1_654_615_998)
        #expect(words[623] == 2_390_040_247)
        #expect(words[624] == 2_229_104_038)
        #expect(words[699] == 3_579_999_110)
    }

    @Test("The 1001st random() after seed 0 matches (two regenerations of the state)")
    func longStream() {
        #expect(Self.draws(seed: 0, count: 1001).last == 0.9466893945947962)
    }

    @Test("index(below:) is int(random() * count): in range, and the same stream as random()")
    func index() {
        var generator = CPythonRandom(seed: 0)
        // int(0.8444218515250481 * 3) = 2, int(0.7579544029403025 * 3) = 2, int(0.420571580830845 * 3) = 1
        #expect([generator.index(below: 3), generator.index(below: 3), generator.index(below: 3)] == [2, 2, 1])
        var other = CPythonRandom(seed: 9)
        for count in 1...50 {
            let index = other.index(below: count)
            #expect(index >= 0 && index < count)
        }
    }

    @Test("init(key:) with the seed's words is the same stream as init(seed:)")
    func keyForm() {
        var bySeed = CPythonRandom(seed: 4_294_967_301)
        var byKey = CPythonRandom(key: [5, 1])
        for _ in 0..<10 { #expect(bySeed.next32() == byKey.next32()) }
    }
}
