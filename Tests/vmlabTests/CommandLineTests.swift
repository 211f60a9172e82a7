import Foundation
import Testing

/// Runs the real `vmlab` binary and checks what a user sees: output, error text and exit status.
struct CommandLineTests {
    @Test("simulate prints the textbook numbers, as text and as JSON")
    func simulate() throws {
        let text = try VMLabProcess.run([
            "simulate", "--pages", "1,2,3,4,1,2,5,1,2,3,4,5", "--policy", "fifo", "--frames", "3",
        ])
        #expect(text.status == 0)
        #expect(text.stdout.contains("faults       9  (minor 5, major 4)"))
        let json = try VMLabProcess.run(
            ["simulate", "--pages", "1,2,3,4,1,2,5,1,2,3,4,5", "--policy", "lru", "--frames", "4", "--json"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["faults"] as? Int == 8)
        #expect(object["policy"] as? String == "lru")
        #expect(object["frames"] as? Int == 4)
        for key in ["accesses", "hits", "minorFaults", "majorFaults", "evictions", "swapIns", "swapOuts"] {
            #expect(object[key] is Int, "\(key)")
        }
        #expect((object["processes"] as? [[String: Any]])?.count == 1)
    }

    @Test("compare sweeps a range and shows Belady's anomaly in CSV and JSON")
    func compare() throws {
        let csv = try VMLabProcess.run(
            [
                "compare", "--pages", "1,2,3,4,1,2,5,1,2,3,4,5", "--policies", "fifo,lru,opt", "--frames", "3...4",
                "--csv",
            ])
        #expect(csv.status == 0)
        let rows = csv.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        #expect(
            rows.map { "\($0[1]):\($0[2])=\($0[5])" } == [
                "fifo:3=9", "fifo:4=10", "lru:3=10", "lru:4=8", "opt:3=7", "opt:4=6",
            ])
        let json = try VMLabProcess.run(
            ["compare", "--pages", "1,2,3,4,1,2,5,1,2,3,4,5", "--policies", "fifo", "--frames", "3,4", "--json"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.compactMap { $0["faults"] as? Int } == [9, 10])
    }

    @Test("policies lists every policy; --json gives name, kind, summary, parameters")
    func policies() throws {
        let result = try VMLabProcess.run(["policies", "--json"])
        #expect(result.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let names = array.compactMap { $0["name"] as? String }
        #expect(names.contains("lru") && names.contains("first-free"))
        for object in array {
            #expect(["replacement", "allocation", "swap"].contains(object["kind"] as? String ?? ""))
            #expect(object["summary"] is String)
            #expect(object["parameters"] is [Any])
        }
        let text = try VMLabProcess.run(["policies"])
        #expect(text.stdout.contains("random:seed=1"))
    }

    @Test("Usage errors exit 2 with a sentence naming the problem")
    func usageErrors() throws {
        let unknown = try VMLabProcess.run(["simulate", "--pages", "1,2", "--policy", "lfru", "--frames", "2"])
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr.contains(
                "unknown replacement policy 'lfru'; valid names: 2q, aging, arc, car, clock, clock-pro"))
        let zero = try VMLabProcess.run(["simulate", "--pages", "1,2", "--policy", "lru", "--frames", "0"])
        #expect(zero.status == 2)
        #expect(zero.stderr.contains("--frames 0: the machine needs at least 1 frame"))
        let pageSize = try VMLabProcess.run(
            ["simulate", "--pages", "1,2", "--policy", "lru", "--frames", "2", "--page-size", "3000"])
        #expect(pageSize.status == 2)
        #expect(pageSize.stderr.contains("--page-size 3000 is not a power of two"))
        let noWorkload = try VMLabProcess.run(["simulate", "--policy", "lru", "--frames", "2"])
        #expect(noWorkload.status == 2)
        let badParameter = try VMLabProcess.run([
            "simulate", "--pages", "1", "--policy", "random:sed=1", "--frames", "2",
        ])
        #expect(badParameter.status == 2)
        #expect(badParameter.stderr.contains("policy random has no parameter 'sed'; its parameters are: seed"))
    }

    @Test("A malformed trace line gives file:line: expected ..., found ... and exit status 2")
    func malformedTrace() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-cli-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.pages").path
        try "1\n2\nR zz\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try VMLabProcess.run([
            "simulate", "--trace", path, "--format", "pages", "--policy", "lru", "--frames", "2",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(path):3: expected"))
        #expect(result.stderr.contains("found 'zz'"))
        let empty = directory.appendingPathComponent("empty.pages").path
        try "# nothing\n".write(toFile: empty, atomically: true, encoding: .utf8)
        let emptyResult = try VMLabProcess.run(["simulate", "--trace", empty, "--policy", "lru", "--frames", "2"])
        #expect(emptyResult.status == 2)
        #expect(emptyResult.stderr.contains("no accesses"))
    }

    @Test("--output writes atomically and a failed run leaves the old file in place")
    func atomicOutput() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-out-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("result.json").path
        try "previous".write(toFile: output, atomically: true, encoding: .utf8)
        let failed = try VMLabProcess.run(
            ["simulate", "--pages", "1,x", "--policy", "lru", "--frames", "2", "--output", output])
        #expect(failed.status == 2)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "previous")
        let succeeded = try VMLabProcess.run(
            ["simulate", "--pages", "1,2", "--policy", "lru", "--frames", "2", "--output", output])
        #expect(succeeded.status == 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8).contains("\"faults\" : 2"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(leftovers == ["result.json"])
    }
}
