import CZlib

/// Inflates gzip (or zlib) data read from another source, with fixed buffers.
///
/// Concatenated gzip members are decompressed one after another, as `gzip -d` does. Corrupt or truncated input
/// throws a ``TraceError`` that carries zlib's message.
final class GzipByteSource: ByteSource {
    private static let inputCapacity = 256 << 10

    private let input: any ByteSource
    private let name: String
    private let stream: UnsafeMutablePointer<z_stream>
    private let inputBuffer: UnsafeMutableRawPointer
    @exclusivity(unchecked) private var inputEnded = false
    @exclusivity(unchecked) private var memberEnded = false

    init(input: any ByteSource, name: String) throws(TraceError) {
        self.input = input
        self.name = name
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        inputBuffer = .allocate(byteCount: Self.inputCapacity, alignment: 16)
        // 15 + 32: the largest window, with automatic gzip or zlib header detection.
        let status = vmlab_inflateInit2(stream, 15 + 32)
        guard status == Z_OK else {
            stream.deallocate()
            inputBuffer.deallocate()
            throw TraceError(file: name, message: "cannot start gzip decompression (zlib status \(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        inputBuffer.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TraceError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        stream.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(min(buffer.count, Int(UInt32.max)))
        let requested = Int(stream.pointee.avail_out)
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 && !inputEnded {
                let count = try input.read(
                    into: UnsafeMutableRawBufferPointer(start: inputBuffer, count: Self.inputCapacity))
                if count == 0 {
                    inputEnded = true
                } else {
                    stream.pointee.next_in = inputBuffer.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_in = uInt(count)
                }
            }
            if memberEnded {
                if stream.pointee.avail_in == 0 && inputEnded { break }
                // Another gzip member follows.
                inflateReset(stream)
                memberEnded = false
            }
            if stream.pointee.avail_in == 0 && inputEnded {
                throw TraceError(file: name, message: "corrupt gzip data: unexpected end of compressed data")
            }
            let status = inflate(stream, Z_NO_FLUSH)
            switch status {
            case Z_STREAM_END:
                memberEnded = true
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                throw TraceError(file: name, message: "corrupt gzip data: \(zlibMessage(status))")
            }
        }
        return requested - Int(stream.pointee.avail_out)
    }

    private func zlibMessage(_ status: Int32) -> String {
        if let message = stream.pointee.msg {
            return String(cString: message)
        }
        switch status {
        case Z_MEM_ERROR: return "out of memory"
        case Z_NEED_DICT: return "a preset dictionary is required"
        default: return "zlib status \(status)"
        }
    }
}
