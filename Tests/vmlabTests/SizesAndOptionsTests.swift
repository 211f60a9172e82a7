import Foundation
import Testing

/// Relative sizes, one CSV header everywhere, the capped summary of `run`, parity and `--compat`, from the
/// command line.
struct SizesAndOptionsTests {
    static let belady = "1,2,3,4,1,2,5,1,2,3,4,5"

    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-sizes-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// An experiment of `workloads` page lists of 30 distinct pages, every replacement policy, at `frames`.
    static func experiment(in directory: URL, workloads: Int, frames: String, extra: String = "") throws -> String {
        let pages = (0..<120).map { String(($0 * 7) % 30) }.joined(separator: ", ")
        let list = (0..<workloads).map { "  - {name: w\($0), pages: [\(pages)]}" }.joined(separator: "\n")
        let yaml = """
            workloads:
            \(list)
            machine: {frames: "\(frames)"}
            policies: {replacement: all}
            outputs: {plots: false, html: false}
            \(extra)
            """
        let file = directory.appendingPathComponent("e.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test("compare --csv, run's results.csv and merge's results.csv have the same header")
    func sameHeader() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let compare = try VMLabProcess.run(
            ["compare", "--pages", Self.belady, "--policies", "fifo", "--frames", "3", "--csv"])
        #expect(compare.status == 0, "\(compare.stderr)")
        let file = try Self.experiment(in: directory, workloads: 1, frames: "2,4")
        let run = try VMLabProcess.run(["run", file, "--output", directory.appendingPathComponent("run").path])
        #expect(run.status == 0, "\(run.stderr)")
        let shard = directory.appendingPathComponent("shard").path
        #expect(try VMLabProcess.run(["run", file, "--output", shard, "--shard", "0/1"]).status == 0)
        let merged = directory.appendingPathComponent("merged")
        let merge = try VMLabProcess.run(["merge", file, shard, "--output", merged.path, "--quiet"])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(!merge.stdout.contains("miss ratio by policy"), "--quiet hides merge's summary")
        func header(_ url: URL) throws -> String {
            String(try String(contentsOf: url, encoding: .utf8).split(separator: "\n")[0])
        }
        let expected = String(compare.stdout.split(separator: "\n")[0])
        #expect(expected.hasPrefix("workload,policy,frames,accesses,hits,faults,miss_ratio,minor_faults,major_faults,"))
        #expect(try header(directory.appendingPathComponent("run/results.csv")) == expected)
        #expect(try header(merged.appendingPathComponent("results.csv")) == expected)
    }

    @Test("compare resolves relative sizes against the workload's distinct pages and says which it merged")
    func compareRelative() throws {
        let result = try VMLabProcess.run(
            ["compare", "--pages", Self.belady, "--policies", "lru", "--frames", "40%,60%,1...4:x2", "--csv"])
        #expect(result.status == 0, "\(result.stderr)")
        // 5 distinct pages: 40% → 2, 60% → 3; the geometric range adds 1, 2 (a duplicate) and 4.
        let rows = result.stdout.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        #expect(rows.map { "\($0[2]):\($0[26])" } == ["2:40%", "3:60%", "1:", "4:"])
        #expect(result.stderr.contains("note: 5 distinct pages: 40% and 2 give 2 frames; each size runs once"))
        let json = try VMLabProcess.run(
            ["compare", "--pages", Self.belady, "--policies", "lru", "--frames", "60%,4", "--json"])
        let objects = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(objects.map { $0["relativeSize"] as? String } == ["60%", nil])
    }

    @Test("run's summary is a pivot capped near 40 lines that names the full table; --quiet hides it")
    func cappedSummary() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let small = try Self.experiment(in: directory, workloads: 1, frames: "10%,50%")
        let pivot = try VMLabProcess.run(["run", small, "--output", directory.appendingPathComponent("a").path])
        #expect(pivot.status == 0, "\(pivot.stderr)")
        #expect(pivot.stdout.contains("w0: miss ratio by policy and frames\n"))
        #expect(
            pivot.stdout.contains("policy") && pivot.stdout.contains("3 (10%)") && pivot.stdout.contains("15 (50%)"))
        #expect(!pivot.stdout.contains("full table"), "\(pivot.stdout)")

        let big = try Self.experiment(in: directory, workloads: 3, frames: "1...30")
        let output = directory.appendingPathComponent("b")
        let capped = try VMLabProcess.run(["run", big, "--output", output.path])
        #expect(capped.status == 0, "\(capped.stderr)")
        let lines = capped.stdout.split(separator: "\n")
        #expect(lines.count <= 45, "\(capped.stdout)")
        #expect(capped.stdout.contains("full table (every cell and column): \(output.path)/results.csv"))
        #expect(capped.stdout.contains("10 of 30 sizes") && capped.stdout.contains("more"))
        let rows = try String(contentsOf: output.appendingPathComponent("results.csv"), encoding: .utf8)
        #expect(rows.split(separator: "\n").count > 3 * 27 * 30, "the file keeps every cell")

        let quiet = try VMLabProcess.run(["run", big, "--output", output.path, "--fresh", "--quiet"])
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(!quiet.stdout.contains("miss ratio") && quiet.stdout.hasPrefix("wrote "), "\(quiet.stdout)")
    }

    @Test("policies --json carries parity; the text form shows it")
    func parity() throws {
        let json = try VMLabProcess.run(["policies", "--json"])
        #expect(json.status == 0)
        let infos = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        func parity(_ name: String) -> [[String: Any]] {
            infos.first { $0["name"] as? String == name }?["parity"] as? [[String: Any]] ?? []
        }
        let s3 = try #require(parity("s3-fifo").first)
        #expect(s3["family"] as? String == "libcachesim" && s3["status"] as? String == "matches")
        #expect(s3["parameters"] as? String == "threshold=2")
        #expect(s3["evidence"] as? String == "S3FIFOTests.goldenLibCacheSim")
        #expect(parity("clock-pro").first?["status"] as? String == "differs")
        #expect(parity("lru").first?["family"] as? String == "ostep")
        let text = try VMLabProcess.run(["policies"])
        #expect(text.stdout.contains("matches libCacheSim 0.3.5 S3FIFO with threshold=2 (from 20 frames"))
        #expect(text.stdout.contains("differs from libCacheSim 0.3.5 ClockPro"))
    }

    @Test("--compat libcachesim gives s3-fifo threshold=2 (unless set) in compare, simulate and run")
    func compat() throws {
        let pages = (0..<600).map { String(($0 * $0 + 7 * $0) % 41) }.joined(separator: ",")
        let base = ["compare", "--pages", pages, "--frames", "20,25", "--csv"]
        let plain = try VMLabProcess.run(base + ["--policies", "s3-fifo"])
        let explicit = try VMLabProcess.run(base + ["--policies", "s3-fifo:threshold=2"])
        let compat = try VMLabProcess.run(base + ["--policies", "s3-fifo,clock-pro", "--compat", "libcachesim"])
        #expect(compat.status == 0, "\(compat.stderr)")
        func faults(_ csv: String) -> [String] {
            csv.split(separator: "\n").dropFirst().map {
                let fields = $0.split(separator: ",")
                return "\(fields[1]):\(fields[2])=\(fields[5])"
            }
        }
        #expect(Array(faults(compat.stdout).prefix(2)) == faults(explicit.stdout))
        #expect(faults(plain.stdout) != faults(explicit.stdout), "the thresholds must differ on this string")
        #expect(compat.stderr.contains("--compat libcachesim: clock-pro differs from libCacheSim 0.3.5 ClockPro"))
        let kept = try VMLabProcess.run(base + ["--policies", "s3-fifo:threshold=3", "--compat", "libcachesim"])
        #expect(kept.stdout.contains("s3-fifo:threshold=3,"), "a parameter given is kept")

        let simulate = try VMLabProcess.run(
            [
                "simulate", "--pages", pages, "--policy", "s3-fifo", "--frames", "20", "--json", "--compat",
                "libcachesim",
            ])
        #expect(simulate.stdout.contains("\"policy\" : \"s3-fifo:threshold=2\""), "\(simulate.stdout.prefix(300))")

        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try Self.experiment(in: directory, workloads: 1, frames: "20", extra: "compat: libcachesim")
        let run = try VMLabProcess.run(["run", file, "--output", directory.appendingPathComponent("r").path])
        #expect(run.status == 0, "\(run.stderr)")
        let csv = try String(contentsOf: directory.appendingPathComponent("r/results.csv"), encoding: .utf8)
        #expect(csv.contains("\nw0,s3-fifo:threshold=2,20,"))
    }
}
