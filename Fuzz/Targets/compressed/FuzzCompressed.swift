import FuzzSupport
import VMTrace

// Any bytes through the trace reader with format detection: gzip and zstd framing (detected by magic bytes), then
// the detected format. Every read agrees whatever the batch size; accepted text traces round-trip.
let file = ScratchFile("input.trace")
let echo = ScratchFile("echo.trace")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCompressed(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = inputBytes(data, size)
    let decoded = decodeConsistently(bytes, file: file, format: .auto)
    switch decoded.format {
    case .pages?, .lackey?: checkTextRoundTrip(decoded, file: echo, pageShift: 12, withPIDs: false)
    case .pid?: checkTextRoundTrip(decoded, file: echo, pageShift: 12, withPIDs: true)
    default: break
    }
    return 0
}
