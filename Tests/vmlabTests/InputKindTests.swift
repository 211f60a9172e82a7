import Foundation
import Testing

/// Every command that reads a trace sees all of it, whatever kind of input it comes from: a file, standard input,
/// gzip or zstd (as a file or piped) and a named pipe. Format sniffing and OPT's next-use pre-pass read the input
/// twice; a stream is spooled so that the second pass sees the bytes the first consumed.
struct InputKindTests {
    /// 30,000 accesses over 700 pages: longer than the 64 KiB sniffing window.
    static let accesses = 30_000
    static let trace: Data = {
        var text = "# page list\n"
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<accesses {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            text += "\((state >> 33) % 700)\n"
        }
        return Data(text.utf8)
    }()

    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case file, stdin, gzipFile, zstdFile, gzipStdin, zstdStdin, namedPipe
        var testDescription: String { rawValue }
    }

    /// Runs `vmlab arguments` with `--trace` pointing at the trace delivered as `kind`.
    static func run(_ arguments: [String], kind: Kind) throws -> VMLabProcess.Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-input-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = directory.appendingPathComponent("trace.txt")
        try trace.write(to: plain)
        func compressed(_ tool: String) throws -> Data {
            let result = try Tool.run(tool, ["-c", plain.path])
            try #require(result.status == 0, "\(tool) failed")
            return result.output
        }
        switch kind {
        case .file:
            return try VMLabProcess.run(arguments + ["--trace", plain.path])
        case .stdin:
            return try VMLabProcess.run(arguments + ["--trace", "-"], input: trace)
        case .gzipFile, .zstdFile:
            let path = directory.appendingPathComponent(kind == .gzipFile ? "trace.gz" : "trace.zst")
            try compressed(kind == .gzipFile ? "gzip" : "zstd").write(to: path)
            return try VMLabProcess.run(arguments + ["--trace", path.path])
        case .gzipStdin, .zstdStdin:
            let data = try compressed(kind == .gzipStdin ? "gzip" : "zstd")
            return try VMLabProcess.run(arguments + ["--trace", "-"], input: data)
        case .namedPipe:
            let fifo = directory.appendingPathComponent("trace.fifo")
            try #require(mkfifo(fifo.path, 0o600) == 0)
            let writer = Thread {
                if let handle = FileHandle(forWritingAtPath: fifo.path) {
                    handle.write(trace)
                    try? handle.close()
                }
            }
            writer.start()
            return try VMLabProcess.run(arguments + ["--trace", fifo.path])
        }
    }

    static func object(_ result: VMLabProcess.Result) throws -> [String: Any] {
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test("simulate counts every access with LRU and with OPT (which reads the trace twice)", arguments: Kind.allCases)
    func simulate(kind: Kind) throws {
        for policy in ["lru", "opt"] {
            let result = try Self.run(["simulate", "--policy", policy, "--frames", "64", "--json"], kind: kind)
            #expect(try Self.object(result)["accesses"] as? Int == Self.accesses, "\(policy)")
        }
    }

    @Test("compare with OPT and mrc count every access", arguments: Kind.allCases)
    func compareAndMRC(kind: Kind) throws {
        let compare = try Self.run(
            ["compare", "--policies", "lru,opt", "--frames", "16,64", "--json"], kind: kind)
        try #require(compare.status == 0, "\(compare.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(compare.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 4)
        #expect(rows.allSatisfy { $0["accesses"] as? Int == Self.accesses })
        let mrc = try Self.run(["mrc", "--frames", "16,64"], kind: kind)
        #expect(mrc.status == 0, "\(mrc.stderr)")
        #expect(mrc.stdout.contains("\(Self.accesses) accesses"))
    }

    @Test("A short trace piped in is not called empty")
    func shortPipedTrace() throws {
        let result = try VMLabProcess.run(
            ["simulate", "--trace", "-", "--policy", "opt", "--frames", "100", "--json"], input: Data("1\n2\n".utf8))
        #expect(try Self.object(result)["accesses"] as? Int == 2)
    }

    @Test("Devices and directories are refused with a reason, not read forever")
    func devices() throws {
        for path in ["/dev/zero", "/dev/urandom", NSTemporaryDirectory()] {
            let result = try VMLabProcess.run(["simulate", "--trace", path, "--policy", "lru", "--frames", "4"])
            #expect(result.status == 2)
            #expect(result.stderr.contains("is a device") || result.stderr.contains("is a directory"), "\(path)")
        }
    }
}

/// Runs a command-line tool from the system and captures its standard output.
enum Tool {
    struct Result {
        var status: Int32
        var output: Data
    }

    /// Runs `name arguments`; with `quiet`, what the tool writes to standard error is dropped.
    static func run(_ name: String, _ arguments: [String], quiet: Bool = false) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        if quiet { process.standardError = FileHandle.nullDevice }
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: data)
    }
}
