import PropertyBased
import Testing
import VMCore
import VMExperiment
import VMTestSupport

/// Bounds the theory gives for reference-string mode (one process, reads, one unbounded swap device), on random
/// strings and sizes.
struct ReferenceStringPropertyTests {
    static let policies = Workbench.registry.names(of: .replacement)

    static func faults(_ policy: String, _ pages: [UInt64], frames: Int) throws -> Int {
        try Workbench.faults(policy, pages: pages, frames: frames, checks: false)
    }

    // Checking n against n + 1 frames at random n covers every pair of sizes: were f(a) < f(b) for some a < b, one
    // of the adjacent pairs between them would fail too.
    @Test(
        "Stack policies never fault more with one more frame: 300 random strings and sizes", arguments: ["lru", "opt"])
    func stackPoliciesHaveNoAnomaly(policy: String) {
        PropertyCheck.check(
            "\(policy) never faults more with more frames", cases: 300,
            generator: ReferenceString.generator(pages: 0...12, length: 1...120, frames: 1...12),
            shrink: ReferenceString.shrink
        ) { string in
            let fewer = try Self.faults(policy, string.pages, frames: string.frames)
            let more = try Self.faults(policy, string.pages, frames: string.frames + 1)
            try require(more <= fewer, "\(fewer) faults with \(string.frames) frames, \(more) with one more")
        }
    }

    @Test("OPT never faults more than any policy at the same size: 60 random strings each", arguments: policies)
    func optIsAFloor(policy: String) {
        PropertyCheck.check(
            "opt never faults more than \(policy)", cases: 60,
            generator: ReferenceString.generator(pages: 0...12, length: 1...120, frames: 1...10),
            shrink: ReferenceString.shrink
        ) { string in
            let optimal = try Self.faults("opt", string.pages, frames: string.frames)
            let other = try Self.faults(policy, string.pages, frames: string.frames)
            try require(optimal <= other, "opt faults \(optimal) times, \(policy) \(other)")
        }
    }
}

/// `vmlab simulate --pages` against the naive models of ``ReferenceModel``: the same `Simulator` path the command
/// runs, on an inline page list written in random (valid) styles.
struct InlinePagesDifferentialTests {
    /// A page list as a user would type it, and a memory size.
    struct PageList: Sendable, CustomStringConvertible {
        /// Each page with its style: even styles decimal, odd ones hex; `style / 2` picks the separator after it.
        var entries: [Entry]
        var frames: Int

        struct Entry: Sendable {
            var page: UInt64
            var style: UInt8
        }

        static let separators = [",", " ", ", ", "\n", "\t", " ,\r\n"]

        var pages: [UInt64] { entries.map(\.page) }

        var text: String {
            entries.map { entry in
                let number = entry.style % 2 == 0 ? String(entry.page) : "0x" + String(entry.page, radix: 16)
                return number + Self.separators[Int(entry.style / 2) % Self.separators.count]
            }.joined()
        }

        var description: String { "\(frames) frames, --pages \(String(reflecting: text))" }

        static let maximumStyle = UInt8(2 * separators.count - 1)

        static func generator() -> Generator<PageList, some SendableSequenceType> {
            let entry = zip(Gen.uint64(in: 0...14), Gen.uint8(in: 0...maximumStyle))
                .map { Entry(page: $0.0, style: $0.1) }
            return zip(entry.array(of: 1...100), Gen.int(in: 1...9)).map { PageList(entries: $0.0, frames: $0.1) }
        }

        /// Halves, then the library's array shrink (drop an entry; page and style towards 0), then fewer frames.
        static func shrink(_ list: PageList) -> AnySequence<PageList> {
            let entries = shrinkArray(list.entries) { (entry: Entry) in
                Shrink.shrinkTuple(
                    (entry.page, entry.style),
                    shrinkers: { (page: UInt64) in page.shrink(towards: 0) },
                    { (style: UInt8) in style.shrink(towards: 0) }
                ).lazy.map { Entry(page: $0.0, style: $0.1) }
            }
            return AnySequence(
                replacing(\.entries, of: list, with: entries)
                    .append(replacing(\.frames, of: list, with: list.frames.shrink(towards: 1))))
        }
    }

    static let models: [(String, @Sendable ([UInt64], Int) -> Int)] = [
        ("fifo", ReferenceModel.fifo), ("lru", ReferenceModel.lru), ("opt", ReferenceModel.opt),
        ("clock", ReferenceModel.clock),
    ]

    @Test(
        "fifo, lru, opt and clock through Simulator with --pages match their models: 150 random lists each",
        arguments: 0..<4)
    func matchesModel(model: Int) {
        let (policy, reference) = Self.models[model]
        PropertyCheck.check(
            "\(policy) --pages matches its model", cases: 150, generator: PageList.generator(),
            shrink: PageList.shrink
        ) { list in
            let configuration = RunConfiguration(replacement: PolicySpecification(name: policy), frames: list.frames)
            let result = try Simulator.run(
                configuration, workload: .inlinePages(list.text), registry: Workbench.registry)
            let expected = reference(list.pages, list.frames)
            try require(result.accesses == list.entries.count, "\(result.accesses) accesses read")
            try require(
                result.faults == expected, "the simulator counts \(result.faults) faults, the model \(expected)")
            try require(result.hits + result.faults == result.accesses, "hits and faults do not add up")
        }
    }
}
