/// The layout of one libCacheSim oracleGeneral record: 24 bytes, little-endian, no file header.
///
/// | offset | type | field |
/// |---:|---|---|
/// | 0 | `u32` | request time (seconds) |
/// | 4 | `u64` | object id |
/// | 12 | `u32` | object size in bytes (0: libCacheSim skips the record) |
/// | 16 | `i64` | the 1-based request number of the same object's next request, or -1 |
enum OracleGeneralRecord {
    static let byteCount = 24
    static let timeOffset = 0
    static let objectIDOffset = 4
    static let sizeOffset = 12
    static let nextAccessOffset = 16
    /// The next-access value of an object that is not requested again.
    static let noNextAccess: Int64 = -1
}
