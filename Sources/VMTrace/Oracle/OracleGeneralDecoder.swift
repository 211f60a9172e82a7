import CVMSupport
import VMCore

/// Decodes oracleGeneral records straight from a ``ChunkBuffer`` with unaligned loads.
///
/// Object ids become pages by dense renumbering in order of first appearance (the first distinct id is page 0).
/// Records of size 0 are skipped, as libCacheSim does. Next-use positions are the file's next-access field minus
/// one (it is 1-based), `Int.max` for -1: exact positions in the output stream when no record was skipped. When
/// size-0 records occur, positions keep the file's record numbering: never earlier than the true position and in
/// the same order, which is all OPT needs.
final class OracleGeneralDecoder: AccessDecoder {
    /// How far ahead, in bytes, the renumbering table is prefetched: 32 records (measured on a 10M-record Zipf
    /// trace: 0.18 s without prefetching, 0.14 s at 8 records, 0.12 s at 16, 0.11 s at 32).
    private static let prefetchDistance = 32 * OracleGeneralRecord.byteCount

    private let buffer: ChunkBuffer
    private let name: String
    private let pageShift: UInt64
    private let maxPage: UInt64
    @exclusivity(unchecked) private var table = DenseIDTable<UInt64>(initialCapacity: 1 << 16)
    /// File records consumed so far, skipped ones included.
    @exclusivity(unchecked) private var recordsRead = 0
    /// Size-0 records skipped since the last access delivered.
    @exclusivity(unchecked) private var skippedRun = 0
    /// How many size-0 records in a row end the read with an error: such a run is not a trace (an endless device,
    /// a file of zeros), and skipping it silently would take forever or report an empty run as a result.
    static let maximumSkippedRun = 1 << 20

    init(buffer: ChunkBuffer, name: String, pageShift: Int) {
        self.buffer = buffer
        self.name = name
        self.pageShift = UInt64(pageShift)
        maxPage = UInt64.max >> UInt64(pageShift)
    }

    deinit {
        table.deallocate()
    }

    func read(
        into accesses: UnsafeMutableBufferPointer<Access>,
        nextUse: UnsafeMutableBufferPointer<Int>?
    ) throws(TraceError) -> Int {
        guard let output = accesses.baseAddress, accesses.count > 0 else { return 0 }
        if let nextUse {
            precondition(nextUse.count >= accesses.count, "nextUse must be at least as long as accesses")
        }
        var count = 0
        while count < accesses.count {
            if buffer.available < OracleGeneralRecord.byteCount {
                if try buffer.readMore() == 0 {
                    guard buffer.available == 0 else {
                        let trailing = buffer.available
                        throw TraceError(
                            file: name,
                            message: "truncated record: \(trailing) trailing bytes (records are 24 bytes)"
                        )
                    }
                    break
                }
                continue
            }
            count = try decodeRecords(
                into: output,
                nextUse: nextUse?.baseAddress,
                count: count,
                capacity: accesses.count
            )
        }
        return count
    }

    /// Decodes the complete records in the buffer until `capacity` accesses are filled.
    private func decodeRecords(
        into output: UnsafeMutablePointer<Access>,
        nextUse: UnsafeMutablePointer<Int>?,
        count initialCount: Int,
        capacity: Int
    ) throws(TraceError) -> Int {
        let base = UnsafeRawPointer(buffer.base)
        var offset = buffer.start
        let end = offset + buffer.available / OracleGeneralRecord.byteCount * OracleGeneralRecord.byteCount
        let shift = pageShift
        let maxPage = maxPage
        var table = table
        var record = recordsRead
        var count = initialCount
        var skipped = skippedRun
        defer {
            self.table = table
            recordsRead = record
            skippedRun = skipped
            buffer.start = offset
        }
        while count < capacity && offset < end {
            let size = UInt32(
                littleEndian: base.loadUnaligned(
                    fromByteOffset: offset + OracleGeneralRecord.sizeOffset, as: UInt32.self)
            )
            let objectID = UInt64(
                littleEndian: base.loadUnaligned(
                    fromByteOffset: offset + OracleGeneralRecord.objectIDOffset,
                    as: UInt64.self
                )
            )
            let nextAccess = Int64(
                littleEndian: base.loadUnaligned(
                    fromByteOffset: offset + OracleGeneralRecord.nextAccessOffset,
                    as: Int64.self
                )
            )
            // Start the cache miss of a later record's table slot now, so that it overlaps this record's work.
            let ahead = offset + Self.prefetchDistance
            if ahead < end {
                let laterID = base.loadUnaligned(
                    fromByteOffset: ahead + OracleGeneralRecord.objectIDOffset,
                    as: UInt64.self
                )
                vm_prefetch(table.firstSlotAddress(for: UInt64(littleEndian: laterID)))
            }
            offset += OracleGeneralRecord.byteCount
            record += 1
            if size == 0 {
                skipped += 1
                if skipped >= Self.maximumSkippedRun {
                    throw TraceError(
                        file: name,
                        message: "records \(record - skipped + 1)...\(record): \(skipped) records in a row have size 0 "
                            + "and were skipped; this does not look like an oracleGeneral trace")
                }
                continue
            }
            skipped = 0
            guard let page = table.id(for: objectID), UInt64(page) <= maxPage else {
                throw TraceError(
                    file: name,
                    message: "record \(record): too many distinct objects for pages of 2^\(shift) bytes"
                )
            }
            output[count] = Access(pid: 1, address: UInt64(page) &<< shift, kind: .read)
            let position: Int
            if nextAccess > Int64(record) {
                position = nextAccess == Int64.max ? Int.max : Int(nextAccess) - 1
            } else if nextAccess == OracleGeneralRecord.noNextAccess {
                position = Int.max
            } else {
                throw TraceError(
                    file: name,
                    message: "record \(record): next access \(nextAccess) does not point to a later record"
                )
            }
            nextUse?[count] = position
            count += 1
        }
        return count
    }
}
