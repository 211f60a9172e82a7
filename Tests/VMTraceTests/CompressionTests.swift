import Foundation
import Testing
import VMCore
import VMTrace

@Suite("compressed input")
struct CompressionTests {
    private let files = TemporaryFiles()

    private let text = "R 0x10\nW 0x11\n# comment\n12\n"
    private var expected: [Access] { [access(0x10), access(0x11, .write), access(12)] }

    @Test("gzip is detected by magic bytes, whatever the name")
    func gzip() throws {
        let compressed = gzipCompress(Array(text.utf8))
        #expect(try readAccesses(files.write("trace.pages.gz", bytes: compressed)) == expected)
        #expect(try readAccesses(files.write("trace.pages", bytes: compressed)) == expected)
    }

    @Test("concatenated gzip members")
    func concatenatedGzip() throws {
        let bytes = gzipCompress(Array("1\n2\n".utf8)) + gzipCompress(Array("3\n".utf8))
        #expect(try readAccesses(files.write("multi.gz", bytes: bytes)) == [access(1), access(2), access(3)])
    }

    @Test("zstd is detected by magic bytes, whatever the name")
    func zstd() throws {
        let compressed = zstdCompress(Array(text.utf8))
        #expect(try readAccesses(files.write("trace.pages.zst", bytes: compressed)) == expected)
        #expect(try readAccesses(files.write("trace.txt", bytes: compressed)) == expected)
    }

    @Test("concatenated zstd frames")
    func concatenatedZstd() throws {
        let bytes = zstdCompress(Array("1\n2".utf8)) + zstdCompress(Array("\n3\n".utf8))
        #expect(try readAccesses(files.write("multi.zst", bytes: bytes)) == [access(1), access(2), access(3)])
    }

    @Test("large compressed traces stream through fixed buffers")
    func largeCompressedTrace() throws {
        var text = ""
        var expected: [Access] = []
        for index in 0..<200_000 {
            let page = UInt64(index * 7919 % 65_536)
            let kind: AccessKind = index % 2 == 0 ? .read : .write
            text += "\(kind.letter) 0x\(String(page, radix: 16))\n"
            expected.append(access(page, kind))
        }
        let bytes = Array(text.utf8)
        #expect(try readAccesses(files.write("big.zst", bytes: zstdCompress(bytes))) == expected)
        #expect(try readAccesses(files.write("big.gz", bytes: gzipCompress(bytes))) == expected)
    }

    @Test("compressed oracle-general traces")
    func compressedOracleGeneral() throws {
        let directory = files.directory
        let plain = directory.appendingPathComponent("t.oracleGeneral.bin").path
        try OracleGeneralWriter.write(objectIDs: [3, 4, 3], to: plain)
        let raw = try readAll(TraceReader(path: plain))
        let bytes = try [UInt8](contentsOfFile: plain)
        let compressed = try files.write("t.oracleGeneral.bin.zst", bytes: zstdCompress(bytes))
        let unpacked = try readAll(TraceReader(path: compressed))
        #expect(unpacked.accesses == raw.accesses)
        #expect(unpacked.nextUse == [2, .max, .max])
    }

    @Test("corrupt streams name the decompressor's message")
    func corruptStreams() throws {
        let zstdPath = try files.write(
            "bad.zst", bytes: [0x28, 0xB5, 0x2F, 0xFD] + Array(repeating: 0xAB, count: 40))
        let zstdError = traceError { _ = try readAccesses(zstdPath) }
        #expect(zstdError?.message.hasPrefix("corrupt zstd data: ") == true)

        let gzipPath = try files.write("bad.gz", bytes: [0x1F, 0x8B] + Array(repeating: 0xAB, count: 40))
        let gzipError = traceError { _ = try readAccesses(gzipPath) }
        #expect(gzipError?.message.hasPrefix("corrupt gzip data: ") == true)
    }

    @Test("truncated streams are errors")
    func truncatedStreams() throws {
        let bytes = Array(String(repeating: "R 0x1234\n", count: 10_000).utf8)
        let zstd = zstdCompress(bytes)
        let zstdPath = try files.write("cut.zst", bytes: Array(zstd[0..<(zstd.count / 2)]))
        #expect(traceError { _ = try readAccesses(zstdPath) }?.message == "corrupt zstd data: truncated stream")

        let gzip = gzipCompress(bytes)
        let gzipPath = try files.write("cut.gz", bytes: Array(gzip[0..<(gzip.count / 2)]))
        #expect(
            traceError { _ = try readAccesses(gzipPath) }?.message
                == "corrupt gzip data: unexpected end of compressed data"
        )
    }
}

extension Array where Element == UInt8 {
    /// The bytes of the file at `path`.
    init(contentsOfFile path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        self.init(data)
    }
}
