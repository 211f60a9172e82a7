import CZstd

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How long a trace is, known before reading it: for progress bars and estimated times of arrival.
///
/// Only fixed-size records give a length without decoding: an oracleGeneral file holds its size / 24 accesses.
/// Compressed, the size is the one a zstd file's first frame header declares (the `zstd` tool declares it when it
/// compresses a file); gzip keeps only the size modulo 4 GiB, and text traces have lines of any length, so
/// neither has an estimate. Reads at most the first 18 bytes of the file; never fails.
public enum TraceLength {
    /// The number of accesses in the trace at `path` in `format`, or nil when it cannot be known without
    /// reading the trace (standard input, text formats, gzip, a zstd frame that declares no size). `.auto` is
    /// taken as oracleGeneral only when the file name says so (libCacheSim's `*.oracleGeneral*` convention).
    public static func expectedAccesses(path: String, format: TraceFormat) -> Int? {
        guard path != "-" else { return nil }
        let isOracle =
            format == .oracleGeneral || (format == .auto && path.lowercased().contains("oraclegeneral"))
        guard isOracle, let bytes = decompressedBytes(path: path) else { return nil }
        return bytes / OracleGeneralRecord.byteCount
    }

    /// The decompressed size in bytes of the file at `path`: its size, or a zstd first frame's declared content
    /// size; nil for gzip, an undeclared zstd size, or a file that cannot be read.
    public static func decompressedBytes(path: String) -> Int? {
        // Regular files only, checked before opening: opening a FIFO (process substitution, a named pipe) would
        // block for a writer, and closing it again could break the writer before the trace reader opens it.
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 18)
        let count = header.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else { return nil }
        switch Compression(magic: Array(header.prefix(count))) {
        case .none:
            return Int(status.st_size)
        case .gzip:
            return nil
        case .zstd:
            let size = header.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, count) }
            // ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR are the two largest values.
            guard size < UInt64.max - 1, size <= UInt64(Int.max) else { return nil }
            return Int(size)
        }
    }
}
