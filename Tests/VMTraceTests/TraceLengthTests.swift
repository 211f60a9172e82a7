import Foundation
import Testing

@testable import VMTrace

/// Trace lengths known before reading: plain and zstd oracleGeneral files, and the cases with no estimate.
struct TraceLengthTests {
    /// Runs `body` with a temporary directory, removed afterwards.
    static func inDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-length-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    @Test("oracleGeneral: file size / 24, plain or zstd (the frame's declared size); nil where it cannot be known")
    func oracleGeneral() throws {
        try Self.inDirectory { directory in
            let plain = directory.appendingPathComponent("t.oracleGeneral").path
            let written = try OracleGeneralWriter.write(objectIDs: (0..<1000).map { UInt64($0 % 37) }, to: plain)
            #expect(written == 1000)
            #expect(TraceLength.expectedAccesses(path: plain, format: .oracleGeneral) == 1000)
            #expect(TraceLength.expectedAccesses(path: plain, format: .auto) == 1000)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: plain)))
            let compressed = directory.appendingPathComponent("t.oracleGeneral.zst")
            try Data(zstdCompress(bytes)).write(to: compressed)
            #expect(TraceLength.expectedAccesses(path: compressed.path, format: .oracleGeneral) == 1000)
            let gzip = directory.appendingPathComponent("t.oracleGeneral.gz")
            try Data(gzipCompress(bytes)).write(to: gzip)
            #expect(TraceLength.expectedAccesses(path: gzip.path, format: .oracleGeneral) == nil)
            // Text formats, standard input, a missing file, a directory and an unrecognised .auto name: unknown.
            #expect(TraceLength.expectedAccesses(path: plain, format: .pages) == nil)
            #expect(TraceLength.expectedAccesses(path: "-", format: .oracleGeneral) == nil)
            #expect(TraceLength.expectedAccesses(path: directory.path + "/none", format: .oracleGeneral) == nil)
            #expect(TraceLength.expectedAccesses(path: directory.path, format: .oracleGeneral) == nil)
            let renamed = directory.appendingPathComponent("trace.bin").path
            try FileManager.default.copyItem(atPath: plain, toPath: renamed)
            #expect(TraceLength.expectedAccesses(path: renamed, format: .auto) == nil)
            // A zstd stream written without a declared size (streaming compression) has no estimate.
            let header: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x58]
            let undeclared = directory.appendingPathComponent("u.oracleGeneral.zst")
            try Data(header).write(to: undeclared)
            #expect(TraceLength.expectedAccesses(path: undeclared.path, format: .oracleGeneral) == nil)
            // An empty file is zero accesses long.
            let empty = directory.appendingPathComponent("e.oracleGeneral")
            try Data().write(to: empty)
            #expect(TraceLength.expectedAccesses(path: empty.path, format: .oracleGeneral) == 0)
        }
    }
}
