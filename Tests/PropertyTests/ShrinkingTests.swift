import PropertyBased
import Testing
import VMCore
import VMTestSupport

/// Shows that a failing property is reported with a short input: the driver finds a counterexample of a false
/// property, and shrinking cuts it down.
struct ShrinkingTests {
    /// False: FIFO is not a stack algorithm, and some strings fault more with more frames (Belady's anomaly).
    static func fifoNeverFaultsMoreWithMoreFrames(_ string: ReferenceString) throws {
        let fewer = try Workbench.faults("fifo", pages: string.pages, frames: string.frames, checks: false)
        let more = try Workbench.faults("fifo", pages: string.pages, frames: string.frames + 1, checks: false)
        try require(more <= fewer, "\(fewer) faults with \(string.frames) frames, \(more) with one more")
    }

    /// Whether FIFO faults more on `pages` with `frames + 1` frames than with `frames`, by the naive model.
    static func isAnomaly(_ pages: [UInt64], frames: Int) -> Bool {
        ReferenceModel.fifo(pages, frames: frames + 1) > ReferenceModel.fifo(pages, frames: frames)
    }

    @Test("Shrinking turns a long counterexample to 'FIFO never faults more with more frames' into a short one")
    func shrinksBeladyAnomaly() throws {
        // Runs through the cycle 0, 1, 2, 3, 4 (as Belady's string is made of) give an anomaly about once in a
        // hundred strings, with 3 and 4 frames; uniformly random strings, about once in a thousand.
        let run = zip(Gen.uint64(in: 0...4), Gen.uint64(in: 2...5)).map { start, length in
            (0..<length).map { (start + $0) % 5 }
        }
        let strings = run.array(of: 10...16).map { ReferenceString(pages: $0.flatMap { $0 }, frames: 3) }
        let found = PropertyCheck.search(
            "FIFO never faults more with more frames (false)", cases: 2_000, generator: strings,
            shrink: ReferenceString.shrink, property: Self.fifoNeverFaultsMoreWithMoreFrames)
        let counterexample = try #require(found, "no anomaly in 2,000 random strings")
        let original = counterexample.original
        let shrunk = counterexample.shrunk
        #expect(Self.isAnomaly(original.pages, frames: original.frames))
        #expect(original.pages.count >= 20)
        // Still an anomaly (checked by the independent model), as short as Belady's own string (12 accesses: with
        // the default seed and seeds 1 to 25 it always shrinks to a relabelling of it), and 1-minimal: dropping any one access removes the anomaly.
        #expect(Self.isAnomaly(shrunk.pages, frames: shrunk.frames), "\(shrunk)")
        #expect(shrunk.pages.count <= 12, "shrunk to \(shrunk.pages.count) accesses: \(shrunk)")
        for index in shrunk.pages.indices {
            var shorter = shrunk.pages
            shorter.remove(at: index)
            #expect(!Self.isAnomaly(shorter, frames: shrunk.frames), "\(shrunk) without access \(index)")
        }
        #expect(counterexample.failure.contains("with one more"))
    }

    @Test("A failing property is reported with its seed, the shrunk input and the original one")
    func reportsSeedAndShrunkInput() {
        withKnownIssue {
            PropertyCheck.check(
                "no page is referenced twice (false)", cases: 100, generator: ReferenceString.generator(),
                shrink: ReferenceString.shrink
            ) { string in
                try require(Set(string.pages).count == string.pages.count, "a page is referenced twice")
            }
        } matching: { issue in
            // The shrunk input is two references to one page with one frame (which page: element-wise shrinking
            // moves one page at a time, and two equal pages cannot both move while staying equal).
            let message = issue.comments.map(\.rawValue).joined(separator: "\n")
            let shrunk = message.split(separator: "\n").first { $0.hasPrefix("Shrunk input") } ?? ""
            let pages = shrunk.split(separator: "1 frames: ").last?.split(separator: ",") ?? []
            return message.contains("VMLAB_PROPERTY_SEED=\(PropertyCheck.seed)") && shrunk.contains(": 1 frames: ")
                && pages.count == 2 && pages[0] == pages[1] && message.contains("Original input")
                && message.contains("a page is referenced twice")
        }
    }
}
