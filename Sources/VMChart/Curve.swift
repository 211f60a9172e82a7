/// One policy's measurements, as the chart builders take them: a label, its family (which panel it goes to in
/// small multiples) and its points in x order. Several seeds of one policy are several curves until
/// ``mergingSeeds(_:)`` folds them into one with a band.
public struct Curve: Sendable, Hashable {
    public struct Sample: Sendable, Hashable {
        public var x: Double
        public var y: Double
        /// Low and high over seeds (nil for a single run).
        public var band: ClosedRange<Double>?

        public init(x: Double, y: Double, band: ClosedRange<Double>? = nil) {
            self.x = x
            self.y = y
            self.band = band
        }
    }

    public var label: String
    /// `textbook`, `research`, `kernel` or `added` for policies; anything for other curves.
    public var family: String
    public var samples: [Sample]
    /// How many seeds the samples are the mean of (1: one run).
    public var seeds: Int

    public init(label: String, family: String = "all", samples: [Sample], seeds: Int = 1) {
        self.label = label
        self.family = family
        self.samples = samples.sorted { $0.x < $1.x }
        self.seeds = seeds
    }

    /// `label` without a `seed=N` parameter: `random:seed=3` → `random`, `random:seed=3,x=1` → `random:x=1`.
    public static func seedlessLabel(_ label: String) -> String {
        guard let colon = label.firstIndex(of: ":") else { return label }
        let name = label[..<colon]
        let parameters = label[label.index(after: colon)...].split(separator: ",").filter { !$0.hasPrefix("seed=") }
        return parameters.isEmpty ? String(name) : name + ":" + parameters.joined(separator: ",")
    }

    /// Curves that differ only in a `seed=` parameter and share their x values, folded into one: y is the mean
    /// over seeds, the band runs from the lowest to the highest; `seeds` counts them. Others pass unchanged, in
    /// their first curve's place.
    public static func mergingSeeds(_ curves: [Curve]) -> [Curve] {
        var groups: [String: [Curve]] = [:]
        var order: [String] = []
        for curve in curves {
            let key = seedlessLabel(curve.label) == curve.label ? "\u{0}" + curve.label : seedlessLabel(curve.label)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(curve)
        }
        return order.flatMap { key -> [Curve] in
            let group = groups[key]!
            let xs = group[0].samples.map(\.x)
            guard group.count > 1, group.allSatisfy({ $0.samples.map(\.x) == xs }) else { return group }
            let samples = xs.indices.map { index in
                let values = group.map { $0.samples[index].y }
                return Sample(
                    x: xs[index], y: values.reduce(0, +) / Double(values.count),
                    band: values.min()!...values.max()!)
            }
            return [Curve(label: key, family: group[0].family, samples: samples, seeds: group.count)]
        }
    }
}
