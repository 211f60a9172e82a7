import FuzzSupport

// The `pages` text dialect (`[R|W|I] PAGE [# comment]`). A first line `# page-shift N` picks the page size.
let input = ScratchFile("input.pages")
let echo = ScratchFile("echo.pages")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPages(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    checkTextTrace(inputBytes(data, size), format: .pages, shiftMarker: "# page-shift ", input: input, echo: echo)
    return 0
}
