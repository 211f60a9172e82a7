import CZstd

/// Decompresses zstd data read from another source with `ZSTD_decompressStream` and fixed buffers.
///
/// Concatenated frames are decompressed in sequence. Corrupt input throws a ``TraceError`` carrying zstd's error
/// name; input that ends inside a frame throws "truncated zstd data".
final class ZstdByteSource: ByteSource {
    private let input: any ByteSource
    private let name: String
    private let context: OpaquePointer
    private let inputBuffer: UnsafeMutableRawPointer
    private let inputCapacity: Int
    @exclusivity(unchecked) private var inputStart = 0
    @exclusivity(unchecked) private var inputEnd = 0
    @exclusivity(unchecked) private var inputEnded = false
    /// `ZSTD_decompressStream`'s last result after progress: 0 exactly when the last frame is complete.
    @exclusivity(unchecked) private var frameRemainder = 0

    init(input: any ByteSource, name: String) throws(TraceError) {
        guard let context = ZSTD_createDCtx() else {
            throw TraceError(file: name, message: "cannot start zstd decompression: out of memory")
        }
        self.input = input
        self.name = name
        self.context = context
        inputCapacity = ZSTD_DStreamInSize()
        inputBuffer = .allocate(byteCount: inputCapacity, alignment: 16)
    }

    deinit {
        ZSTD_freeDCtx(context)
        inputBuffer.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TraceError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var output = ZSTD_outBuffer(dst: base, size: buffer.count, pos: 0)
        while output.pos < output.size {
            let producedBefore = output.pos
            var pending = ZSTD_inBuffer(src: inputBuffer, size: inputEnd, pos: inputStart)
            let result = ZSTD_decompressStream(context, &output, &pending)
            if ZSTD_isError(result) != 0 {
                let reason = String(cString: ZSTD_getErrorName(result))
                throw TraceError(file: name, message: "corrupt zstd data: \(reason)")
            }
            let progressed = output.pos != producedBefore || pending.pos != inputStart
            inputStart = pending.pos
            if progressed {
                // A call without progress reports what the next frame would need, not the state of the last one.
                frameRemainder = result
                continue
            }
            // Without progress, the decompressor needs more input.
            if inputStart == inputEnd {
                if inputEnded {
                    if frameRemainder != 0 {
                        throw TraceError(file: name, message: "corrupt zstd data: truncated stream")
                    }
                    break
                }
                let count = try input.read(
                    into: UnsafeMutableRawBufferPointer(start: inputBuffer, count: inputCapacity))
                inputStart = 0
                inputEnd = count
                inputEnded = count == 0
            } else {
                throw TraceError(file: name, message: "corrupt zstd data: the decoder stopped making progress")
            }
        }
        return output.pos
    }
}
