import Foundation
import Testing
import VMTrace

@Suite("Zipf generator")
struct ZipfGeneratorTests {
    @Test("the same seed gives the same sequence; another seed another")
    func deterministic() {
        let first = Array(ZipfGenerator(objects: 1000, alpha: 1, seed: 42).prefix(1000))
        let again = Array(ZipfGenerator(objects: 1000, alpha: 1, seed: 42).prefix(1000))
        let other = Array(ZipfGenerator(objects: 1000, alpha: 1, seed: 43).prefix(1000))
        #expect(first == again)
        #expect(first != other)
    }

    @Test("rank frequencies match the Zipf law", arguments: [0.0, 0.5, 1.0, 1.5, 2.5])
    func frequencies(alpha: Double) {
        let objects = 10
        let samples = 200_000
        var generator = ZipfGenerator(objects: objects, alpha: alpha, seed: 7)
        var counts = [Int](repeating: 0, count: objects + 1)
        for _ in 0..<samples {
            let rank = generator.nextRank()
            #expect((1...objects).contains(rank))
            counts[rank] += 1
        }
        let weights = (1...objects).map { 1 / pow(Double($0), alpha) }
        let total = weights.reduce(0, +)
        for rank in 1...objects {
            let expected = weights[rank - 1] / total * Double(samples)
            // Five standard deviations of a binomial count.
            let tolerance = 5 * expected.squareRoot() + 1
            #expect(abs(Double(counts[rank]) - expected) < tolerance, "rank \(rank): \(counts[rank]) vs \(expected)")
        }
    }

    @Test("rank 1 of a million objects with alpha 1")
    func rankOneFrequency() {
        var generator = ZipfGenerator(objects: 1_000_000, alpha: 1, seed: 1)
        let samples = 500_000
        var rankOne = 0
        for _ in 0..<samples where generator.nextRank() == 1 {
            rankOne += 1
        }
        // P(1) = 1 / H(1e6) with H the harmonic number, about 1 / 14.3927.
        let expected = 1 / 14.392_726_722_865_7
        #expect(abs(Double(rankOne) / Double(samples) - expected) < 0.002)
    }

    @Test("ids are a bijective scramble of ranks")
    func objectIDs() {
        let generator = ZipfGenerator(objects: 100_000, alpha: 1, seed: 3)
        let ids = (1...100_000).map { generator.objectID(rank: $0) }
        #expect(Set(ids).count == ids.count)
        #expect(ids.prefix(3).allSatisfy { $0 > 1_000_000 })
        #expect(generator.objectID(rank: 1) != ZipfGenerator(objects: 100_000, alpha: 1, seed: 4).objectID(rank: 1))
    }
}
