import VMCore

/// Byte-level helpers for the text parsers. They run on lines that end in `\n` (see ``ChunkBuffer``), so a scan
/// never runs past the buffer: `\n` stops every loop below.
enum ASCII {
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let hash = UInt8(ascii: "#")
    static let comma = UInt8(ascii: ",")
    static let zero = UInt8(ascii: "0")
    static let equals = UInt8(ascii: "=")
    static let minus = UInt8(ascii: "-")
}

/// Space, tab or carriage return: the separators inside a line (a CR before the newline is ignored this way).
@inline(__always)
func isInlineSpace(_ byte: UInt8) -> Bool {
    byte == ASCII.space || byte == ASCII.tab || byte == ASCII.carriageReturn
}

@inline(__always)
func skipInlineSpaces(_ cursor: inout UnsafePointer<UInt8>) {
    while isInlineSpace(cursor.pointee) { cursor += 1 }
}

/// Moves `cursor` to the line's `\n`.
@inline(__always)
func skipToNewline(_ cursor: inout UnsafePointer<UInt8>) {
    while cursor.pointee != ASCII.newline { cursor += 1 }
}

/// The value of a hex digit, or 16 or more for any other byte.
@inline(__always)
func hexDigitValue(_ byte: UInt8) -> UInt8 {
    let decimal = byte &- ASCII.zero
    if decimal < 10 { return decimal }
    let letter = (byte | 0x20) &- UInt8(ascii: "a")
    return letter < 6 ? letter &+ 10 : 16
}

/// Parses decimal digits at `cursor`. Returns `nil` when there is no digit or the value exceeds 64 bits.
@inline(__always)
func parseDecimal(_ cursor: inout UnsafePointer<UInt8>) -> UInt64? {
    let first = cursor
    var value: UInt64 = 0
    while true {
        let digit = cursor.pointee &- ASCII.zero
        if digit > 9 { break }
        value = value &* 10 &+ UInt64(digit)
        cursor += 1
    }
    let digits = cursor - first
    if digits == 0 { return nil }
    // Up to 19 digits always fit in 64 bits.
    return digits <= 19 ? value : checkedDecimal(first, digits)
}

/// Parses hex digits (no prefix) at `cursor`. Returns `nil` when there is no digit or the value exceeds 64 bits.
@inline(__always)
func parseHex(_ cursor: inout UnsafePointer<UInt8>) -> UInt64? {
    let first = cursor
    var value: UInt64 = 0
    while true {
        let digit = hexDigitValue(cursor.pointee)
        if digit > 15 { break }
        value = value &<< 4 | UInt64(digit)
        cursor += 1
    }
    let digits = cursor - first
    if digits == 0 { return nil }
    return digits <= 16 ? value : checkedHex(first, digits)
}

/// Parses a page number: `0x` (or `0X`) and hex digits, or decimal digits.
@inline(__always)
func parsePageNumber(_ cursor: inout UnsafePointer<UInt8>) -> UInt64? {
    if cursor.pointee == ASCII.zero && (cursor[1] | 0x20) == UInt8(ascii: "x") {
        cursor += 2
        return parseHex(&cursor)
    }
    return parseDecimal(&cursor)
}

/// The slow path of ``parseDecimal(_:)`` for long digit runs.
func checkedDecimal(_ first: UnsafePointer<UInt8>, _ digits: Int) -> UInt64? {
    var value: UInt64 = 0
    for index in 0..<digits {
        let (scaled, overflowScale) = value.multipliedReportingOverflow(by: 10)
        let (sum, overflowAdd) = scaled.addingReportingOverflow(UInt64(first[index] &- ASCII.zero))
        if overflowScale || overflowAdd { return nil }
        value = sum
    }
    return value
}

/// The slow path of ``parseHex(_:)`` for long digit runs (leading zeros are allowed).
func checkedHex(_ first: UnsafePointer<UInt8>, _ digits: Int) -> UInt64? {
    var value: UInt64 = 0
    for index in 0..<digits {
        if value >> 60 != 0 { return nil }
        value = value << 4 | UInt64(hexDigitValue(first[index]))
    }
    return value
}

/// Error-message text for the token at `cursor`: the bytes up to the next space, tab, CR, newline or (when
/// `stopAtHash`) `#`, quoted by ``SafeText`` (escaped, long tokens shortened), or `end of line` when there are none.
func describeToken(at cursor: UnsafePointer<UInt8>, stopAtHash: Bool = true) -> String {
    var end = cursor
    while end.pointee != ASCII.newline && !isInlineSpace(end.pointee) && !(stopAtHash && end.pointee == ASCII.hash) {
        end += 1
    }
    return quoted(cursor, end)
}

/// Error-message text for the whole line starting at `lineStart`, without its line terminator.
func describeLine(at lineStart: UnsafePointer<UInt8>) -> String {
    var end = lineStart
    skipToNewline(&end)
    while end > lineStart && end[-1] == ASCII.carriageReturn { end -= 1 }
    return quoted(lineStart, end)
}

private func quoted(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> String {
    end == start ? "end of line" : SafeText.quoted(utf8: UnsafeBufferPointer(start: start, count: end - start))
}
