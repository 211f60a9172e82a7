import Foundation
public import VMCore

/// Effective access time: the mean time of an access from the latencies of its parts, the textbook's
/// `EAT = (1 − p) × memory + p × fault service` extended with the TLB and the page walk.
///
/// Every executed access (a hit or a fault; not segmentation/protection faults or dropped accesses) costs one
/// memory access for its data. Without a TLB it also walks the page table (``levels`` memory reads, one per level);
/// with a TLB it pays one TLB lookup, and a walk only on a TLB miss (the TLB's own walk count). A minor fault adds
/// the zero-fill service time, a major fault the swap-in service time. Faults are counted once each; the retried
/// access after a fault is not charged again.
///
/// Defaults (``defaults``): TLB lookup 1 ns, memory access 100 ns (also each page-walk level: no walk caches),
/// minor fault 2 µs (trap plus zeroing a 4 KiB page), major fault 8 ms (a disk read: the figure Silberschatz,
/// Galvin and Gagne use in *Operating System Concepts*, ch. 10). All are configurable.
public struct AccessTimeModel: Sendable, Hashable {
    /// Latencies in nanoseconds.
    public var tlb: Double
    public var memory: Double
    public var walkLevel: Double
    public var minorFault: Double
    public var majorFault: Double

    public static let defaults = AccessTimeModel(
        tlb: 1, memory: 100, walkLevel: 100, minorFault: 2_000, majorFault: 8e6)

    public init(tlb: Double, memory: Double, walkLevel: Double, minorFault: Double, majorFault: Double) {
        self.tlb = tlb
        self.memory = memory
        self.walkLevel = walkLevel
        self.minorFault = minorFault
        self.majorFault = majorFault
    }

    /// The keys of `--latency`, in the order they are printed.
    public static let keys = ["tlb", "memory", "walk", "minor", "major"]

    /// Parses `tlb=1ns,memory=100ns,walk=100ns,minor=2us,major=8ms` (any subset; the rest keep their defaults).
    /// Units: ns, us (or µs), ms, s; a bare number is nanoseconds.
    public init(parsing text: String) throws(VMError) {
        self = .defaults
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = pieces.first.map(String.init) ?? ""
            guard pieces.count == 2, Self.keys.contains(key) else {
                throw .invalidConfiguration(
                    "--latency: \(SafeText.quoted(part)) is not KEY=TIME; keys are \(Self.keys.joined(separator: ", "))"
                )
            }
            let value = try Self.nanoseconds(String(pieces[1]), key: key)
            switch key {
            case "tlb": tlb = value
            case "memory": memory = value
            case "walk": walkLevel = value
            case "minor": minorFault = value
            default: majorFault = value
            }
        }
    }

    static func nanoseconds(_ text: String, key: String) throws(VMError) -> Double {
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9)]
        var number = Substring(text)
        var scale = 1.0
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            number = text.dropLast(suffix.count)
            scale = factor
            break
        }
        guard let value = Double(number), value.isFinite, value >= 0, value * scale <= 1e15 else {
            throw .invalidConfiguration(
                "--latency \(key)=\(SafeText.quoted(text)): expected a time from 0 to 1e6 s, e.g. 100ns, 2us, 8ms")
        }
        return value * scale
    }

    /// One part of the mean: its name, its share of the mean in ns, and how it arises.
    public struct Part: Sendable, Hashable {
        public var name: String
        public var nanoseconds: Double
        public var explanation: String
    }

    /// The mean access time of a run and its parts (they sum to the mean). Empty for a run that executed nothing.
    public func breakdown(of result: RunResult, levels: Int) -> (mean: Double, parts: [Part]) {
        let executed = result.hits + result.faults
        guard executed > 0 else { return (0, []) }
        let count = Double(executed)
        var parts = [Part(name: "memory", nanoseconds: memory, explanation: "1 access × \(Self.format(memory))")]
        if let tlbCounters = result.tlb {
            parts.append(Part(name: "tlb", nanoseconds: tlb, explanation: "1 lookup × \(Self.format(tlb))"))
            let walks = Double(tlbCounters.walkLevels) * walkLevel / count
            parts.append(
                Part(
                    name: "walk", nanoseconds: walks,
                    explanation:
                        "\(Self.percent(Double(tlbCounters.misses) / count)) TLB misses × \(levels) levels × \(Self.format(walkLevel))"
                ))
        } else {
            parts.append(
                Part(
                    name: "walk", nanoseconds: Double(levels) * walkLevel,
                    explanation: "no TLB: \(levels) levels × \(Self.format(walkLevel))"))
        }
        let minorShare = Double(result.minorFaults) / count
        let majorShare = Double(result.majorFaults) / count
        parts.append(
            Part(
                name: "minor", nanoseconds: minorShare * minorFault,
                explanation: "\(Self.percent(minorShare)) × \(Self.format(minorFault))"))
        parts.append(
            Part(
                name: "major", nanoseconds: majorShare * majorFault,
                explanation: "\(Self.percent(majorShare)) × \(Self.format(majorFault))"))
        return (parts.reduce(0) { $0 + $1.nanoseconds }, parts)
    }

    /// The summary line: `access time  8.2 µs mean = memory 100 ns + walk 400 ns (…) + …`.
    public func summaryLine(of result: RunResult, levels: Int) -> String? {
        let (mean, parts) = breakdown(of: result, levels: levels)
        guard !parts.isEmpty else { return nil }
        return "access time  \(Self.format(mean)) mean = "
            + parts.map { "\($0.name) \(Self.format($0.nanoseconds)) (\($0.explanation))" }.joined(separator: " + ")
    }

    /// A time with a unit that keeps 3 significant digits: `100 ns`, `2.5 µs`, `8 ms`.
    public static func format(_ nanoseconds: Double) -> String {
        let (value, unit): (Double, String) =
            switch nanoseconds {
            case ..<1e3: (nanoseconds, "ns")
            case ..<1e6: (nanoseconds / 1e3, "µs")
            case ..<1e9: (nanoseconds / 1e6, "ms")
            default: (nanoseconds / 1e9, "s")
            }
        var text = String(format: "%.3g", value)
        if text.contains("e") { text = String(format: "%.0f", value) }
        return "\(text) \(unit)"
    }

    static func percent(_ share: Double) -> String {
        let value = share * 100
        return (value == 0 || value >= 0.01 ? String(format: "%.3g", value) : String(format: "%.2g", value)) + "%"
    }
}
