/// Compression recognised by its leading magic bytes.
enum Compression: Equatable {
    case none
    case gzip
    case zstd

    /// The compression that `prefix` (the first bytes of a stream) announces.
    init(magic prefix: [UInt8]) {
        if prefix.count >= 4 && prefix[0] == 0x28 && prefix[1] == 0xB5 && prefix[2] == 0x2F && prefix[3] == 0xFD {
            self = .zstd
        } else if prefix.count >= 2 && prefix[0] == 0x1F && prefix[1] == 0x8B {
            self = .gzip
        } else {
            self = .none
        }
    }
}

/// Opens `path` (`-` for standard input) and returns its decompressed bytes. zstd and gzip content is recognised
/// by its magic bytes, whatever the file is called.
func openDecompressedSource(path: String, name: String) throws(TraceError) -> any ByteSource {
    let file = try FileByteSource(path: path, name: name)
    switch Compression(magic: try file.peek(4)) {
    case .none: return file
    case .gzip: return try GzipByteSource(input: file, name: name)
    case .zstd: return try ZstdByteSource(input: file, name: name)
    }
}
