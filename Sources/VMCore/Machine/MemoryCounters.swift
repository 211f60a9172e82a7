/// Event counts of one process, or of the whole machine.
///
/// Every user access ends in exactly one of: a hit, a minor fault, a major fault, a segmentation fault, a
/// protection fault, or a dropped access (its process had been killed, or was killed while the access waited), so
/// `accesses == hits + minorFaults + majorFaults + segmentationFaults + protectionFaults + droppedAccesses`.
@frozen
public struct MemoryCounters: Sendable, Hashable, Codable {
    /// References made.
    public var accesses = 0
    /// References that found their page resident.
    public var hits = 0
    /// First touches of a page: a zero-filled frame, no I/O.
    public var minorFaults = 0
    /// References to a page in swap: it is read back (one swap-in each).
    public var majorFaults = 0
    /// Pages of this process taken out of RAM by the replacement policy.
    public var evictions = 0
    /// Pages read from swap.
    public var swapIns = 0
    /// Pages written to swap (evicted while dirty, or without a valid swap copy).
    public var swapOuts = 0
    /// References outside every mapped region (only when the workload declares regions).
    public var segmentationFaults = 0
    /// User references to kernel addresses, writes to read-only regions, fetches from non-executable regions.
    public var protectionFaults = 0
    /// Times the out-of-memory rule killed this process.
    public var oomKills = 0
    /// References not carried out because the process was dead.
    public var droppedAccesses = 0

    public init() {}

    /// Minor plus major faults: what a reference-string simulator calls misses (cold misses included).
    @inlinable public var faults: Int { minorFaults + majorFaults }

    /// Accesses the machine carried out: all but the dropped ones (`accesses == executedAccesses +
    /// droppedAccesses`).
    @inlinable public var executedAccesses: Int { accesses - droppedAccesses }

    /// Faults per executed access, or 0 when nothing was executed (never NaN).
    ///
    /// The denominator is ``executedAccesses``, not ``accesses``: an access dropped because its process had been
    /// killed (out of memory) could neither hit nor fault, so counting it would make a run whose processes die
    /// early look better than one whose processes survive.
    public var missRatio: Double { Self.ratio(faults, executedAccesses) }

    /// `part / whole`, or 0 when `whole` is 0: a ratio that is never NaN or infinite.
    public static func ratio(_ part: Int, _ whole: Int) -> Double {
        whole <= 0 ? 0 : Double(part) / Double(whole)
    }

    /// Adds `other` field by field.
    public mutating func add(_ other: MemoryCounters) {
        accesses += other.accesses
        hits += other.hits
        minorFaults += other.minorFaults
        majorFaults += other.majorFaults
        evictions += other.evictions
        swapIns += other.swapIns
        swapOuts += other.swapOuts
        segmentationFaults += other.segmentationFaults
        protectionFaults += other.protectionFaults
        oomKills += other.oomKills
        droppedAccesses += other.droppedAccesses
    }
}

/// What the kernel itself did.
public struct KernelCounters: Sendable, Hashable, Codable {
    /// Accesses through the direct map.
    public var directMapAccesses = 0
    /// Kernel-mode accesses to a process's user pages (through that process's page table).
    public var userPageAccesses = 0
    /// Kernel accesses to kernel addresses outside the direct map, or to user addresses with no process (and
    /// physical-mode accesses past the last frame).
    public var badAccesses = 0
    /// Kernel accesses with paging off (``AccessMode/physical``): a physical address used as it is.
    public var physicalAccesses = 0

    public init() {}
}
