import Foundation
import Testing

/// An experiment file's `plugins:` list: paths relative to the file, loaded for `run`, `merge` and `slurm`; a
/// refused plugin is reported at its line; a rebuilt plugin is not mistaken for the old one on `--resume`.
@Suite(.enabled(if: CCompiler.path != nil, "no C compiler (cc) on PATH: the plugin tests need one"))
struct ExperimentPluginsTests {
    /// Writes `exp.yaml` into `directory/experiments` naming the example CLOCK plugin by a path relative to it.
    static func experiment(in directory: URL, plugins: String = "[../lib/libclockplugin.so]") throws -> String {
        let experiments = directory.appendingPathComponent("experiments")
        try FileManager.default.createDirectory(at: experiments, withIntermediateDirectories: true)
        let file = experiments.appendingPathComponent("exp.yaml")
        try """
        name: with-plugins
        plugins: \(plugins)
        workloads:
          - name: belady
            pages: [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5]
        machine: {frames: [3, 4]}
        policies: {replacement: [c-clock, clock]}
        outputs: {plots: false, html: false}

        """.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// `policy,frames` → faults from a results.csv.
    static func faults(_ csv: String) throws -> [String: String] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = try #require(lines.first)
        let policy = try #require(header.firstIndex(of: "policy"))
        let frames = try #require(header.firstIndex(of: "frames"))
        let faults = try #require(header.firstIndex(of: "faults"))
        var result: [String: String] = [:]
        for line in lines.dropFirst() { result["\(line[policy]),\(line[frames])"] = String(line[faults]) }
        return result
    }

    @Test("A plugin named in the file, relative to it, runs from another directory and equals the built-in")
    func relativePlugin() throws {
        try PluginTests.inTemporaryDirectory { directory in
            let lib = directory.appendingPathComponent("lib")
            try FileManager.default.createDirectory(at: lib, withIntermediateDirectories: true)
            _ = try PluginTests.clockPlugin(in: lib)
            let file = try Self.experiment(in: directory)
            let output = directory.appendingPathComponent("out")
            let result = try VMLabProcess.run(["run", file, "--output", output.path, "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
            let csv = try String(contentsOf: output.appendingPathComponent("results.csv"), encoding: .utf8)
            let faults = try Self.faults(csv)
            #expect(faults["c-clock,3"] == faults["clock,3"])
            #expect(faults["c-clock,4"] == faults["clock,4"])
            #expect(faults["clock,3"] == "9")
            // Without the list, the file's policy names are unknown.
            let bare = try Self.experiment(in: directory, plugins: "[]")
            let refused = try VMLabProcess.run(["run", bare, "--output", output.path + "-bare"])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("c-clock"))
        }
    }

    @Test("A missing or refused plugin is reported at its line in the file, exit 2")
    func refusedPlugin() throws {
        try PluginTests.inTemporaryDirectory { directory in
            let file = try Self.experiment(in: directory, plugins: "\n  - ../lib/missing.so")
            let result = try VMLabProcess.run(["run", file, "--output", directory.appendingPathComponent("o").path])
            #expect(result.status == 2)
            #expect(result.stderr.contains("exp.yaml:3:"), "\(result.stderr)")
            #expect(result.stderr.contains("missing.so"))
            #expect(result.stderr.contains("no such file"))
            let notList = try Self.experiment(in: directory, plugins: "{a: b}")
            let bad = try VMLabProcess.run(["run", notList, "--output", directory.appendingPathComponent("p").path])
            #expect(bad.status == 2)
            #expect(bad.stderr.contains("plugins"), "\(bad.stderr)")
            let twice = try Self.experiment(in: directory, plugins: "[../lib/a.so, ../lib/a.so]")
            let repeated = try VMLabProcess.run(["run", twice, "--output", directory.appendingPathComponent("q").path])
            #expect(repeated.status == 2)
            #expect(repeated.stderr.contains("listed twice"), "\(repeated.stderr)")
        }
    }

    @Test("Cells of plugin policies carry the plugin's fingerprint: a rebuilt plugin reruns them on --resume")
    func rebuiltPlugin() throws {
        try PluginTests.inTemporaryDirectory { directory in
            let lib = directory.appendingPathComponent("lib")
            try FileManager.default.createDirectory(at: lib, withIntermediateDirectories: true)
            _ = try PluginTests.clockPlugin(in: lib)
            let file = try Self.experiment(in: directory)
            let output = directory.appendingPathComponent("out")
            #expect(try VMLabProcess.run(["run", file, "--output", output.path, "--quiet"]).status == 0)
            let cells = output.appendingPathComponent("cells")
            let before = Set(try FileManager.default.contentsOfDirectory(atPath: cells.path))
            // The same plugin with another policy under the same name: LIFO-like lowest-frame eviction.
            _ = try PluginTests.testPlugin(
                in: lib, name: "libclockplugin.so", flags: ["-DPLUGIN_NAME=\"c-clock\""])
            let resumed = try VMLabProcess.run(["run", file, "--output", output.path, "--resume", "--quiet"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let after = Set(try FileManager.default.contentsOfDirectory(atPath: cells.path))
            let clockCells = before.filter { $0.contains("-clock-") && !$0.contains("c-clock") }
            #expect(!clockCells.isEmpty)
            // Built-in cells keep their identity; the plugin's cells are new ones.
            #expect(clockCells.isSubset(of: after))
            let newCells = after.subtracting(before)
            #expect(newCells.count == 2, "\(newCells.sorted())")
            #expect(newCells.allSatisfy { $0.contains("c-clock") })
        }
    }

    @Test("vmlab slurm reads the file's plugins and passes --plugin libraries to both jobs")
    func slurm() throws {
        try PluginTests.inTemporaryDirectory { directory in
            let lib = directory.appendingPathComponent("lib")
            try FileManager.default.createDirectory(at: lib, withIntermediateDirectories: true)
            let plugin = try PluginTests.clockPlugin(in: lib)
            let file = try Self.experiment(in: directory)
            let result = try VMLabProcess.run([
                "slurm", file, "--shards", "2", "--out", directory.path, "--output-root", directory.path,
                "--plugin", plugin,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let array = try String(
                contentsOf: directory.appendingPathComponent("with-plugins-array.sh"), encoding: .utf8)
            let merge = try String(
                contentsOf: directory.appendingPathComponent("with-plugins-merge.sh"), encoding: .utf8)
            #expect(array.contains("--plugin \(plugin)") || array.contains("--plugin '\(plugin)'"), "\(array)")
            #expect(merge.contains("--plugin"), "\(merge)")
        }
    }
}
