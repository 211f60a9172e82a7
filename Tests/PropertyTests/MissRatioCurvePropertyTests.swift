import PropertyBased
import Testing
import VMCore
import VMExperiment
import VMTestSupport
import VMTrace

/// The one-pass miss-ratio curve (stack distances) equals LRU simulated separately at every size.
struct MissRatioCurvePropertyTests {
    static func trace(_ steps: [Step]) -> LoadedTrace {
        LoadedTrace(
            name: "property", accesses: steps.map { Access(pid: $0.pid, page: $0.page, pageShift: 12) }, nextUse: nil,
            pageShift: 12)
    }

    /// LRU's faults with `frames` frames, by simulation.
    static func simulated(_ trace: LoadedTrace, frames: Int) throws -> Int {
        try Simulator.run(
            RunConfiguration(replacement: PolicySpecification(name: "lru"), frames: frames), trace: trace,
            registry: Workbench.registry
        ).faults
    }

    /// Compares the curve at `sizes` (and the histogram's own `faults(frames:)`) with simulation.
    static func compare(_ steps: [Step], sizes: [Int]) throws {
        let trace = Self.trace(steps)
        let curve = MissRatioCurve(trace: trace, sizes: sizes)
        let histogram = trace.accesses.withUnsafeBufferPointer { StackDistanceHistogram.exact($0, pageShift: 12) }
        let distinct = Set(steps.map(\.key)).count
        try require(curve.distinctPages == distinct, "\(curve.distinctPages) distinct pages, expected \(distinct)")
        try require(curve.points.map(\.frames) == sizes, "the curve's sizes are not the ones asked for")
        for point in curve.points {
            let expected = try simulated(trace, frames: point.frames)
            try require(
                point.faults == expected, "\(point.frames) frames: curve \(point.faults), simulation \(expected)")
            let direct = histogram.faults(frames: point.frames)
            try require(
                direct == Double(expected), "\(point.frames) frames: histogram \(direct), simulation \(expected)")
        }
    }

    @Test("Short strings of up to 3 processes: every size from 1 to distinct pages + 2, 200 random strings")
    func everySize() {
        PropertyCheck.check(
            "one-pass MRC equals LRU at every size", cases: 200,
            generator: Step.generator(pids: 1...3, pages: 0...24, kernel: 0).array(of: 1...300),
            shrink: { shrinkArray($0, element: Step.shrink) }
        ) { steps in
            let distinct = Set(steps.map(\.key)).count
            try Self.compare(steps, sizes: Array(1...(distinct + 2)))
        }
    }

    /// Past 65,536 references the builder renumbers its positions, and past 4,096 it grows its distance counts;
    /// short strings never get there.
    @Test("Long strings (compaction and large distances): 10 sizes, 2 random strings")
    func longStrings() {
        // 70% of references to 64 hot pages, the rest to any of 6,000 pages.
        let page = zip(Gen.bool(0.7), Gen.uint64(in: 0...63), Gen.uint64(in: 0...5_999)).map { $0.0 ? $0.1 : $0.2 }
        let step = zip(Gen.uint32(in: 1...2), page).map { Step(pid: $0.0, page: $0.1, write: false, kernel: false) }
        PropertyCheck.check(
            "one-pass MRC equals LRU on long strings", cases: 2, generator: step.array(of: 70_000...90_000),
            shrink: halves  // each candidate costs about a second: only halve
        ) { steps in
            try Self.compare(steps, sizes: [1, 2, 17, 64, 65, 500, 4_095, 4_097, 6_500, 12_001])
        }
    }
}
