import Testing
import VMCore
import VMPolicyCatalogue

@testable import VMExperiment

/// The effective-access-time model: parsing latencies and the breakdown of a run's mean.
struct AccessTimeModelTests {
    @Test("Latencies parse with units; unknown keys and bad times are refused with the valid ones")
    func parsing() throws {
        let model = try AccessTimeModel(parsing: "tlb=0.5ns,memory=80ns,walk=50,minor=1.5us,major=5ms")
        #expect(model == AccessTimeModel(tlb: 0.5, memory: 80, walkLevel: 50, minorFault: 1_500, majorFault: 5e6))
        #expect(try AccessTimeModel(parsing: "major=10ms").memory == 100)
        #expect(try AccessTimeModel(parsing: "major=1s").majorFault == 1e9)
        for bad in ["disk=1ms", "tlb", "tlb=-1ns", "tlb=nan", "major=1e30s", "tlb=1ns,", "=3"] {
            #expect(throws: VMError.self, "\(bad)") { try AccessTimeModel(parsing: bad) }
        }
    }

    /// Belady's string, FIFO, 3 frames: 12 accesses, 3 hits, 5 minor and 4 major faults. Without a TLB every
    /// access walks 4 levels: 100 + 400 + 5/12 × 2000 + 4/12 × 8e6 ns.
    @Test("The mean is the sum of its parts, as the textbook formula gives it")
    func breakdown() throws {
        let result = try Simulator.run(
            RunConfiguration(replacement: PolicySpecification(name: "fifo"), frames: 3),
            workload: .inlinePages("1,2,3,4,1,2,5,1,2,3,4,5"), registry: PolicyCatalogue.standard())
        let (mean, parts) = AccessTimeModel.defaults.breakdown(of: result, levels: 4)
        let expected = 100 + 400 + 5.0 / 12 * 2_000 + 4.0 / 12 * 8e6
        #expect(abs(mean - expected) < 1e-6)
        #expect(parts.map(\.name) == ["memory", "walk", "minor", "major"])
        let line = try #require(AccessTimeModel.defaults.summaryLine(of: result, levels: 4))
        #expect(line.hasPrefix("access time  2.67 ms mean = memory 100 ns"))
        #expect(line.contains("major 2.67 ms (33.3% × 8 ms)"))
    }

    @Test("With a TLB, walks are paid on TLB misses only")
    func withTLB() throws {
        var configuration = RunConfiguration(replacement: PolicySpecification(name: "lru"), frames: 4)
        configuration.tlb = TLBConfiguration(entries: 2, ways: 2, policy: PolicySpecification(name: "lru"))
        let result = try Simulator.run(
            configuration, workload: .inlinePages("1,1,1,1,2,2,2,2"), registry: PolicyCatalogue.standard())
        let tlb = try #require(result.tlb)
        let (_, parts) = AccessTimeModel.defaults.breakdown(of: result, levels: 4)
        let walk = try #require(parts.first { $0.name == "walk" })
        #expect(abs(walk.nanoseconds - Double(tlb.walkLevels) * 100 / 8) < 1e-9)
        #expect(tlb.misses == 2)
        #expect(parts.contains { $0.name == "tlb" })
    }

    @Test("Times print with 3 significant digits and a unit")
    func formatting() {
        #expect(AccessTimeModel.format(100) == "100 ns")
        #expect(AccessTimeModel.format(2_500) == "2.5 µs")
        #expect(AccessTimeModel.format(8e6) == "8 ms")
        #expect(AccessTimeModel.format(1234.5e6) == "1.23 s")
    }
}
