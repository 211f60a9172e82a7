import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The most memory one run may take, and an estimate of what a configuration will take, checked before anything
/// is allocated: a tiny input must never take gigabytes because of one number.
///
/// The estimate counts what is sized by the configuration, not by the trace: frames (the machine's frame table
/// and the replacement policy's per-frame state), TLB entries and sets, and swap slots. Per-element costs are
/// upper bounds measured on this code (peak resident memory at 4,194,304 frames over 12 accesses): 39 bytes per
/// frame for LRU, 141 for LIRS, the largest of the built-in policies; a TLB set holds its own policy instance.
/// What grows with the trace (page tables, id tables) is bounded by the trace's distinct pages.
public struct MemoryBudget: Sendable, Hashable {
    /// The budget in bytes.
    public var bytes: UInt64

    public init(bytes: UInt64) { self.bytes = bytes }

    /// Bytes per frame counted by the estimate: machine frame table plus the costliest built-in policy, rounded up.
    public static let bytesPerFrame: UInt64 = 160
    /// Bytes per TLB entry, and per TLB set (each set has its own replacement policy instance).
    public static let bytesPerTLBEntry: UInt64 = 64
    public static let bytesPerTLBSet: UInt64 = 256
    /// Bytes per slot of a bounded swap device (slot maps of the placement policies).
    public static let bytesPerSwapSlot: UInt64 = 2
    /// A run's fixed cost, whatever its size.
    public static let baseBytes: UInt64 = 64 << 20

    /// Whether `count` items of `bytesEach` bytes, plus ``baseBytes``, fit in the budget (saturating: a product
    /// that overflows does not fit).
    public func holds(_ count: Int, of bytesEach: UInt64) -> Bool {
        let held = UInt64(max(0, count)).multipliedReportingOverflow(by: bytesEach)
        let total = held.partialValue.addingReportingOverflow(Self.baseBytes)
        return !held.overflow && !total.overflow && total.partialValue <= bytes
    }

    /// Half of physical memory: the default of `--max-memory`.
    public static var halfOfPhysicalMemory: MemoryBudget {
        let pages = UInt64(max(0, sysconf(Int32(_SC_PHYS_PAGES))))
        let pageSize = UInt64(max(0, sysconf(Int32(_SC_PAGESIZE))))
        let total = pages.multipliedReportingOverflow(by: pageSize)
        return MemoryBudget(bytes: total.overflow || total.partialValue == 0 ? 8 << 30 : total.partialValue / 2)
    }

    private static let processBudget = Mutex<MemoryBudget?>(nil)

    /// The budget every run in this process is checked against: set once by the tool from `--max-memory`,
    /// otherwise half of physical memory.
    public static var current: MemoryBudget {
        get { processBudget.withLock { $0 } ?? halfOfPhysicalMemory }
        set { processBudget.withLock { $0 = newValue } }
    }

    /// The estimated peak of a machine with these settings (saturating: never overflows).
    public static func estimate(
        frames: Int, tlbEntries: Int = 0, tlbSets: Int = 0, swapSlots: Int = 0
    ) -> UInt64 {
        func times(_ count: Int, _ size: UInt64) -> UInt64 {
            let product = UInt64(max(0, count)).multipliedReportingOverflow(by: size)
            return product.overflow ? .max : product.partialValue
        }
        return [
            times(frames, bytesPerFrame), times(tlbEntries, bytesPerTLBEntry), times(tlbSets, bytesPerTLBSet),
            times(swapSlots, bytesPerSwapSlot),
        ].reduce(baseBytes) { total, part in
            let sum = total.addingReportingOverflow(part)
            return sum.overflow ? .max : sum.partialValue
        }
    }

    /// Throws when `estimate` bytes exceed the budget, naming `what` caused it.
    public func check(_ estimate: UInt64, for what: String) throws(VMError) {
        guard estimate > bytes else { return }
        throw .invalidConfiguration(
            "\(what) would take about \(Self.format(estimate)), above the memory budget of \(Self.format(bytes)) "
                + "(--max-memory; default: half of physical memory)")
    }

    /// `1.5 GiB`, `640 MiB`, `12 KiB`.
    public static func format(_ bytes: UInt64) -> String {
        let units: [(UInt64, String)] = [(1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (size, name) in units where bytes >= size {
            let value = Double(bytes) / Double(size)
            let rounded = (value * 10).rounded() / 10
            return rounded == rounded.rounded() ? "\(Int(rounded)) \(name)" : "\(rounded) \(name)"
        }
        return "\(bytes) B"
    }

    /// Parses `512M`, `4G`, `1.5GiB`, `100000` (bytes), `50%` (of physical memory).
    public init(parsing text: String) throws(VMError) {
        let trimmed = text.trimmingPrefixAndSuffixSpaces
        let invalid = VMError.invalidConfiguration(
            "--max-memory \(text): expected a size such as 512M, 4G or 50% (of physical memory)")
        if trimmed.hasSuffix("%") {
            guard let percent = Double(trimmed.dropLast()), percent > 0, percent <= 100 else { throw invalid }
            self.init(bytes: UInt64(Double(Self.halfOfPhysicalMemory.bytes) * 2 * percent / 100))
            return
        }
        var number = Substring(trimmed)
        var scale: UInt64 = 1
        for (suffixes, size) in [
            (["KiB", "KB", "K", "k"], UInt64(1) << 10), (["MiB", "MB", "M"], UInt64(1) << 20),
            (["GiB", "GB", "G"], UInt64(1) << 30), (["TiB", "TB", "T"], UInt64(1) << 40),
        ] {
            if let suffix = suffixes.first(where: { trimmed.hasSuffix($0) }) {
                number = number.dropLast(suffix.count)
                scale = size
                break
            }
        }
        guard let value = Double(number), value.isFinite, value > 0, value * Double(scale) < 1.8e19 else {
            throw invalid
        }
        self.init(bytes: UInt64(value * Double(scale)))
    }
}

extension String {
    fileprivate var trimmingPrefixAndSuffixSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
