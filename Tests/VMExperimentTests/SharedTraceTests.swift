import Foundation
import Testing
import VMCore
import VMPolicyCatalogue
import VMTrace

@testable import VMExperiment

/// The decoded-once trace of a sweep: it must replay exactly what the trace holds, in memory or spilled, in any
/// range, with the same next-use times as the loaded trace, and a sweep over it must give the per-cell results.
struct SharedTraceTests {
    static let memory = SpillSettings(spillAbove: Int.max, directory: NSTemporaryDirectory())
    /// Spills at the first append.
    static let spilled = SpillSettings(spillAbove: 0, directory: NSTemporaryDirectory())

    /// Seeded accesses with every kind and mode, in-page offsets, kernel addresses, and `pids` processes.
    static func accesses(count: Int, pids: Int, seed: UInt64, pageShift: Int = 12) -> [Access] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        return (0..<count).map { _ in
            let pid = UInt32(next() % UInt64(pids)) + 1
            let kernel = next() % 50 == 0
            let address: UInt64 =
                kernel
                ? 0xffff_8880_0000_0000 &+ (next() % 64) << UInt64(pageShift) : (next() % 300) << 12 | next() % 4096
            return Access(
                pid: pid, address: address, kind: AccessKind(rawValue: UInt8(next() % 3))!,
                mode: kernel || next() % 20 == 0 ? .kernel : .user)
        }
    }

    static func pageAligned(_ accesses: [Access], pageShift: Int) -> [Access] {
        accesses.map {
            let page = $0.address >> UInt64(pageShift)
            return Access(pid: $0.pid, address: page << UInt64(pageShift), kind: $0.kind, mode: $0.mode)
        }
    }

    @Test(
        "Replays every access (page-aligned) and the loaded next-use times, packed or wide, in memory or spilled",
        arguments: [(3, 12), (300, 12), (2, 8)], [false, true])
    func roundTrip(shape: (pids: Int, pageShift: Int), spill: Bool) throws {
        let accesses = Self.accesses(count: 150_000, pids: shape.pids, seed: 7, pageShift: shape.pageShift)
        let trace = try SharedTrace.build(
            name: "t", accesses: accesses, pageShift: shape.pageShift, withNextUse: true,
            spill: spill ? Self.spilled : Self.memory)
        // 300 pids do not fit the 256 pid slots; with 256-byte pages kernel page numbers pass 2^52: both go wide.
        #expect(trace.layout == (shape.pids > 256 || shape.pageShift < 12 ? .wide : .packed))
        #expect(trace.isSpilled == spill)
        #expect(trace.count == accesses.count)
        #expect(try trace.accesses() == Self.pageAligned(accesses, pageShift: shape.pageShift))
        let expected = computeNextUse(accesses, pageShift: shape.pageShift)
        var replayed: [Int] = []
        try trace.forEachBlock(wantsNextUse: true) { _, nextUse in replayed.append(contentsOf: nextUse!) }
        #expect(replayed == expected)
        // A range that starts and ends inside blocks gives the same slice.
        var slice: [Access] = []
        var sliceNext: [Int] = []
        try trace.forEachBlock(in: 60_001..<131_075, wantsNextUse: true) { block, nextUse in
            slice.append(contentsOf: block)
            sliceNext.append(contentsOf: nextUse!)
        }
        #expect(slice == Self.pageAligned(Array(accesses[60_001..<131_075]), pageShift: shape.pageShift))
        #expect(sliceNext == Array(expected[60_001..<131_075]))
    }

    @Test("A range across two in-memory chunks is copied whole")
    func acrossChunks() throws {
        let count = SpillableBuffer<UInt64>.chunkCount + 70_000
        let accesses = (0..<count).map { Access(pid: 1, page: UInt64($0 % 5_000), pageShift: 12) }
        let trace = try SharedTrace.build(name: "t", accesses: accesses, pageShift: 12, withNextUse: false)
        let range = (SpillableBuffer<UInt64>.chunkCount - 3)..<(SpillableBuffer<UInt64>.chunkCount + 5)
        #expect(try trace.accesses(in: range) == Array(accesses[range]))
    }

    @Test("Built from a file, it keeps the trace's own next-use times and stops at a limit")
    func fromOracleGeneral() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shared-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("z.oracleGeneral").path
        let ids: [UInt64] = (0..<200_000).map { (index: Int) -> UInt64 in
            let spread = UInt64((index &* 7_919) % 997)
            return spread ^ UInt64(index / 1_000)
        }
        _ = try OracleGeneralWriter.write(objectIDs: ids, to: path)
        let loaded = try LoadedTrace.load(.trace(path: path, format: .oracleGeneral), pageShift: 12, withNextUse: true)
        for settings in [Self.memory, Self.spilled] {
            let trace = try SharedTrace.build(
                .trace(path: path, format: .oracleGeneral), pageShift: 12, withNextUse: true, spill: settings)
            #expect(trace.format == .oracleGeneral)
            #expect(try trace.accesses() == loaded.accesses)
            var nextUse: [Int] = []
            try trace.forEachBlock(wantsNextUse: true) { _, future in nextUse.append(contentsOf: future!) }
            #expect(nextUse == loaded.nextUse)
            let limited = try SharedTrace.build(
                .trace(path: path, format: .oracleGeneral), pageShift: 12, withNextUse: false, limit: 70_001,
                spill: settings)
            #expect(limited.count == 70_001)
            #expect(try limited.accesses() == Array(loaded.accesses[0..<70_001]))
        }
    }

    @Test("A sweep over the shared trace equals one run per cell over the loaded trace, spilled or not")
    func sweepEqualsSingleRuns() async throws {
        let registry = PolicyCatalogue.standard()
        let accesses = Self.accesses(count: 40_000, pids: 3, seed: 11)
        let loaded = LoadedTrace(
            name: "t", accesses: accesses, nextUse: computeNextUse(accesses, pageShift: 12), pageShift: 12)
        let policies = ["lru", "fifo", "clock", "arc", "opt"].map { PolicySpecification(name: $0) }
        let comparison = Comparison(
            workload: .inlinePages("1"), policies: policies, frames: [8, 64, 200],
            base: RunConfiguration(replacement: policies[0], frames: 1), parallelism: 2)
        for settings in [Self.memory, Self.spilled] {
            let shared = try SharedTrace.build(
                name: "t", accesses: accesses, pageShift: 12, withNextUse: true, spill: settings)
            let swept = try await comparison.run(registry: registry, trace: shared)
            let single = try comparison.cells.map { try Simulator.run($0, trace: loaded, registry: registry) }
            #expect(swept == single)
        }
    }

    @Test("Spilling where no file can be made is a file-system error naming the directory")
    func unwritableDirectory() throws {
        let settings = SpillSettings(spillAbove: 0, directory: "/nonexistent-vmlab-dir")
        #expect {
            try SharedTrace.build(
                name: "t", accesses: Self.accesses(count: 10, pids: 1, seed: 1), pageShift: 12, withNextUse: false,
                spill: settings)
        } throws: { error in
            (error as? FileSystemError)?.description.contains("/nonexistent-vmlab-dir") == true
        }
    }

    @Test("An empty workload is an error, not an empty sweep")
    func empty() throws {
        #expect(throws: VMError.self) {
            try SharedTrace.build(name: "t", accesses: [], pageShift: 12, withNextUse: false)
        }
    }
}
