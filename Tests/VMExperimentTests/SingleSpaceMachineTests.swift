import Foundation
import Testing
import VMCore
import VMPolicyCatalogue
import VMTrace

@testable import VMExperiment

/// The single-space machine stands in for the full machine in sweeps and `simulate`: for every policy it must give
/// exactly the full machine's result (every counter, swap locality, free frames and slots, policy statistics), and
/// every run it cannot simulate must go to the full machine.
struct SingleSpaceMachineTests {
    static let registry = PolicyCatalogue.standard()

    /// Seeded accesses of pid 1: reads, writes and fetches; pages drawn from a skewed law over `pages` with a few
    /// far pages up to `far`, so that entries are dirtied, swap copies freed and reused, and the table grows.
    static func accesses(count: Int, pages: UInt64, far: UInt64, seed: UInt64) -> [Access] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        return (0..<count).map { _ in
            let roll = next() % 100
            let page = roll < 3 ? next() % far : roll < 60 ? next() % (pages / 8 + 1) : next() % pages
            return Access(pid: 1, page: page, kind: AccessKind(rawValue: UInt8(next() % 3))!, pageShift: 12)
        }
    }

    /// The result of the full machine, stepped by hand (never the single-space one).
    static func fullMachineResult(_ configuration: RunConfiguration, accesses: [Access], nextUse: [Int])
        throws -> RunResult
    {
        let machine = try configuration.makeMachine(registry: registry)
        try accesses.withUnsafeBufferPointer { batch in
            try nextUse.withUnsafeBufferPointer { future in
                try machine.step(batch: batch, nextUse: machine.replacement.needsFuture ? future : nil)
            }
        }
        return RunResult(workload: "t", configuration: configuration, machine: machine)
    }

    static func singleSpaceResult(
        _ configuration: RunConfiguration, accesses: [Access], nextUse: [Int], pageShift: Int = 12
    ) throws -> RunResult {
        let profile = accesses.withUnsafeBufferPointer { SingleSpaceProfile.of($0, pageShift: pageShift) }
        let machine = try #require(try configuration.makeSingleSpaceMachine(registry: registry, profile: profile))
        // Small batches: the prefetch window crosses batch ends.
        let batch = 1000
        try accesses.withUnsafeBufferPointer { all in
            try nextUse.withUnsafeBufferPointer { future in
                var start = 0
                while start < all.count {
                    let end = min(all.count, start + batch)
                    try machine.step(
                        batch: UnsafeBufferPointer(rebasing: all[start..<end]),
                        nextUse: machine.replacement.needsFuture
                            ? UnsafeBufferPointer(rebasing: future[start..<end]) : nil)
                    start = end
                }
            }
        }
        return RunResult(workload: "t", configuration: configuration, machine: machine)
    }

    @Test(
        "Every replacement policy gives the full machine's result, field for field",
        arguments: PolicyCatalogue.standard().names(of: .replacement))
    func sameResultAsTheFullMachine(policy: String) throws {
        for seed: UInt64 in [1, 2, 3] {
            let accesses = Self.accesses(count: 4_000, pages: 240, far: 5_000, seed: seed)
            let nextUse = computeNextUse(accesses, pageShift: 12)
            for frames in [1, 2, 7, 40, 300] {
                let configuration = RunConfiguration(
                    replacement: try PolicySpecification(parsing: policy), frames: frames)
                let full = try Self.fullMachineResult(configuration, accesses: accesses, nextUse: nextUse)
                let single = try Self.singleSpaceResult(configuration, accesses: accesses, nextUse: nextUse)
                #expect(single == full, "\(policy) at \(frames) frames, seed \(seed)")
                #expect(full.swapOuts > 0 || frames == 300, "the trace must write pages out")
            }
        }
    }

    @Test("The simulator picks the single-space machine only when it may, with the same result either way")
    func eligibility() throws {
        let accesses = Self.accesses(count: 2_000, pages: 100, far: 100, seed: 9)
        let profile = accesses.withUnsafeBufferPointer { SingleSpaceProfile.of($0, pageShift: 12) }
        let lru = try PolicySpecification(parsing: "lru")
        var plain = RunConfiguration(replacement: lru, frames: 16)
        #expect(try plain.makeSingleSpaceMachine(registry: Self.registry, profile: profile) != nil)
        var refused: [RunConfiguration] = []
        var configuration = plain
        configuration.tlb = TLBConfiguration(entries: 16, ways: 4)
        refused.append(configuration)
        configuration = plain
        configuration.scope = .local(.equal)
        refused.append(configuration)
        configuration = plain
        configuration.swapDevices = [SwapDeviceConfiguration(name: "swap0", slots: 1_000)]
        refused.append(configuration)
        configuration = plain
        configuration.swapDevices = [.unbounded, SwapDeviceConfiguration(name: "swap1", slots: nil)]
        refused.append(configuration)
        configuration = plain
        configuration.allocator = try PolicySpecification(parsing: "next-free")
        refused.append(configuration)
        configuration = plain
        configuration.swap = try PolicySpecification(parsing: "next-fit")
        refused.append(configuration)
        configuration = plain
        configuration.checksInvariants = true
        refused.append(configuration)
        for configuration in refused {
            #expect(try configuration.makeSingleSpaceMachine(registry: Self.registry, profile: profile) == nil)
        }
        // Traces it cannot run: two processes, a kernel access, a kernel-mode user access, a page past 2^26.
        let twoProcesses = accesses + [Access(pid: 2, page: 1, pageShift: 12)]
        let kernel = accesses + [Access(pid: Access.kernelPID, address: 0xffff_8880_0000_0000, kind: .read)]
        let kernelMode = accesses + [Access(pid: 1, address: 4096, kind: .read, mode: .kernel)]
        let far = accesses + [Access(pid: 1, page: 1 << 26, pageShift: 12)]
        for trace in [twoProcesses, kernel, kernelMode] {
            #expect(trace.withUnsafeBufferPointer { SingleSpaceProfile.of($0, pageShift: 12) } == nil)
        }
        let farProfile = far.withUnsafeBufferPointer { SingleSpaceProfile.of($0, pageShift: 12) }
        #expect(farProfile?.largestPage == 1 << 26)
        #expect(try plain.makeSingleSpaceMachine(registry: Self.registry, profile: farProfile) == nil)
        // The shared trace of a sweep carries the profile.
        let shared = try SharedTrace.build(name: "t", accesses: accesses, pageShift: 12, withNextUse: false)
        #expect(shared.singleSpace == profile)
        let sharedTwo = try SharedTrace.build(name: "t", accesses: twoProcesses, pageShift: 12, withNextUse: false)
        #expect(sharedTwo.singleSpace == nil)
        // Whichever machine runs, the simulator's result is the full machine's.
        for trace in [accesses, twoProcesses, kernel, kernelMode, far] {
            let nextUse = computeNextUse(trace, pageShift: 12)
            let loaded = LoadedTrace(name: "t", accesses: trace, nextUse: nextUse, pageShift: 12)
            for configuration in [plain] + refused.filter({ !$0.checksInvariants }) {
                let full = try Self.fullMachineResult(configuration, accesses: trace, nextUse: nextUse)
                #expect(try Simulator.run(configuration, trace: loaded, registry: Self.registry) == full)
            }
        }
        plain.frames = 1
        #expect(try plain.makeSingleSpaceMachine(registry: Self.registry, profile: profile) != nil)
    }

    @Test("A user access past the user limit is a protection fault, as on the full machine (1 GiB pages)")
    func pastTheUserLimit() throws {
        // 1 GiB pages leave 2^17 user pages; oracleGeneral ids past them are protection faults, not errors.
        var state: UInt64 = 3
        let accesses = (0..<5_000).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Access(pid: 1, page: (state >> 20) % 140_000, kind: .read, pageShift: 30)
        }
        let nextUse = computeNextUse(accesses, pageShift: 30)
        var configuration = RunConfiguration(replacement: try PolicySpecification(parsing: "lru"), frames: 50)
        configuration.pageSize = 1 << 30
        let full = try Self.fullMachineResult(configuration, accesses: accesses, nextUse: nextUse)
        let single = try Self.singleSpaceResult(configuration, accesses: accesses, nextUse: nextUse, pageShift: 30)
        #expect(full.protectionFaults > 0)
        #expect(single == full)
    }

    @Test("An access it cannot simulate is an error, never a wrong count")
    func foreignAccess() throws {
        let machine = try SingleSpaceMachine(
            configuration: MachineConfiguration(frames: 4),
            replacement: Self.registry.makeReplacement(
                try PolicySpecification(parsing: "fifo"), frames: 4, layout: .x86_64))
        let first = [Access(pid: 3, page: 1, pageShift: 12), Access(pid: 3, page: 900_000, pageShift: 12)]
        try first.withUnsafeBufferPointer { try machine.step(batch: $0, nextUse: nil) }
        #expect(machine.pid == 3)
        #expect(machine.counters.minorFaults == 2)
        #expect(machine.entry(ofPage: 900_000).isPresent)
        for foreign in [
            Access(pid: 4, page: 1, pageShift: 12),
            Access(pid: 3, address: 4096, kind: .read, mode: .kernel),
            Access(pid: Access.kernelPID, address: 0xffff_8880_0000_0000, kind: .read),
            Access(pid: 3, page: 1 << 31, pageShift: 12),
        ] {
            #expect(throws: VMError.self) {
                try [foreign].withUnsafeBufferPointer { try machine.step(batch: $0, nextUse: nil) }
            }
        }
        #expect(machine.counters.accesses == 2)
    }

    @Test("Streaming an oracleGeneral trace through the single-space machine gives the full machine's result")
    func oracleGeneralStreaming() throws {
        let path = NSTemporaryDirectory() + "single-space-\(UUID().uuidString).oracleGeneral"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let accesses = Self.accesses(count: 20_000, pages: 3_000, far: 3_000, seed: 5)
        let ids = accesses.map { $0.address >> 12 &* 7_919 &+ 11 }  // sparse ids, renumbered by the reader
        try OracleGeneralWriter.write(objectIDs: ids, to: path)
        let workload = WorkloadSource.trace(path: path, format: .oracleGeneral)
        let loaded = try LoadedTrace.load(workload, pageShift: 12, withNextUse: true)
        for policy in ["lru", "opt", "arc", "working-set"] {
            for frames in [5, 64, 2_000] {
                let configuration = RunConfiguration(
                    replacement: try PolicySpecification(parsing: policy), frames: frames)
                let full = try Self.fullMachineResult(
                    configuration, accesses: loaded.accesses, nextUse: loaded.nextUse!)
                var streamed = try Simulator.run(configuration, workload: workload, registry: Self.registry)
                streamed.workload = "t"
                #expect(streamed == full, "\(policy) at \(frames) frames")
            }
        }
    }
}
