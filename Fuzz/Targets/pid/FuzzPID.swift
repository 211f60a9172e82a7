import FuzzSupport

// The `pid` text dialect (`PID R|W|I PAGE [# comment]`). A first line `# page-shift N` picks the page size.
let input = ScratchFile("input.pid")
let echo = ScratchFile("echo.pid")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPID(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    checkTextTrace(inputBytes(data, size), format: .pid, shiftMarker: "# page-shift ", input: input, echo: echo)
    return 0
}
