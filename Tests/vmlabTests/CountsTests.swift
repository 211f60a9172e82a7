import Foundation
import Testing

/// Counts you can trust: after an out-of-memory kill the miss ratio is over executed accesses, killed processes are
/// marked in every per-process table, the totals add up, and JSON stays valid whatever the counts.
struct CountsTests {
    /// Two processes writing on 2 frames and 1 swap slot: when pid 2 faults at access 4, pid 1's second page
    /// cannot be saved (the only slot holds its first), so pid 1 is killed; its accesses 5 and 7 are dropped.
    /// FIFO: 8 accesses, 6 executed, 2 dropped; 2 hits and 4 faults; pid 1 has 2 faults over 2 executed accesses.
    static let trace =
        "1 W 0x1000\n1 W 0x2000\n2 W 0x1000\n2 W 0x2000\n1 W 0x3000\n2 R 0x1000\n1 R 0x1000\n2 R 0x2000\n"
    static let machine = ["--format", "pid", "--frames", "2", "--swap-slots", "1"]

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-counts-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func object(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    static func run(_ arguments: [String]) throws -> VMLabProcess.Result {
        try VMLabProcess.run(arguments, input: Data(trace.utf8))
    }

    @Test("simulate --json: the miss ratio is over executed accesses; the killed process says so, and when")
    func simulateJSON() throws {
        let result = try Self.run(["simulate", "--trace", "-"] + Self.machine + ["--policy", "fifo", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try Self.object(result.stdout) as? [String: Any])
        #expect(object["accesses"] as? Int == 8)
        #expect(object["executedAccesses"] as? Int == 6)
        #expect(object["droppedAccesses"] as? Int == 2)
        #expect(object["hits"] as? Int == 2 && object["faults"] as? Int == 4)
        #expect(object["missRatio"] as? Double == 4.0 / 6.0)
        let processes = try #require(object["processes"] as? [[String: Any]])
        try #require(processes.count == 2)
        #expect(processes[0]["killed"] as? Bool == true)
        #expect(processes[0]["killedAtAccess"] as? Int == 4)
        #expect(processes[0]["executedAccesses"] as? Int == 2)
        #expect(processes[0]["missRatio"] as? Double == 1)
        #expect(processes[1]["killed"] as? Bool == false)
        #expect(processes[1]["killedAtAccess"] == nil)
        #expect(processes[1]["missRatio"] as? Double == 0.5)
    }

    @Test("simulate's summary shows executed and dropped accesses and marks the killed process")
    func simulateSummary() throws {
        let result = try Self.run(["simulate", "--trace", "-"] + Self.machine + ["--policy", "fifo"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        #expect(text.contains("accesses     8  (executed 6, dropped 2: processes killed out of memory)"), "\(text)")
        #expect(text.contains("miss ratio   0.666667  (faults / executed accesses)"), "\(text)")
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("pid") })
        for column in ["accesses", "executed", "dropped", "hits", "faults", "miss ratio", "state"] {
            #expect(header.contains(column), "\(header)")
        }
        let first = try #require(lines.first { $0.hasPrefix("  1 ") || $0.hasPrefix("1 ") })
        #expect(first.hasSuffix("killed at access 4"), "\(first)")
        #expect(first.contains("1.000000"), "\(first)")
        let second = try #require(lines.first { $0.hasPrefix("  2 ") || $0.hasPrefix("2 ") })
        #expect(!second.contains("killed") && second.contains("0.500000"), "\(second)")
    }

    @Test("compare: CSV and table columns for executed and dropped accesses; JSON marks the killed process")
    func compare() throws {
        let arguments = ["compare", "--trace", "-"] + Self.machine + ["--policies", "fifo"]
        let csv = try Self.run(arguments + ["--csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        try #require(rows.count == 2)
        let header = rows[0]
        let row = Dictionary(uniqueKeysWithValues: zip(header, rows[1]))
        #expect(row["accesses"] == "8" && row["hits"] == "2" && row["faults"] == "4")
        #expect(row["miss_ratio"] == "0.666667")
        #expect(row["executed_accesses"] == "6" && row["dropped_accesses"] == "2" && row["killed_processes"] == "1")

        let table = try Self.run(arguments)
        #expect(table.status == 0, "\(table.stderr)")
        let tableLines = table.stdout.split(separator: "\n")
        #expect(tableLines.first?.contains("executed") == true && tableLines.first?.contains("dropped") == true)
        #expect(tableLines.first?.contains("killed") == true, "\(table.stdout)")

        let json = try Self.run(arguments + ["--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let results = try #require(try Self.object(json.stdout) as? [[String: Any]])
        let processes = try #require(results.first?["processes"] as? [[String: Any]])
        #expect(processes.map { $0["killed"] as? Bool } == [true, false])
        #expect(results.first?["missRatio"] as? Double == 4.0 / 6.0)
    }

    /// An experiment over the trace, written to `directory` with `extra` lines appended.
    static func experiment(in directory: URL, extra: String = "") throws -> String {
        try trace.write(to: directory.appendingPathComponent("t.pid"), atomically: true, encoding: .utf8)
        let path = directory.appendingPathComponent("e.yaml").path
        let text = """
            name: counts
            workloads: [{name: t, trace: t.pid, format: pid}]
            machine: {frames: [2], swap: [{name: s, slots: 1}]}
            policies: {replacement: [fifo]}

            """
        try (text + extra).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("run: results.csv, processes.csv, results.json and index.html mark the kill and count executed accesses")
    func runReport() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try Self.experiment(in: directory)
        let output = directory.appendingPathComponent("out")
        let run = try VMLabProcess.run(["run", file, "--output", output.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("killed"), "\(run.stdout)")

        func table(_ name: String) throws -> [[String: String]] {
            let text = try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)
            let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            return lines.dropFirst().map {
                Dictionary(uniqueKeysWithValues: zip(lines[0].map(String.init), $0.map(String.init)))
            }
        }
        let fifo = try #require(try table("results.csv").first { $0["policy"] == "fifo" })
        #expect(fifo["miss_ratio"] == "0.666667" && fifo["executed_accesses"] == "6")
        #expect(fifo["dropped_accesses"] == "2" && fifo["killed_processes"] == "1")
        let processes = try table("processes.csv").filter { $0["policy"] == "fifo" }
        #expect(processes.map { $0["killed"] } == ["true", "false"])
        #expect(processes.map { $0["killed_at_access"] } == ["4", ""])
        #expect(processes.map { $0["executed_accesses"] } == ["2", "4"])
        #expect(processes.map { $0["dropped_accesses"] } == ["2", "0"])
        #expect(processes.map { $0["miss_ratio"] } == ["1.000000", "0.500000"])

        let json = try Data(contentsOf: output.appendingPathComponent("results.json"))
        let cells = try #require(try JSONSerialization.jsonObject(with: json) as? [[String: Any]])
        let result = try #require(cells.first?["result"] as? [String: Any])
        #expect((result["processes"] as? [[String: Any]])?.first?["killed"] as? Bool == true)

        let html = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("killed at access 4"), "the report lists the kill")
    }

    @Test("run: a process killed during the warm-up is marked killed; nothing executed gives 0, valid JSON")
    func killedDuringWarmup() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try Self.experiment(in: directory, extra: "warmup: 4\n")
        let output = directory.appendingPathComponent("out")
        let run = try VMLabProcess.run(["run", file, "--output", output.path])
        #expect(run.status == 0, "\(run.stderr)")
        let csv = try String(contentsOf: output.appendingPathComponent("processes.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = lines[0].map(String.init)
        let first = Dictionary(uniqueKeysWithValues: zip(header, lines[1].map(String.init)))
        #expect(first["pid"] == "1" && first["killed"] == "true" && first["killed_at_access"] == "4")
        #expect(first["accesses"] == "2" && first["executed_accesses"] == "0" && first["dropped_accesses"] == "2")
        #expect(first["miss_ratio"] == "0.000000")
        let json = try Data(contentsOf: output.appendingPathComponent("results.json"))
        #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: json) }
        #expect(!String(decoding: json, as: UTF8.self).contains("NaN"))
    }
}

extension CountsTests {
    @Test("render: the diagram's header and the stepper's captions count the dropped accesses")
    func render() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dot = directory.appendingPathComponent("r.dot").path
        let single = try Self.run(["render", "--trace", "-"] + Self.machine + ["--policy", "fifo", "--out", dot])
        #expect(single.status == 0, "\(single.stderr)")
        let text = try String(contentsOfFile: dot, encoding: .utf8)
        #expect(text.contains("1 out-of-memory kill, 2 accesses dropped"), "\(text)")
        let steps = directory.appendingPathComponent("s.svg").path
        let stepped = try Self.run(
            ["render", "--trace", "-"] + Self.machine + ["--policy", "fifo", "--every", "4", "--out", steps])
        #expect(stepped.status == 0, "\(stepped.stderr)")
        let page = try String(contentsOf: directory.appendingPathComponent("s.html"), encoding: .utf8)
        #expect(page.contains("out of memory: kills pid 1"), "\(page)")
        #expect(page.contains("accesses 5–8: 4 accesses, 2 hits, 0 faults, 0 evictions, 2 dropped; last:"), "\(page)")
        #expect(page.contains("<span class=\"value\">2</span>\n      <span class=\"label\">dropped</span>"))
    }
}
