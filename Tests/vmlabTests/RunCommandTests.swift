import Foundation
import Testing

/// `vmlab run`, `merge` and `mrc` from the command line.
struct RunCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let belady = root.appendingPathComponent("Examples/experiments/belady.yaml").path

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-run-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("run writes the report; a second run needs --resume or --fresh; --resume reuses every cell")
    func runAndResume() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try VMLabProcess.run(["run", Self.belady, "--output", directory.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Belady's anomaly: belady, fifo: 9 faults with 3 frames, 10 with 4"))
        for file in ["results.csv", "processes.csv", "results.json", "index.html", "plots/belady-miss-ratio.svg"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path), "\(file)")
        }
        let again = try VMLabProcess.run(["run", Self.belady, "--output", directory.path, "--quiet"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("pass --resume to continue it or --fresh to start over"))
        let resumed = try VMLabProcess.run(["run", Self.belady, "--output", directory.path, "--resume"])
        #expect(resumed.status == 0)
        #expect(resumed.stderr.contains("resuming: 49 of 49 cells already done"))
    }

    @Test("Two shards merged give the same results.csv as one run; a missing shard is reported")
    func shardsAndMerge() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let whole = directory.appendingPathComponent("whole")
        #expect(try VMLabProcess.run(["run", Self.belady, "--output", whole.path, "--quiet"]).status == 0)
        for index in 0..<2 {
            let shard = try VMLabProcess.run([
                "run", Self.belady, "--shard", "\(index)/2", "--output",
                directory.appendingPathComponent("s\(index)").path,
                "--quiet",
            ])
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        let merged = directory.appendingPathComponent("merged")
        let partial = try VMLabProcess.run([
            "merge", Self.belady, directory.appendingPathComponent("s0").path, "--output", merged.path,
        ])
        #expect(partial.status == 1)
        #expect(partial.stderr.contains("cells have no result yet"))
        let complete = try VMLabProcess.run([
            "merge", Self.belady, directory.appendingPathComponent("s1").path, "--output", merged.path,
        ])
        #expect(complete.status == 0, "\(complete.stderr)")
        let expected = try String(contentsOf: whole.appendingPathComponent("results.csv"), encoding: .utf8)
        let actual = try String(contentsOf: merged.appendingPathComponent("results.csv"), encoding: .utf8)
        #expect(actual == expected)
    }

    /// Two experiments' shards in one merge (the Slurm example's old shared directories): the other experiment's
    /// cells are ignored and reported, cells found twice count once, and the result equals a plain run.
    @Test("merge takes only this experiment's cells, each once, and says what it ignored")
    func mergeIgnoresOtherExperiments() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let other = directory.appendingPathComponent("other.yaml")
        try "name: other\nworkloads: [{name: w, pages: [1, 2, 3, 1, 4]}]\nmachine: {frames: [2, 3]}\n"
            .appending("policies: {replacement: [lru, fifo]}\n")
            .write(to: other, atomically: true, encoding: .utf8)
        let whole = directory.appendingPathComponent("whole")
        #expect(try VMLabProcess.run(["run", Self.belady, "--output", whole.path, "--quiet"]).status == 0)
        let foreign = directory.appendingPathComponent("foreign")
        #expect(try VMLabProcess.run(["run", other.path, "--output", foreign.path, "--quiet"]).status == 0)
        let shard = directory.appendingPathComponent("s0")
        #expect(
            try VMLabProcess.run(["run", Self.belady, "--shard", "0/1", "--output", shard.path, "--quiet"]).status == 0)
        let merged = directory.appendingPathComponent("merged")
        let result = try VMLabProcess.run([
            "merge", Self.belady, shard.path, foreign.path, whole.path, "--output", merged.path, "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let foreignCells = try FileManager.default.contentsOfDirectory(
            atPath: foreign.appendingPathComponent("cells").path
        ).filter { $0.hasSuffix(".json") }
        #expect(foreignCells.count >= 4)
        #expect(
            result.stderr.contains("ignored \(foreignCells.count) stored results that belong to no cell of 'belady'"))
        #expect(result.stderr.contains("49 cells were found in more than one shard directory; each counts once"))
        #expect(result.stdout.contains("merged 49 cell results"))
        let expected = try String(contentsOf: whole.appendingPathComponent("results.csv"), encoding: .utf8)
        let actual = try String(contentsOf: merged.appendingPathComponent("results.csv"), encoding: .utf8)
        #expect(actual == expected)
    }

    @Test("A bad experiment file exits 2 with file:line:column")
    func badFile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.yaml")
        try "workloads: [{name: a, pages: [1]}]\nmachine: {frames: 1}\npolicies: {replacement: [lru, lfu9]}\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try VMLabProcess.run(["run", file.path, "--output", directory.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml:3:31: unknown replacement policy 'lfu9'"))
    }

    @Test("mrc prints LRU's faults and miss ratio at every size; they match the textbook")
    func mrc() throws {
        let result = try VMLabProcess.run(["mrc", "--pages", "1,2,3,4,1,2,5,1,2,3,4,5", "--frames", "1...5", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let points = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Double]]
        #expect(points?.map { $0["faults"] ?? -1 } == [12, 12, 10, 8, 5])
        #expect(points?.map { $0["frames"] ?? -1 } == [1, 2, 3, 4, 5])
        let ratios: [Double] = (points ?? []).map { $0["miss_ratio"] ?? -1 }
        let expected: [Double] = [12, 12, 10, 8, 5].map { $0 / 12 }
        #expect(ratios == expected)
    }

    @Test(
        "mrc --policies: FIFO's Belady anomaly and LRU's textbook faults by full simulation (rate 1), as JSON and CSV")
    func mrcPolicies() throws {
        let arguments = ["mrc", "--pages", "1,2,3,4,1,2,5,1,2,3,4,5", "--policies", "fifo,lru", "--frames", "1...5"]
        let result = try VMLabProcess.run(arguments + ["--json", "--check-exact"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        let fifo = rows.filter { $0["policy"] as? String == "fifo" }.map { $0["faults"] as? Int ?? -1 }
        let lru = rows.filter { $0["policy"] as? String == "lru" }.map { $0["faults"] as? Int ?? -1 }
        #expect(fifo == [12, 12, 9, 10, 5])
        #expect(lru == [12, 12, 10, 8, 5])
        #expect(rows.allSatisfy { ($0["faults"] as? Int) == ($0["exact_faults"] as? Int) })
        #expect(result.stderr.contains("fifo: error against full simulation from 1 frames up"))
        #expect(result.stderr.contains("mean 0.00000, max 0.00000"))
        let csv = try VMLabProcess.run(arguments + ["--csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "policy,frames,simulated_frames,faults,miss_ratio")
        #expect(lines.contains("fifo,4,4,10,0.833333"))
        #expect(lines.count == 11)
        let table = try VMLabProcess.run(arguments)
        #expect(table.status == 0)
        #expect(table.stdout.contains("full simulation (sampling rate 1)"))
    }

    @Test("mrc --policies at a rate below 1 simulates scaled-down caches and notes the sizes it cannot resolve")
    func mrcPoliciesSampled() throws {
        let trace = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/traces/true.all.pages.zst").path
        let result = try VMLabProcess.run([
            "mrc", "--trace", trace, "--policies", "clock", "--sample", "0.5", "--frames", "4,20,100", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.map { $0["simulated_frames"] as? Int ?? -1 } == [2, 10, 50])
        #expect(rows.allSatisfy { $0["sampling_rate"] as? Double == 0.5 })
        #expect(result.stderr.contains("note: 1 of the sizes are below 20 frames (10 / rate)"))
    }
}
