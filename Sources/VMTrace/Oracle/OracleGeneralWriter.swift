import CZstd

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes libCacheSim oracleGeneral traces (see ``TraceFormat/oracleGeneral``), of any length, in memory
/// proportional to the number of distinct ids.
///
/// Contract: one 24-byte little-endian record per id, in order: time = position + 1, the id, size 4096, and the
/// 1-based position of the same id's next request (-1 when there is none), so that ``TraceReader`` reads the
/// file back with exact next-use positions. Two passes over a temporary file in the same directory: the records
/// are written forward with the next-access field empty, then the file is read backward in 1 MiB chunks and the
/// field filled in from a table of each id's last-seen position (8 bytes per distinct id plus the id table).
/// A path ending in `.zst` is then compressed with zstd (level 3, the content size declared in the frame header
/// so that progress lines can show an ETA). The result is renamed into place, so readers never see a partial
/// trace; a failure leaves no file behind.
public enum OracleGeneralWriter {
    /// The object size written in every record.
    public static let objectSize: UInt32 = 4096

    /// Records per read/write chunk: just under 1 MiB.
    static let recordsPerChunk = 43_690

    /// Writes one record per id in `objectIDs` to `path`, replacing any existing file, and returns the number of
    /// records. `path` ending in `.zst` is written zstd-compressed. `afterChunk` is called with the records
    /// written so far after every chunk of the forward pass (progress, Ctrl-C): when it throws, the temporary files
    /// are removed, `path` is left as it was, and its error is rethrown.
    @discardableResult
    public static func write(
        objectIDs: some Sequence<UInt64>, to path: String, afterChunk: (Int) throws -> Void = { _ in }
    ) throws -> Int {
        let raw = temporaryPath(beside: path)
        let descriptor = open(raw, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw TraceError(file: path, message: "cannot create \(raw): \(systemErrorMessage())")
        }
        var packed: String?
        do {
            let count = try writeRecords(objectIDs, to: descriptor, path: path, afterChunk: afterChunk)
            try fillNextAccess(descriptor, records: count, path: path)
            var final = raw
            if path.hasSuffix(".zst") {
                let compressed = temporaryPath(beside: path)
                packed = compressed
                try compress(descriptor, bytes: count * OracleGeneralRecord.byteCount, to: compressed, path: path)
                final = compressed
            }
            guard close(descriptor) == 0 else {
                throw TraceError(file: path, message: "cannot write: \(systemErrorMessage())")
            }
            guard rename(final, path) == 0 else {
                throw TraceError(file: path, message: "cannot rename \(final) into place: \(systemErrorMessage())")
            }
            if final != raw { unlink(raw) }
            return count
        } catch {
            close(descriptor)
            unlink(raw)
            if let packed { unlink(packed) }
            throw error
        }
    }

    /// The forward pass: every record with its next-access field -1. Returns the number of records.
    private static func writeRecords(
        _ ids: some Sequence<UInt64>, to descriptor: Int32, path: String, afterChunk: (Int) throws -> Void
    ) throws -> Int {
        let chunk = UnsafeMutableRawPointer.allocate(
            byteCount: recordsPerChunk * OracleGeneralRecord.byteCount, alignment: 16)
        defer { chunk.deallocate() }
        var count = 0
        var filled = 0
        func flush() throws(TraceError) {
            let status = writeFully(descriptor, chunk, filled * OracleGeneralRecord.byteCount)
            guard status == 0 else {
                throw TraceError(file: path, message: "cannot write: \(systemErrorMessage(status))")
            }
            filled = 0
        }
        for id in ids {
            guard count < Int(UInt32.max) else {
                throw TraceError(file: path, message: "more than \(UInt32.max) records: the time field is 32 bits")
            }
            let offset = filled * OracleGeneralRecord.byteCount
            chunk.storeBytes(
                of: UInt32(truncatingIfNeeded: count + 1).littleEndian,
                toByteOffset: offset + OracleGeneralRecord.timeOffset, as: UInt32.self)
            chunk.storeBytes(
                of: id.littleEndian, toByteOffset: offset + OracleGeneralRecord.objectIDOffset, as: UInt64.self)
            chunk.storeBytes(
                of: objectSize.littleEndian, toByteOffset: offset + OracleGeneralRecord.sizeOffset, as: UInt32.self)
            chunk.storeBytes(
                of: OracleGeneralRecord.noNextAccess.littleEndian,
                toByteOffset: offset + OracleGeneralRecord.nextAccessOffset, as: Int64.self)
            count += 1
            filled += 1
            if filled == recordsPerChunk {
                try flush()
                try afterChunk(count)
            }
        }
        if filled > 0 { try flush() }
        return count
    }

    /// The backward pass: reads the file from its end in chunks and fills every next-access field.
    private static func fillNextAccess(_ descriptor: Int32, records: Int, path: String) throws(TraceError) {
        let chunk = UnsafeMutableRawPointer.allocate(
            byteCount: recordsPerChunk * OracleGeneralRecord.byteCount, alignment: 16)
        defer { chunk.deallocate() }
        var table = DenseIDTable<UInt64>()
        defer { table.deallocate() }
        var lastSeen: [Int64] = []
        var end = records
        while end > 0 {
            let start = max(0, end - recordsPerChunk)
            let bytes = (end - start) * OracleGeneralRecord.byteCount
            let offset = off_t(start * OracleGeneralRecord.byteCount)
            guard pread(descriptor, chunk, bytes, offset) == bytes else {
                throw TraceError(file: path, message: "cannot read back: \(systemErrorMessage())")
            }
            for index in stride(from: end - start - 1, through: 0, by: -1) {
                let base = index * OracleGeneralRecord.byteCount
                let id = UInt64(
                    littleEndian: chunk.loadUnaligned(
                        fromByteOffset: base + OracleGeneralRecord.objectIDOffset, as: UInt64.self))
                guard let dense = table.id(for: id) else {
                    throw TraceError(file: path, message: "more than 2^32 - 1 distinct ids")
                }
                let slot = Int(dense)
                if slot == lastSeen.count { lastSeen.append(OracleGeneralRecord.noNextAccess) }
                chunk.storeBytes(
                    of: lastSeen[slot].littleEndian, toByteOffset: base + OracleGeneralRecord.nextAccessOffset,
                    as: Int64.self)
                lastSeen[slot] = Int64(start + index + 1)
            }
            guard pwrite(descriptor, chunk, bytes, offset) == bytes else {
                throw TraceError(file: path, message: "cannot write: \(systemErrorMessage())")
            }
            end = start
        }
    }

    /// Compresses the first `bytes` bytes of `descriptor` into a new file at `destination` (one zstd frame,
    /// content size declared).
    private static func compress(
        _ descriptor: Int32, bytes: Int, to destination: String, path: String
    ) throws(TraceError) {
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else {
            throw TraceError(file: path, message: "cannot create \(destination): \(systemErrorMessage())")
        }
        defer { close(output) }
        guard let context = ZSTD_createCCtx() else { throw TraceError(file: path, message: "zstd: out of memory") }
        defer { ZSTD_freeCCtx(context) }
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, 3)
        // Uses a second thread where libzstd was built with them; ignored (one thread) otherwise.
        ZSTD_CCtx_setParameter(context, ZSTD_c_nbWorkers, 2)
        ZSTD_CCtx_setPledgedSrcSize(context, UInt64(bytes))
        let inputCapacity = 1 << 20
        let outputCapacity = ZSTD_CStreamOutSize()
        let input = UnsafeMutableRawPointer.allocate(byteCount: inputCapacity, alignment: 16)
        let compressed = UnsafeMutableRawPointer.allocate(byteCount: outputCapacity, alignment: 16)
        defer {
            input.deallocate()
            compressed.deallocate()
        }
        var position = 0
        var finished = false
        while !finished {
            let length = min(inputCapacity, bytes - position)
            guard length == 0 || pread(descriptor, input, length, off_t(position)) == length else {
                throw TraceError(file: path, message: "cannot read back: \(systemErrorMessage())")
            }
            position += length
            let last = position == bytes
            var source = ZSTD_inBuffer(src: input, size: length, pos: 0)
            while true {
                var sink = ZSTD_outBuffer(dst: compressed, size: outputCapacity, pos: 0)
                let remaining = ZSTD_compressStream2(
                    context, &sink, &source, last ? ZSTD_e_end : ZSTD_e_continue)
                guard ZSTD_isError(remaining) == 0 else {
                    throw TraceError(
                        file: path, message: "zstd: \(String(cString: ZSTD_getErrorName(remaining)))")
                }
                let status = writeFully(output, compressed, sink.pos)
                guard status == 0 else {
                    throw TraceError(file: path, message: "cannot write: \(systemErrorMessage(status))")
                }
                if last ? remaining == 0 : source.pos == source.size { break }
            }
            finished = last
        }
    }
}
