import RandomPolicy
import Testing
import VMCore
import VMTestSupport

struct RandomTests {
    @Test("The same seed gives the same evictions; another seed gives others")
    func seeded() {
        func evictions(seed: UInt64) -> [Int] {
            let policy = RandomReplacement(frames: 64, seed: seed)
            for frame in 0..<64 { policy.inserted(frame: frame, reference: PageReference(time: 0, page: 0)) }
            return (0..<32).map { _ in policy.evict(for: PageReference(time: 1, page: 0)) }
        }
        #expect(evictions(seed: 7) == evictions(seed: 7))
        #expect(evictions(seed: 7) != evictions(seed: 8))
        #expect(Set(evictions(seed: 7)).count == 32)
    }

    @Test("Victims are uniform over resident frames (chi-square, 7 degrees of freedom)")
    func uniform() {
        let policy = RandomReplacement(frames: 8, seed: 1)
        var counts = [Int](repeating: 0, count: 8)
        for frame in 0..<8 { policy.inserted(frame: frame, reference: PageReference(time: 0, page: 0)) }
        for _ in 0..<80_000 {
            let victim = policy.evict(for: PageReference(time: 1, page: 0))
            counts[victim] += 1
            policy.inserted(frame: victim, reference: PageReference(time: 1, page: 0))
        }
        let chiSquare = counts.reduce(0.0) { $0 + pow2(Double($1) - 10_000) / 10_000 }
        #expect(chiSquare < 24.3)  // p = 0.001
    }

    @Test("The seed parameter reaches the policy through the registry")
    func parameter() throws {
        let pages = Workbench.randomPages(count: 500, distinct: 30, seed: 2)
        let a = try Workbench.faults("random:seed=1", pages: pages, frames: 8)
        let b = try Workbench.faults("random:seed=1", pages: pages, frames: 8)
        #expect(a == b)
        let others = try (2..<8).map { try Workbench.faults("random:seed=\($0)", pages: pages, frames: 8) }
        #expect(others.contains { $0 != a })
    }
}

private func pow2(_ x: Double) -> Double { x * x }
