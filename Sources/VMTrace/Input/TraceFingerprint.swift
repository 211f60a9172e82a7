import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A trace's identity by content: its size and a 64-bit hash of its bytes as stored (compressed files are hashed
/// compressed). Two traces with the same size but different bytes (another Zipf seed, an edited page list) get
/// different fingerprints, so a resumed experiment never mixes results computed from both.
///
/// The hash reads the file once, in 1 MiB chunks (several GB/s in a release build). Results are cached for the
/// life of the process by device, inode, size and modification time, so an experiment hashes each trace once
/// however often it asks. Standard input and pipes are hashed from their spool.
public enum TraceFingerprint {
    private struct FileIdentity: Hashable {
        var path: String
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int64
        var modifiedNanoseconds: Int
    }

    private static let cache = Mutex<[FileIdentity: String]>([:])

    /// `bytes=N hash=XXXXXXXXXXXXXXXX` for the trace at `path` (`-`: standard input).
    public static func of(path: String) throws(TraceError) -> String {
        let name = path == "-" ? "<stdin>" : path
        var status = stat()
        let identity: FileIdentity? =
            path != "-" && stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
            ? FileIdentity(
                path: path, device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
                modified: Int64(status.st_mtim.tv_sec), modifiedNanoseconds: Int(status.st_mtim.tv_nsec))
            : nil
        if let identity, let known = cache.withLock({ $0[identity] }) { return known }
        let source = try FileByteSource(path: path, name: name)
        var hasher = ContentHasher()
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
        defer { chunk.deallocate() }
        while true {
            let count = try source.read(into: chunk)
            if count == 0 { break }
            hasher.combine(UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
        }
        let fingerprint = "bytes=\(hasher.length) hash=\(hasher.hexDigest)"
        if let identity { cache.withLock { $0[identity] = fingerprint } }
        return fingerprint
    }
}

/// A streaming 64-bit hash of bytes: 8-byte words mixed with a multiply-xorshift step, the length folded in at the
/// end. Not cryptographic; it tells traces apart, it does not resist an adversary.
struct ContentHasher {
    private var state: UInt64 = 0x243F_6A88_85A3_08D3
    private var pending: UInt64 = 0
    private var pendingBytes = 0
    private(set) var length = 0

    private static func mix(_ state: UInt64, _ word: UInt64) -> UInt64 {
        var value = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
        value ^= value >> 29
        return value &* 0xBF58_476D_1CE4_E5B9
    }

    mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        length += bytes.count
        var index = 0
        while pendingBytes != 0 && index < bytes.count {
            pending |= UInt64(bytes[index]) << UInt64(8 * pendingBytes)
            pendingBytes += 1
            index += 1
            if pendingBytes == 8 {
                state = Self.mix(state, pending)
                pending = 0
                pendingBytes = 0
            }
        }
        var local = state
        while index + 8 <= bytes.count {
            local = Self.mix(local, UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
            index += 8
        }
        state = local
        while index < bytes.count {
            pending |= UInt64(bytes[index]) << UInt64(8 * pendingBytes)
            pendingBytes += 1
            index += 1
        }
    }

    var hexDigest: String {
        var final = Self.mix(state, pending ^ (UInt64(pendingBytes) << 56))
        final = Self.mix(final, UInt64(length))
        final ^= final >> 31
        let text = String(final, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
