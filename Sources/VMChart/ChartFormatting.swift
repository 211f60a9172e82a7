import Foundation

/// Numbers as a chart shows them: counts, byte sizes, tick values and ratios.
public enum ChartFormatting {
    /// A count: `512`, `12k`, `1.5M` (whole numbers below 10 000 exactly).
    public static func count(_ value: Double) -> String {
        if abs(value) < 10_000 {
            return value == value.rounded() ? String(Int(value)) : trimmed(String(format: "%.2f", value))
        }
        if abs(value) < 1e6 { return trimmed(String(format: "%.1f", value / 1e3)) + "k" }
        if abs(value) < 1e9 { return trimmed(String(format: "%.1f", value / 1e6)) + "M" }
        return trimmed(String(format: "%.1f", value / 1e9)) + "G"
    }

    /// Bytes in the largest binary unit that keeps the number at least 1: `64 KiB`, `1.5 MiB`.
    public static func bytes(_ value: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var amount = value
        var unit = 0
        while amount >= 1024 && unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        let text =
            amount >= 100 || amount == amount.rounded()
            ? String(format: "%.0f", amount) : String(format: "%.1f", amount)
        return trimmed(text) + " " + units[unit]
    }

    /// A linear tick: as many decimals as the step between ticks needs.
    public static func tick(_ value: Double, step: Double) -> String {
        if abs(value) >= 10_000 { return count(value) }
        let decimals = step >= 1 ? 0 : min(8, Int(ceil(-log10(step) - 1e-9)))
        return String(format: "%.\(decimals)f", value)
    }

    /// A logarithmic tick: a decimal from 0.0001 to 10 000 (`0.001`, `0.05`), else `1e-5` style.
    public static func logTick(_ value: Double) -> String {
        if value >= 1e-4 && value < 1e4 {
            let decimals = max(0, Int(ceil(-log10(value) - 1e-9)))
            return String(format: "%.\(decimals)f", value)
        }
        let exponent = Int(floor(log10(value) + 1e-9))
        let mantissa = value / pow(10, Double(exponent))
        return (abs(mantissa - 1) < 1e-9 ? "1" : trimmed(String(format: "%.1f", mantissa))) + "e\(exponent)"
    }

    /// A measured value for a point's title: four significant decimals (`0.1234`, `0.0001234`).
    public static func value(_ value: Double) -> String {
        if value == 0 { return "0" }
        if abs(value) >= 1 { return trimmed(String(format: "%.4f", value)) }
        let decimals = min(12, max(4, 3 - Int(floor(log10(abs(value))))))
        return String(format: "%.\(decimals)f", value)
    }

    /// `1.50` → `1.5`, `2.0` → `2`.
    static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = text
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return result
    }
}
