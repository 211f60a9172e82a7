import Testing
import VMCore
import VMTestSupport

/// The real policies agree with naive reference models on hundreds of seeded strings and sizes.
struct ReferenceModelTests {
    static let models: [(String, @Sendable ([UInt64], Int) -> Int)] = [
        ("fifo", ReferenceModel.fifo), ("lru", ReferenceModel.lru), ("opt", ReferenceModel.opt),
        ("clock", ReferenceModel.clock),
    ]

    @Test("fifo, lru, opt and clock match their reference models", arguments: 0..<4)
    func matchesModel(model: Int) throws {
        let (name, reference) = Self.models[model]
        for seed in 0..<60 {
            let pages = Workbench.randomPages(count: 120, distinct: 4 + seed % 9, seed: UInt64(seed) * 7 + 1)
            for frames in [1, 2, 3, 4, 6] {
                let expected = reference(pages, frames)
                let actual = try Workbench.faults(name, pages: pages, frames: frames, checks: false)
                #expect(actual == expected, "\(name), seed \(seed), \(frames) frames")
            }
        }
    }
}
