import FuzzSupport

// Valgrind Lackey logs; accepted ones round-trip through `pages` text. A first line `==page-shift N` (a Valgrind
// message line, skipped by the parser) picks the page size.
let input = ScratchFile("input.lackey")
let echo = ScratchFile("echo.pages")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLackey(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    checkTextTrace(inputBytes(data, size), format: .lackey, shiftMarker: "==page-shift ", input: input, echo: echo)
    return 0
}
