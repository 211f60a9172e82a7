import Foundation

/// An axis: its label, scale, range and ticks. Build one with ``Axis/sizes(_:label:pageSize:)`` (memory sizes),
/// ``Axis/values(_:label:bounds:allowLog:)`` (measured values) or ``Axis/linear(_:label:)``.
public struct Axis: Sendable, Hashable {
    public enum Scale: Sendable, Hashable {
        case linear
        /// Logarithmic, base 2 (memory sizes) or 10 (miss ratios spanning decades).
        case log(base: Double)
    }

    /// A tick: its value, its label and an optional second line (the size in bytes under a frame count).
    public struct Tick: Sendable, Hashable {
        public var value: Double
        public var label: String
        public var secondLine: String?
    }

    public var label: String
    public var scale: Scale
    public var range: ClosedRange<Double>
    public var ticks: [Tick]

    public init(label: String, scale: Scale, range: ClosedRange<Double>, ticks: [Tick]) {
        self.label = label
        self.scale = scale
        self.range = range
        self.ticks = ticks
    }

    /// Where `value` falls on the axis, from 0 (lower end) to 1 (upper end).
    public func fraction(_ value: Double) -> Double {
        switch scale {
        case .linear:
            return (value - range.lowerBound) / (range.upperBound - range.lowerBound)
        case .log:
            let low = log(range.lowerBound)
            let high = log(range.upperBound)
            return (log(max(value, range.lowerBound)) - low) / (high - low)
        }
    }

    /// The x axis of a sweep over memory sizes: from the smallest swept size to the largest (never from 0 or 1),
    /// logarithmic base 2 when the sizes are geometric (``isGeometric(_:)``). Ticks are the swept sizes when there
    /// are at most 12, else 1-2-5 values (linear) or powers of two (log). With a `pageSize`, each tick has a second
    /// line with the size in bytes (KiB, MiB, GiB).
    public static func sizes(_ sizes: [Double], label: String = "memory (frames)", pageSize: Int? = nil) -> Axis {
        let swept = Array(Set(sizes.filter { $0.isFinite && $0 > 0 })).sorted()
        guard let low = swept.first, let high = swept.last else {
            return Axis(label: label, scale: .linear, range: 0...1, ticks: [])
        }
        let range = low == high ? (low * 0.9)...(high * 1.1) : low...high
        let geometric = isGeometric(swept)
        var values: [Double]
        if swept.count <= 12 {
            values = swept
        } else if geometric {
            var powers: [Double] = []
            var power = pow(2, ceil(log2(low)))
            while power <= high * (1 + 1e-9) {
                powers.append(power)
                power *= 2
            }
            let stride = max(1, Int((Double(powers.count) / 10).rounded(.up)))
            values = powers.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
        } else {
            values = niceTicks(range)
        }
        values = values.filter { range.contains($0) }
        let ticks = values.map { value in
            Tick(
                value: value, label: ChartFormatting.count(value),
                secondLine: pageSize.map { ChartFormatting.bytes(value * Double($0)) })
        }
        return Axis(label: label, scale: geometric ? .log(base: 2) : .linear, range: range, ticks: ticks)
    }

    /// Sizes are geometric when consecutive ratios are all the same and at least 1.5, or when the largest is at
    /// least 16 times the smallest.
    public static func isGeometric(_ sortedSizes: [Double]) -> Bool {
        guard sortedSizes.count >= 2, let low = sortedSizes.first, let high = sortedSizes.last, low > 0 else {
            return false
        }
        if high / low >= 16 { return true }
        guard sortedSizes.count >= 3 else { return false }
        let ratios = zip(sortedSizes, sortedSizes.dropFirst()).map { $1 / $0 }
        let first = ratios[0]
        return first >= 1.5 && ratios.allSatisfy { abs($0 - first) <= first * 0.02 }
    }

    /// The y axis of measured values (including band ends): zoomed to the data with a 5% margin (kept inside
    /// `bounds`), or logarithmic base 10 when every value is positive and they span at least two decades (with
    /// `allowLog`). Ticks are 1-2-5 values, or decades (with 2 and 5 between when fewer than three decades show).
    public static func values(
        _ values: [Double], label: String, bounds: ClosedRange<Double>? = nil, allowLog: Bool = true
    ) -> Axis {
        let finite = values.filter(\.isFinite)
        guard var low = finite.min(), var high = finite.max() else {
            return Axis(label: label, scale: .linear, range: 0...1, ticks: ticksFor(0...1))
        }
        if allowLog && low > 0 && high / low >= 100 {
            let span = log10(high / low)
            let range = pow(10, log10(low) - 0.04 * span)...pow(10, log10(high) + 0.04 * span)
            return Axis(label: label, scale: .log(base: 10), range: range, ticks: logTicks(range))
        }
        if low == high {
            let pad = low == 0 ? 0.05 : abs(low) * 0.1
            low -= pad
            high += pad
        } else {
            let margin = (high - low) * 0.05
            low -= margin
            high += margin
        }
        if let bounds {
            low = max(low, bounds.lowerBound)
            high = min(high, bounds.upperBound)
            if low >= high { (low, high) = (bounds.lowerBound, bounds.upperBound) }
        }
        return Axis(label: label, scale: .linear, range: low...high, ticks: ticksFor(low...high))
    }

    /// A plain linear axis over the data's range (time, counts): ends at the data, 1-2-5 ticks.
    public static func linear(_ values: [Double], label: String) -> Axis {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0
        var high = finite.max() ?? 1
        if low == high { (low, high) = (low - 1, high + 1) }
        return Axis(label: label, scale: .linear, range: low...high, ticks: ticksFor(low...high))
    }

    static func ticksFor(_ range: ClosedRange<Double>) -> [Tick] {
        let values = niceTicks(range)
        let step = values.count > 1 ? values[1] - values[0] : 1
        return values.map { Tick(value: $0, label: ChartFormatting.tick($0, step: step)) }
    }

    /// Round values (1, 2 or 5 times a power of ten apart) inside `range`, about `count` of them.
    public static func niceTicks(_ range: ClosedRange<Double>, count: Int = 6) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [range.lowerBound] }
        let magnitude = pow(10, floor(log10(span / Double(count))))
        // The 1-2-5 step whose tick count is closest to `count` by ratio.
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.min { a, b in
            abs(log(span / a / Double(count))) < abs(log(span / b / Double(count)))
        }!
        // Values as whole multiples divided by a whole power of ten, so 0.6 prints as 0.6, not 0.6000000000000001.
        let scale = magnitude < 1 ? (1 / magnitude).rounded() : 1
        let units = (step * scale).rounded()
        var index = (range.lowerBound * scale / units).rounded(.up)
        var result: [Double] = []
        while index * units / scale <= range.upperBound + step * 1e-9 {
            let value = magnitude < 1 ? index * units / scale : index * step
            result.append(value == 0 ? 0 : value)
            index += 1
        }
        return result
    }

    /// Decades inside `range`; with fewer than three, also 2 and 5 times each decade.
    static func logTicks(_ range: ClosedRange<Double>) -> [Tick] {
        let first = Int(floor(log10(range.lowerBound)))
        let last = Int(ceil(log10(range.upperBound)))
        let decades = (first...last).map { pow(10, Double($0)) }.filter { range.contains($0) }
        let values =
            decades.count >= 3
            ? decades
            : (first...last).flatMap { exponent in [1.0, 2, 5].map { $0 * pow(10, Double(exponent)) } }
                .filter { range.contains($0) }
        return values.map { Tick(value: $0, label: ChartFormatting.logTick($0)) }
    }
}
