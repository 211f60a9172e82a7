import FuzzSupport
import VMCore
import VMTrace

// Inline page lists (`--pages 1,2,0x10`). The first byte picks the page shift (0...63), the rest is the list.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInlinePages(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = inputBytes(data, size)
    guard let first = bytes.first else { return 0 }
    let pageShift = Int(first % 64)
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    let first1: [Access]
    do {
        first1 = try read(text, pageShift: pageShift)
    } catch {
        do {
            _ = try read(text, pageShift: pageShift)
            require(false, "an inline list failed once and parsed the second time")
        } catch let again {
            require(again == error, "two parses of one list threw different errors")
        }
        return 0
    }
    require(try! read(text, pageShift: pageShift) == first1, "two parses of one list differ")
    // Every item became one read by pid 1 of a page-aligned address, and the list written back in decimal, one
    // item per comma, reads back the same.
    for access in first1 {
        require(access.pid == 1 && access.kind == .read && access.mode == .user, "unexpected access \(access)")
        require(access.address & ((1 << UInt64(pageShift)) - 1) == 0, "address \(access.address) not page-aligned")
    }
    let echo = first1.map { String($0.address >> UInt64(pageShift)) }.joined(separator: ",")
    require(try! read(echo, pageShift: pageShift) == first1, "the list written back reads differently")
    return 0
}

private func read(_ text: String, pageShift: Int) throws(TraceError) -> [Access] {
    let reader = try TraceReader(inlinePages: text, pageShift: pageShift)
    var accesses: [Access] = []
    let buffer = UnsafeMutableBufferPointer<Access>.allocate(capacity: 3)
    defer { buffer.deallocate() }
    while true {
        let count = try reader.read(into: buffer)
        if count == 0 { return accesses }
        accesses += buffer[0..<count]
    }
}
