/// Number and address text shared by every label (no user input: escaping happens when drawing).
enum Formatting {
    /// `0x` and lowercase hex digits.
    static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    /// Lowercase hex digits without prefix (ids).
    static func hexDigits(_ value: UInt64) -> String { String(value, radix: 16) }

    /// `first` or `first–last` for a range of `count` numbers.
    static func range(_ first: UInt64, count: UInt64) -> String {
        count <= 1 ? String(first) : "\(first)–\(first + count - 1)"
    }

    /// The addresses of `count` pages from `firstPage`: `0x400000` or `0x400000–0x402fff` (last byte included).
    static func addressRange(firstPage: UInt64, count: UInt64, pageShift: Int, base: UInt64 = 0) -> String {
        let shift = UInt64(pageShift)
        let start = base &+ (firstPage << shift)
        if count <= 1 { return hex(start) }
        return hex(start) + "–" + hex(start &+ (count << shift) &- 1)
    }

    /// `1 page`, `3 pages`.
    static func count(_ value: UInt64, _ noun: String, plural: String? = nil) -> String {
        value == 1 ? "1 \(noun)" : "\(value) \(plural ?? noun + "s")"
    }

    /// Bytes in binary units: `512 B`, `4 KiB`, `1.5 MiB`.
    static func bytes(_ value: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var amount = Double(value)
        var unit = 0
        while amount >= 1024, unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        if amount == amount.rounded() { return "\(Int(amount)) \(units[unit])" }
        let tenths = (amount * 10).rounded() / 10
        return "\(tenths) \(units[unit])"
    }
}
