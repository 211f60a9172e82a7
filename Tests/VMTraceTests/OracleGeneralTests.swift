import Foundation
import Testing
import VMCore
import VMTrace

/// One oracleGeneral record, little-endian.
private func record(time: UInt32 = 1, id: UInt64, size: UInt32 = 4096, next: Int64) -> [UInt8] {
    withUnsafeBytes(of: time.littleEndian, Array.init) + withUnsafeBytes(of: id.littleEndian, Array.init)
        + withUnsafeBytes(of: size.littleEndian, Array.init) + withUnsafeBytes(of: next.littleEndian, Array.init)
}

@Suite("oracle-general format")
struct OracleGeneralTests {
    private let files = TemporaryFiles()

    @Test("writer round trip: dense pages and next use")
    func roundTrip() throws {
        let path = files.path("zipf.oracleGeneral.bin")
        let ids: [UInt64] = [10, 20, 10, 30, 20, 10, 0, UInt64.max]
        #expect(try OracleGeneralWriter.write(objectIDs: ids, to: path) == ids.count)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(size == ids.count * 24)
        let reader = try TraceReader(path: path)
        #expect(reader.format == .oracleGeneral)
        #expect(reader.carriesNextUse)
        let (accesses, nextUse) = try readAll(reader, batch: 3)
        #expect(accesses.map(\.address) == [0, 1, 0, 2, 1, 0, 3, 4].map { UInt64($0) << 12 })
        #expect(nextUse == [2, 4, 5, .max, .max, .max, .max, .max])
        #expect(nextUse == computeNextUse(accesses, pageShift: 12))
    }

    @Test("Longer than one chunk, plain and .zst: next use across chunk borders, identical reads, declared size")
    func chunkedAndCompressed() throws {
        // 100,003 ids over 5,000 values: three write/read-back chunks, reuse distances across their borders.
        var state: UInt64 = 42
        let ids: [UInt64] = (0..<100_003).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % 5_000
        }
        let plain = files.path("long.oracleGeneral")
        let packed = files.path("long.oracleGeneral.zst")
        #expect(try OracleGeneralWriter.write(objectIDs: ids, to: plain) == ids.count)
        #expect(try OracleGeneralWriter.write(objectIDs: ids, to: packed) == ids.count)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: plain)))
        let compressed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: packed)))
        #expect(compressed.starts(with: [0x28, 0xB5, 0x2F, 0xFD]))
        #expect(compressed.count < bytes.count / 2)
        #expect(TraceLength.expectedAccesses(path: packed, format: .oracleGeneral) == ids.count)
        let (accesses, nextUse) = try readAll(try TraceReader(path: plain), batch: 4096)
        #expect(nextUse == computeNextUse(accesses, pageShift: 12))
        let (packedAccesses, packedNextUse) = try readAll(try TraceReader(path: packed), batch: 777)
        #expect(packedAccesses == accesses)
        #expect(packedNextUse == nextUse)
        // No temporary file is left beside the outputs.
        let directory = URL(fileURLWithPath: plain).deletingLastPathComponent().path
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test("the writer stores libCacheSim fields")
    func writerFields() throws {
        let path = files.path("t.oracleGeneral")
        try OracleGeneralWriter.write(objectIDs: [7, 7], to: path)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes == record(time: 1, id: 7, next: 2) + record(time: 2, id: 7, next: -1))
    }

    @Test("records of size 0 are skipped; next use keeps file numbering")
    func skipsEmptyRecords() throws {
        let bytes =
            record(id: 5, next: 3) + record(id: 9, size: 0, next: -1) + record(id: 5, next: 4) + record(id: 5, next: -1)
        let path = try files.write("skip.oracleGeneral", bytes: bytes)
        let (accesses, nextUse) = try readAll(TraceReader(path: path))
        #expect(accesses == [access(0), access(0), access(0)])
        #expect(nextUse == [2, 3, .max])
    }

    @Test("a long run of size-0 records is an error, not an endless skip (a file of zeros)")
    func zeroFile() throws {
        let path = try files.write("zeros.bin", bytes: [UInt8](repeating: 0, count: 24 << 20))
        let error = traceError { _ = try readAll(TraceReader(path: path)) }
        #expect(
            error?.description
                == "\(path): records 1...1048576: 1048576 records in a row have size 0 and were skipped; "
                + "this does not look like an oracleGeneral trace")
    }

    @Test("binary content on any name is detected as oracle-general")
    func detectsBinaryContent() throws {
        let path = try files.write("trace.bin", bytes: record(id: 1, next: -1) + record(id: 2, next: -1))
        let reader = try TraceReader(path: path)
        #expect(reader.format == .oracleGeneral)
        #expect(try readAll(reader).accesses == [access(0), access(1)])
    }

    @Test("a truncated file reports its trailing bytes")
    func truncatedFile() throws {
        let bytes = record(id: 1, next: -1) + record(id: 2, next: -1) + [1, 2, 3, 4, 5]
        let path = try files.write("cut.oracleGeneral", bytes: bytes)
        let reader = try TraceReader(path: path)
        var delivered: [Access] = []
        let error = traceError {
            var buffer = [Access](repeating: access(0), count: 1)
            while true {
                let count = try buffer.withUnsafeMutableBufferPointer { try reader.read(into: $0, nextUse: nil) }
                if count == 0 { break }
                delivered += buffer[0..<count]
            }
        }
        #expect(delivered.count == 2)
        #expect(error?.description == "\(path): truncated record: 5 trailing bytes (records are 24 bytes)")
    }

    @Test("a next access that points backwards is an error")
    func backwardNextAccess() throws {
        let path = try files.write("bad.oracleGeneral", bytes: record(id: 1, next: 1))
        let error = traceError { _ = try readAll(TraceReader(path: path)) }
        #expect(error?.description == "\(path): record 1: next access 1 does not point to a later record")
    }

    @Test("the writer replaces files atomically and leaves no temporary file")
    func atomicReplace() throws {
        let directory = files.directory
        let path = directory.appendingPathComponent("a.oracleGeneral").path
        try OracleGeneralWriter.write(objectIDs: [1, 2, 3], to: path)
        try OracleGeneralWriter.write(objectIDs: [4], to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["a.oracleGeneral"])
        #expect(try readAccesses(path).count == 1)
    }
}
