#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes libCacheSim oracleGeneral traces (see ``TraceFormat/oracleGeneral``).
///
/// Contract: one 24-byte little-endian record per id, in order: time = position + 1, the id, size 4096, and the
/// 1-based position of the same id's next request (-1 when there is none), so that ``TraceReader`` reads the
/// file back with exact next-use positions. The ids are collected in memory (8 bytes each, plus 8 for the
/// next-access field) because the next-access field needs a backward pass. The file is written to a temporary
/// file in the same directory and renamed into place, so readers never see a partial trace.
public enum OracleGeneralWriter {
    /// The object size written in every record.
    public static let objectSize: UInt32 = 4096

    /// Writes one record per id in `objectIDs` to `path`, replacing any existing file, and returns the number of
    /// records.
    @discardableResult
    public static func write(objectIDs: some Sequence<UInt64>, to path: String) throws(TraceError) -> Int {
        let ids = Array(objectIDs)
        let nextAccess = nextAccessFields(ids)
        let temporary = temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw TraceError(file: path, message: "cannot create \(temporary): \(systemErrorMessage())")
        }
        do throws(TraceError) {
            try writeRecords(ids, nextAccess, to: descriptor, path: path)
            guard close(descriptor) == 0 else {
                throw TraceError(file: path, message: "cannot write: \(systemErrorMessage())")
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let message = systemErrorMessage()
            unlink(temporary)
            throw TraceError(file: path, message: "cannot rename \(temporary) into place: \(message)")
        }
        return ids.count
    }

    /// The next-access field of every record: the 1-based position of the id's next occurrence, or -1.
    static func nextAccessFields(_ ids: [UInt64]) -> [Int64] {
        var table = DenseIDTable<UInt64>()
        defer { table.deallocate() }
        var lastSeen: [Int64] = []
        var fields = [Int64](repeating: OracleGeneralRecord.noNextAccess, count: ids.count)
        for position in ids.indices.reversed() {
            guard let id = table.id(for: ids[position]) else {
                fatalError("OracleGeneralWriter: more than 2^32 - 1 distinct ids")
            }
            let index = Int(id)
            if index == lastSeen.count {
                lastSeen.append(OracleGeneralRecord.noNextAccess)
            }
            fields[position] = lastSeen[index]
            lastSeen[index] = Int64(position + 1)
        }
        return fields
    }

    private static func writeRecords(
        _ ids: [UInt64],
        _ nextAccess: [Int64],
        to descriptor: Int32,
        path: String
    ) throws(TraceError) {
        let recordsPerChunk = 43_690  // just under 1 MiB
        let chunk = UnsafeMutableRawPointer.allocate(
            byteCount: recordsPerChunk * OracleGeneralRecord.byteCount,
            alignment: 16
        )
        defer { chunk.deallocate() }
        var position = 0
        while position < ids.count {
            let records = min(recordsPerChunk, ids.count - position)
            for index in 0..<records {
                let record = position + index
                let offset = index * OracleGeneralRecord.byteCount
                chunk.storeBytes(
                    of: UInt32(truncatingIfNeeded: record + 1).littleEndian,
                    toByteOffset: offset + OracleGeneralRecord.timeOffset,
                    as: UInt32.self
                )
                chunk.storeBytes(
                    of: ids[record].littleEndian,
                    toByteOffset: offset + OracleGeneralRecord.objectIDOffset,
                    as: UInt64.self
                )
                chunk.storeBytes(
                    of: objectSize.littleEndian,
                    toByteOffset: offset + OracleGeneralRecord.sizeOffset,
                    as: UInt32.self
                )
                chunk.storeBytes(
                    of: nextAccess[record].littleEndian,
                    toByteOffset: offset + OracleGeneralRecord.nextAccessOffset,
                    as: Int64.self
                )
            }
            let status = writeFully(descriptor, chunk, records * OracleGeneralRecord.byteCount)
            guard status == 0 else {
                throw TraceError(file: path, message: "cannot write: \(systemErrorMessage(status))")
            }
            position += records
        }
    }

    /// A unique name next to `path`, hidden, so the final rename stays within one file system.
    private static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let file = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        return "\(directory).\(file).\(getpid()).\(suffix).tmp"
    }
}
