import Foundation
import VMCore
import VMTrace

/// A fresh temporary directory for one test, removed with everything in it when the object goes away (each suite
/// instance owns one, and Swift Testing makes one instance per test).
final class TemporaryFiles {
    let directory: URL

    init() {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("VMTraceTests-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The path of `name` in the directory.
    func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// Writes `bytes` to `name` in the directory and returns the path.
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Writes `text` to `name` in the directory and returns the path.
    func write(_ name: String, text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }
}

/// Everything a reader delivers, read in batches of `batch` (small and odd by default, to cross batch edges).
func readAll(_ reader: TraceReader, batch: Int = 7) throws -> (accesses: [Access], nextUse: [Int]) {
    var accesses: [Access] = []
    var nextUse: [Int] = []
    var accessBuffer = [Access](repeating: Access(pid: 1, address: 0, kind: .read), count: batch)
    var nextUseBuffer = [Int](repeating: -1, count: batch)
    while true {
        let count = try accessBuffer.withUnsafeMutableBufferPointer { accessPointer in
            try nextUseBuffer.withUnsafeMutableBufferPointer { nextUsePointer in
                try reader.read(into: accessPointer, nextUse: nextUsePointer)
            }
        }
        if count == 0 { break }
        accesses += accessBuffer[0..<count]
        nextUse += nextUseBuffer[0..<count]
    }
    return (accesses, nextUse)
}

/// The accesses of the trace at `path`.
func readAccesses(_ path: String, format: TraceFormat = .auto, pageShift: Int = 12) throws -> [Access] {
    try readAll(TraceReader(path: path, format: format, pageShift: pageShift)).accesses
}

/// A user-mode access of `pid` to `page` with 4 KiB pages.
func access(_ page: UInt64, _ kind: AccessKind = .read, pid: UInt32 = 1) -> Access {
    Access(pid: pid, page: page, kind: kind, pageShift: 12)
}

/// The error `body` throws, or `nil`.
func traceError(_ body: () throws -> Void) -> TraceError? {
    do {
        try body()
        return nil
    } catch let error as TraceError {
        return error
    } catch {
        return nil
    }
}

/// The real traces shipped with the project (`/work/shared/traces`), found from this file's location.
let sharedTracesDirectory: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // VMTraceTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // the package
    .deletingLastPathComponent()  // the workspace
    .appendingPathComponent("shared/traces", isDirectory: true)
