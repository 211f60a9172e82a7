import Foundation
import Testing

/// A sweep over a trace larger than its share of the memory budget: the decoded trace spills to an unlinked
/// temporary file and the results are those of an in-memory sweep; a temporary directory that cannot be used is
/// a clear error, and nothing is left behind.
struct SweepSpillTests {
    @Test("compare under a small budget spills, gives the in-memory results and leaves no file behind")
    func spillsAndMatches() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spill-\(UUID())")
        let scratch = directory.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // 2.4 million accesses: 19 MB decoded, past a quarter of a 65 MiB budget.
        let trace = directory.appendingPathComponent("t.pages").path
        let lines = (0..<2_400_000).map { String(($0 * 7_919) % 301 + ($0 / 100_000) * 13) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: trace, atomically: true, encoding: .utf8)
        let arguments = ["compare", "--trace", trace, "--policies", "lru,opt,clock", "--frames", "16,64", "--csv"]
        let inMemory = try VMLabProcess.run(arguments)
        #expect(inMemory.status == 0, "\(inMemory.stderr)")
        let spilled = try VMLabProcess.run(
            arguments + ["--max-memory", "65M"], environment: ["TMPDIR": scratch.path])
        #expect(spilled.status == 0, "\(spilled.stderr)")
        #expect(spilled.stdout == inMemory.stdout)
        #expect(inMemory.stdout.contains(",lru,16,2400000,"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)

        let nowhere = try VMLabProcess.run(
            arguments + ["--max-memory", "65M"], environment: ["TMPDIR": directory.path + "/missing"])
        #expect(nowhere.status == 2)
        #expect(nowhere.stderr.contains("cannot create a temporary file in \(directory.path)/missing"))
        #expect(nowhere.stdout.isEmpty)
    }
}
