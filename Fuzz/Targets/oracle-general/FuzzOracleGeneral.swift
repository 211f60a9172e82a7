import FuzzSupport
import VMCore
import VMTrace

// libCacheSim oracleGeneral records. An accepted trace, re-encoded with OracleGeneralWriter (its pages as object
// ids), decodes to the same accesses, with exact next-use positions.
let file = ScratchFile("input.bin")
let echo = ScratchFile("echo.bin")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOracleGeneral(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = inputBytes(data, size)
    let decoded = decodeConsistently(bytes, file: file, format: .oracleGeneral)
    require(decoded.format == nil || decoded.format == .oracleGeneral, "format \(String(describing: decoded.format))")
    require(decoded.accesses.count <= bytes.count / 24, "more accesses than records")
    require(decoded.nextUse.count == decoded.accesses.count, "a next use for every access")
    // Pages are ids renumbered densely in order of first appearance.
    var highest: UInt64? = nil
    for access in decoded.accesses {
        let page = access.address >> 12
        require(page <= (highest.map { $0 + 1 } ?? 0), "page \(page) skips a number")
        highest = max(highest ?? 0, page)
    }
    guard decoded.ending == .end, !decoded.accesses.isEmpty else { return 0 }
    let ids = decoded.accesses.map { $0.address >> 12 }
    do {
        try OracleGeneralWriter.write(objectIDs: ids, to: echo.path)
    } catch {
        require(false, "cannot write the re-encoded trace: \(error)")
    }
    let again = decodeTrace(path: echo.path, format: .oracleGeneral, batch: 4096)
    require(again.ending == .end, "the re-encoded trace failed: \(again.ending)")
    require(again.accesses == decoded.accesses, "the re-encoded trace decodes to other accesses")
    require(again.nextUse == naiveNextUse(decoded.accesses), "the re-encoded trace has wrong next uses")
    return 0
}
