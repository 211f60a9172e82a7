import Foundation
import Testing

/// Ctrl-C stops a long run cleanly: a sentence, exit status 130, no trap, and no output file.
struct InterruptTests {
    @Test("SIGINT during simulate stops after the current batch with exit status 130")
    func interrupt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-int-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let trace = directory.appendingPathComponent("long.pages")
        // Two million distinct pages: several seconds in a debug build, so the signal arrives mid-run.
        var text = ""
        text.reserveCapacity(16 << 20)
        for index in 0..<2_000_000 { text += "\(index)\n" }
        try text.write(to: trace, atomically: false, encoding: .utf8)
        for policy in ["lru", "opt"] {
            let output = directory.appendingPathComponent("\(policy).json")
            let process = Process()
            process.executableURL = VMLabProcess.executable
            process.arguments = [
                "simulate", "--trace", trace.path, "--policy", policy, "--frames", "64", "--output", output.path,
            ]
            let error = Pipe()
            process.standardError = error
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: policy == "opt" ? 2.5 : 0.8)
            process.interrupt()
            let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 130, "\(policy): \(message)")
            #expect(message.contains("interrupted after"), "\(policy): \(message)")
            #expect(message.contains("no result was written"))
            #expect(!message.contains("crashed"))
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
    }

    @Test("SIGINT during generate: exit status 130, no output, no temporary file left beside it")
    func interruptGenerate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-int-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("big.oracleGeneral.zst")
        let process = Process()
        process.executableURL = VMLabProcess.executable
        // Far more than a second of work in any build: the signal arrives during the forward pass.
        process.arguments = ["generate", "zipf", "--accesses", "2000000000", "--pages", "1000", "--out", output.path]
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1)
        process.interrupt()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(message)")
        #expect(message.contains("interrupted after"), "\(message)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
