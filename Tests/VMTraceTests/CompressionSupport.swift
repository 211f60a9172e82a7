import CZlib
import CZstd

/// `bytes` as one gzip member, compressed with zlib's deflate.
func gzipCompress(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    // 15 + 16: the largest window, with a gzip header and trailer.
    precondition(vmlab_deflateInit2(&stream, 6, 15 + 16) == Z_OK)
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
    var input = bytes
    let produced = input.withUnsafeMutableBufferPointer { inputPointer in
        output.withUnsafeMutableBufferPointer { outputPointer in
            stream.next_in = inputPointer.baseAddress
            stream.avail_in = uInt(inputPointer.count)
            stream.next_out = outputPointer.baseAddress
            stream.avail_out = uInt(outputPointer.count)
            precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
            return outputPointer.count - Int(stream.avail_out)
        }
    }
    return Array(output[0..<produced])
}

/// `bytes` as one zstd frame.
func zstdCompress(_ bytes: [UInt8], level: Int32 = 3) -> [UInt8] {
    var output = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
    let produced = bytes.withUnsafeBytes { input in
        output.withUnsafeMutableBytes { out in
            ZSTD_compress(out.baseAddress, out.count, input.baseAddress, input.count, level)
        }
    }
    precondition(ZSTD_isError(produced) == 0)
    return Array(output[0..<produced])
}
