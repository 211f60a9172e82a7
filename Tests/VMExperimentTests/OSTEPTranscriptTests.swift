import Foundation
import Testing
import VMCore
import VMPolicyCatalogue

@testable import VMExperiment
@testable import VMTrace

/// `simulate --ostep` against OSTEP's own `paging-policy.py -c` output.
///
/// `Tests/Fixtures/ostep-paging-policy.txt.gz` holds 420 runs of the script (python3, `-a LIST -p POLICY -C SIZE
/// -s SEED -b BITS -c`): seeded random page strings of 1 to 30 references over 2 to 12 pages, cache sizes 1 to 6,
/// 60 runs for each of FIFO, LRU, MRU, OPT, UNOPT, RAND and CLOCK (seeds 0 to 20, clock bits 0 to 3). Each run is a
/// `#RUN` line giving the arguments, then the script's output byte for byte.
struct OSTEPTranscriptTests {
    struct Run: Sendable, CustomTestStringConvertible {
        var policy: String
        var cacheSize: Int
        var seed: String
        var bits: String
        var addresses: String
        var expected: String
        var testDescription: String { "\(policy) -C \(cacheSize) -s \(seed) -b \(bits) -a \(addresses)" }
    }

    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ostep-paging-policy.txt.gz").path

    static func runs() throws -> [Run] {
        let source = try openDecompressedSource(path: fixture, name: fixture)
        var bytes: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let count = try source.read(into: chunk)
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.components(separatedBy: "#RUN ").dropFirst().map { block in
            let newline = block.firstIndex(of: "\n")!
            let fields = Dictionary(
                uniqueKeysWithValues: block[..<newline].split(separator: " ").map { field in
                    let pair = field.split(separator: "=", maxSplits: 1)
                    return (String(pair[0]), String(pair[1]))
                })
            return Run(
                policy: fields["policy"]!, cacheSize: Int(fields["cache"]!)!, seed: fields["seed"]!,
                bits: fields["bits"]!, addresses: fields["addresses"]!,
                expected: String(block[block.index(after: newline)...]))
        }
    }

    /// The transcript VMLab prints for a run, as `simulate --ostep` builds it.
    static func transcript(of run: Run) throws -> String {
        let script = OSTEPTranscript.Policy(rawValue: run.policy)!
        var name = script.vmlabName
        if script == .rand { name += ":seed=\(run.seed)" }
        if script == .clock { name += ":seed=\(run.seed),bits=\(run.bits)" }
        let (policy, specification) = try OSTEPTranscript.policy(
            for: PolicySpecification(parsing: name), registry: PolicyCatalogue.standard())
        var transcript = OSTEPTranscript(
            policy: policy, addresses: .list(run.addresses), cacheSize: run.cacheSize,
            seed: run.seed, clockBits: run.bits)
        var text = transcript.header
        _ = try StepExplainer.run(
            RunConfiguration(replacement: specification, frames: run.cacheSize, checksInvariants: true),
            workload: .inlinePages(run.addresses), registry: PolicyCatalogue.standard(), window: .all
        ) { record, _ in text += try transcript.line(record) }
        return text + transcript.footer
    }

    @Test("The fixture holds 420 runs, 60 per policy")
    func fixtureShape() throws {
        let runs = try Self.runs()
        #expect(runs.count == 420)
        for policy in OSTEPTranscript.Policy.allCases {
            #expect(runs.count { $0.policy == policy.rawValue } == 60)
        }
    }

    @Test("Every run prints exactly what OSTEP's paging-policy.py -c printed", arguments: try runs())
    func matchesScript(run: Run) throws {
        let printed = try Self.transcript(of: run)
        if printed != run.expected {
            let ours = printed.split(separator: "\n", omittingEmptySubsequences: false)
            let theirs = run.expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first =
                (0..<min(ours.count, theirs.count)).first { ours[$0] != theirs[$0] } ?? min(ours.count, theirs.count)
            Issue.record(
                "line \(first + 1) differs:\n  vmlab: \(first < ours.count ? ours[first] : "<end>")\n  OSTEP: \(first < theirs.count ? theirs[first] : "<end>")"
            )
        }
    }

    @Test("Policies without a counterpart in the script are refused, naming the ones that have one")
    func refusesOtherPolicies() throws {
        #expect(throws: VMError.self) {
            try OSTEPTranscript.policy(for: PolicySpecification(name: "clock"), registry: PolicyCatalogue.standard())
        }
        do {
            _ = try OSTEPTranscript.policy(for: PolicySpecification(name: "arc"), registry: PolicyCatalogue.standard())
            Issue.record("arc was accepted")
        } catch {
            #expect("\(error)".contains("fifo, lru, mru, opt, unopt, ostep-rand, ostep-clock"))
        }
        #expect(throws: VMError.self) {
            try OSTEPTranscript.policy(
                for: PolicySpecification(parsing: "opt:ties=lowest-frame"), registry: PolicyCatalogue.standard())
        }
    }
}
