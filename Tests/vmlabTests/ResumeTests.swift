import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A resumed run never mixes results computed from different inputs, and one output directory has one writer.
struct ResumeTests {
    static let experiment = """
        name: resume
        workloads: [{name: t, trace: t.pages}]
        machine: {frames: [2, 3]}
        policies: {replacement: [fifo, lru]}
        outputs: {csv: true, json: false, plots: false, html: false}
        """

    static func faults(_ directory: URL) throws -> [String] {
        let csv = try String(contentsOf: directory.appendingPathComponent("out/results.csv"), encoding: .utf8)
        return csv.split(separator: "\n").dropFirst().map { row in
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            return "\(fields[1]):\(fields[2])=\(fields[5])"
        }
    }

    @Test("A trace replaced by another of the same size is recomputed on --resume, and the run says so")
    func sameSizeTrace() throws {
        let directory = try RunCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.experiment.write(to: directory.appendingPathComponent("e.yaml"), atomically: true, encoding: .utf8)
        let trace = directory.appendingPathComponent("t.pages")
        try "1\n2\n3\n4\n1\n2\n5\n1\n2\n3\n4\n5\n".write(to: trace, atomically: true, encoding: .utf8)
        let arguments = ["run", directory.appendingPathComponent("e.yaml").path, "--output"]
        let out = directory.appendingPathComponent("out").path
        #expect(try VMLabProcess.run(arguments + [out, "--quiet"]).status == 0)
        let before = try Self.faults(directory)
        #expect(before.contains("fifo:3=9"))
        // Same byte size, other pages: 1 2 1 2 ... faults twice whatever the policy.
        try "1\n2\n1\n2\n1\n2\n1\n2\n1\n2\n1\n2\n".write(to: trace, atomically: true, encoding: .utf8)
        let resumed = try VMLabProcess.run(arguments + [out, "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("4 stored results were computed from other inputs or settings"))
        #expect(try Self.faults(directory) == ["fifo:2=2", "fifo:3=2", "lru:2=2", "lru:3=2"])
    }

    @Test("A second run on the same output directory is refused while the first holds it")
    func lock() throws {
        let directory = try RunCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let lockPath = out.appendingPathComponent(".vmlab.lock").path
        let descriptor = open(lockPath, O_RDWR | O_CREAT, 0o644)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        _ = "4242\n".withCString { write(descriptor, $0, 5) }
        let result = try VMLabProcess.run(["run", RunCommandTests.belady, "--output", out.path, "--quiet"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is in use by another vmlab run (pid 4242)"))
        flock(descriptor, LOCK_UN)
        let free = try VMLabProcess.run(["run", RunCommandTests.belady, "--output", out.path, "--quiet"])
        #expect(free.status == 0, "\(free.stderr)")
    }

    @Test("Temporary files an interrupted run left are removed")
    func leftovers() throws {
        let directory = try RunCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out")
        #expect(try VMLabProcess.run(["run", RunCommandTests.belady, "--output", out.path, "--quiet"]).status == 0)
        let leftover = out.appendingPathComponent("cells/.belady-fifo-3-1234.json.99.7.tmp")
        try "half".write(to: leftover, atomically: false, encoding: .utf8)
        let resumed = try VMLabProcess.run(["run", RunCommandTests.belady, "--output", out.path, "--resume", "--quiet"])
        #expect(resumed.status == 0)
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
        let names = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("cells").path)
        #expect(names.allSatisfy { !$0.hasSuffix(".tmp") })
    }
}
