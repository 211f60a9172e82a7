import Foundation

/// Runs the `vmlab` executable built next to the test bundle.
enum VMLabProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built `vmlab`: beside the test bundle in the build folder.
    static let executable: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("vmlab")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "vmlab")
    }()

    /// Runs `vmlab arguments` with `input` piped to standard input (else `/dev/null`), and standard output to a
    /// pipe or, when given, to the file at `standardOutput` (e.g. `/dev/full`). `environment` adds to (or
    /// replaces) the test's own variables.
    static func run(
        _ arguments: [String], input: Data? = nil, standardOutput: String? = nil, environment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let output = Pipe()
        let error = Pipe()
        let outputFile = standardOutput.flatMap { FileHandle(forWritingAtPath: $0) }
        process.standardOutput = outputFile ?? output
        process.standardError = error
        process.standardInput = input == nil ? FileHandle.nullDevice : Pipe()
        try process.run()
        if let input, let pipe = process.standardInput as? Pipe {
            pipe.fileHandleForWriting.write(input)
            try pipe.fileHandleForWriting.close()
        }
        if outputFile != nil { try output.fileHandleForWriting.close() }
        // Standard error is read on its own thread: read after standard output, a long stream of progress lines
        // would fill its pipe and block the tool before it closes standard output.
        let errorReader = PipeReader(error.fileHandleForReading)
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errorReader.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// Reads a file handle to its end on a background thread.
final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// Everything read, once the writer has closed its end.
    func wait() -> Data {
        done.wait()
        return data
    }
}
