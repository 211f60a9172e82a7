import Foundation
import Testing
import VMCore
import VMPolicyCatalogue
import VMTrace

@testable import VMExperiment

/// Known answers for the real `/bin/true` trace (169,039 references, 139 pages), from the traces' README.
struct FixtureTests {
    static let trace = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/traces/true.all.pages.zst").path

    static let expected: [(policy: String, frames: Int, faults: Int)] = [
        ("lru", 9, 3_338), ("lru", 13, 2_497), ("lru", 17, 1_917), ("lru", 139, 139),
        ("fifo", 9, 4_544), ("fifo", 13, 3_301), ("fifo", 17, 2_604), ("fifo", 139, 139),
        ("opt", 9, 2_235), ("opt", 13, 1_461), ("opt", 17, 1_004), ("opt", 139, 139),
    ]

    @Test("LRU, FIFO and OPT give the published faults on true.all, streamed", arguments: 0..<12)
    func streamed(case index: Int) throws {
        let (policy, frames, faults) = Self.expected[index]
        let result = try Simulator.run(
            RunConfiguration(replacement: PolicySpecification(name: policy), frames: frames),
            workload: .trace(path: Self.trace, format: .auto), registry: PolicyCatalogue.standard())
        #expect(result.accesses == 169_039)
        #expect(result.faults == faults)
        #expect(result.hits + result.faults == result.accesses)
    }

    @Test("A parallel comparison gives exactly the per-cell results, in order")
    func comparison() async throws {
        let registry = PolicyCatalogue.standard()
        let comparison = Comparison(
            workload: .trace(path: Self.trace, format: .pages),
            policies: [PolicySpecification(name: "lru"), PolicySpecification(name: "opt")],
            frames: [9, 13, 17],
            base: RunConfiguration(replacement: PolicySpecification(name: "lru"), frames: 1),
            parallelism: 2)
        let results = try await comparison.run(registry: registry)
        #expect(results.map(\.policy) == ["lru", "lru", "lru", "opt", "opt", "opt"])
        #expect(results.map(\.faults) == [3_338, 2_497, 1_917, 2_235, 1_461, 1_004])
        let serial = try await Comparison(
            workload: comparison.workload, policies: comparison.policies, frames: comparison.frames,
            base: comparison.base, parallelism: 1
        ).run(registry: registry)
        #expect(serial == results)
    }

    @Test("Writes reach the machine: dirty pages are written back, clean copies dropped")
    func writes() throws {
        let result = try Simulator.run(
            RunConfiguration(replacement: PolicySpecification(name: "lru"), frames: 13),
            workload: .trace(path: Self.trace, format: .pages), registry: PolicyCatalogue.standard())
        #expect(result.swapOuts > 0)
        #expect(result.swapOuts <= result.evictions)
        #expect(result.majorFaults == result.swapIns)
        #expect(result.minorFaults == 139)
    }
}

struct InlinePagesTests {
    @Test("--pages runs the textbook string through the same machine")
    func inline() throws {
        let registry = PolicyCatalogue.standard()
        for (policy, frames, faults) in [("fifo", 3, 9), ("fifo", 4, 10), ("lru", 3, 10), ("opt", 4, 6)] {
            let result = try Simulator.run(
                RunConfiguration(replacement: PolicySpecification(name: policy), frames: frames),
                workload: .inlinePages("1,2,3,4,1,2,5,1,2,3,4,5"), registry: registry)
            #expect(result.faults == faults, "\(policy) \(frames)")
        }
    }

    @Test("CSV quotes fields that need it and the table aligns columns")
    func formatting() throws {
        let registry = PolicyCatalogue.standard()
        let result = try Simulator.run(
            RunConfiguration(replacement: PolicySpecification(parsing: "random:seed=3"), frames: 2),
            workload: .inlinePages("1,2,3,1"), registry: registry)
        let csv = ResultFormatting.csv([result])
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("workload,policy,frames,accesses,hits,faults,miss_ratio"))
        #expect(lines[1].hasPrefix("--pages,random:seed=3,2,4,"))
        #expect(ResultFormatting.quote("a,b") == "\"a,b\"")
        #expect(ResultFormatting.quote("say \"x\"") == "\"say \"\"x\"\"\"")
    }
}
