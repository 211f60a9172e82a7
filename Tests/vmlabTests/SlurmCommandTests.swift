import Foundation
import Testing

/// `vmlab slurm`: the scripts it writes run as Slurm would run them (fake array indices) and merge to a plain run.
struct SlurmCommandTests {
    static func shell(_ script: String, environment: [String: String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("The array script, run for every index, and the merge script give a plain run's results.csv")
    func scriptsRunAndMerge() throws {
        let directory = try RunCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let root = directory.appendingPathComponent("scratch with 'quote")
        let written = try VMLabProcess.run([
            "slurm", RunCommandTests.belady, "--shards", "3", "--output-root", root.path, "--out", directory.path,
        ])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("sbatch --dependency=afterany:$job"))
        let array = directory.appendingPathComponent("belady-array.sh").path
        let text = try String(contentsOfFile: array, encoding: .utf8)
        #expect(text.contains("#SBATCH --array=0-2\n"))
        #expect(text.contains("#SBATCH --cpus-per-task=2\n"))
        for index in 0..<3 {
            #expect(try Self.shell(array, environment: ["SLURM_ARRAY_TASK_ID": "\(index)"]) == 0)
        }
        #expect(try Self.shell(array, environment: [:]) != 0, "no array index: refused")
        let merge = directory.appendingPathComponent("belady-merge.sh").path
        #expect(try Self.shell(merge, environment: [:]) == 0)
        let plain = directory.appendingPathComponent("plain")
        #expect(try VMLabProcess.run(["run", RunCommandTests.belady, "--output", plain.path, "--quiet"]).status == 0)
        let expected = try String(contentsOf: plain.appendingPathComponent("results.csv"), encoding: .utf8)
        let merged = root.appendingPathComponent("vmlab/belady/merged/results.csv")
        #expect(try String(contentsOf: merged, encoding: .utf8) == expected)
    }

    @Test(
        "Bad options are usage errors naming the option",
        arguments: [
            (["--shards", "0"], "--shards 0: expected 1...10000"),
            (["--shards", "2", "--mem", "lots"], "--mem 'lots'"),
            (["--shards", "2", "--time", "soon"], "--time 'soon'"),
            (["--shards", "2", "--cpus", "0"], "--cpus 0"),
        ])
    func badOptions(arguments: [String], message: String) throws {
        let result = try VMLabProcess.run(["slurm", RunCommandTests.belady] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
