/// The settings of a translation lookaside buffer.
public struct TLBConfiguration: Sendable, Hashable {
    /// Entries in all (a multiple of `ways`; `entries / ways` sets, a power of two).
    public var entries: Int
    /// Entries per set: 1 is direct-mapped, `entries` is fully associative.
    public var ways: Int
    /// The replacement policy inside each set, any registered replacement policy that does not need the future.
    public var policy: PolicySpecification
    /// Entries carry the process (an address-space id), so a process switch keeps them; when false, every switch
    /// to another process flushes the TLB (as x86 without PCID does on a CR3 write).
    public var tagged: Bool

    public init(
        entries: Int, ways: Int, policy: PolicySpecification = PolicySpecification(name: "lru"), tagged: Bool = true
    ) {
        self.entries = entries
        self.ways = ways
        self.policy = policy
        self.tagged = tagged
    }

    /// Throws unless the geometry is valid.
    /// The most entries a TLB may have: 2^24.
    public static let maximumEntries = 1 << 24

    public func validate() throws(VMError) {
        guard entries <= Self.maximumEntries else {
            throw .invalidConfiguration(
                "TLB of \(entries) entries: at most \(Self.maximumEntries) (real TLBs hold a few thousand)")
        }
        guard entries >= 1, ways >= 1, ways <= entries, entries % ways == 0 else {
            throw .invalidConfiguration("TLB of \(entries) entries and \(ways) ways: ways must divide entries")
        }
        let sets = entries / ways
        guard sets & (sets - 1) == 0 else {
            throw .invalidConfiguration(
                "TLB of \(entries) entries and \(ways) ways has \(sets) sets; expected a power of two")
        }
    }
}

/// What the TLB did.
public struct TLBCounters: Sendable, Hashable, Codable {
    public var hits = 0
    public var misses = 0
    /// Entries removed because their page left RAM (shootdowns).
    public var invalidations = 0
    /// Whole flushes: process switches with an untagged TLB, and killed processes.
    public var flushes = 0
    /// Page-table levels read by the walks that served misses (each miss walks every level: no walk caches).
    public var walkLevels = 0

    public init() {}

    /// Misses per lookup.
    public var missRatio: Double { hits + misses == 0 ? 0 : Double(misses) / Double(hits + misses) }
}

/// A set-associative TLB in front of the page tables: every user access to a resident page looks its translation
/// up; a miss costs a page-table walk (``TLBCounters/walkLevels``) and installs the entry, choosing the victim
/// within the set with its own instance of a replacement policy from the catalogue (ways are that instance's
/// frames). A page leaving RAM invalidates its entry, as a TLB shootdown does.
///
/// Lookups index the set by the low bits of the virtual page number and compare `ways` tags.
/// Complexity: O(ways) per access plus the set policy's own cost.
public final class TLB {
    public let configuration: TLBConfiguration
    public let sets: Int
    @exclusivity(unchecked) public private(set) var counters = TLBCounters()
    /// Page and process of each entry (`set * ways + way`); process -1 marks an empty entry.
    private let pages: UnsafeMutablePointer<UInt64>
    private let processes: UnsafeMutablePointer<Int32>
    /// Each set's policy instance (kept alive here), and handles to them that cost no reference counting per call.
    private let policies: [PolicyHandle.Box]
    private let handles: UnsafeMutablePointer<PolicyHandle>
    private let walkLevels: Int
    @exclusivity(unchecked) private var lastProcess = -1

    /// A TLB whose sets each use a fresh policy from `makePolicy(ways)`.
    public init(
        configuration: TLBConfiguration, pageTableLevels: Int,
        makePolicy: (_ ways: Int) throws(VMError) -> any ReplacementPolicy
    ) throws(VMError) {
        try configuration.validate()
        self.configuration = configuration
        sets = configuration.entries / configuration.ways
        walkLevels = pageTableLevels
        var policies: [PolicyHandle.Box] = []
        for _ in 0..<sets {
            let policy = try makePolicy(configuration.ways)
            guard !policy.needsFuture else {
                throw .invalidConfiguration("the TLB policy \(configuration.policy) needs the future; choose another")
            }
            policies.append(PolicyHandle.Box(policy))
        }
        self.policies = policies
        handles = .allocate(capacity: sets)
        for set in 0..<sets { (handles + set).initialize(to: PolicyHandle(policies[set])) }
        pages = .allocate(capacity: configuration.entries)
        pages.initialize(repeating: 0, count: configuration.entries)
        processes = .allocate(capacity: configuration.entries)
        processes.initialize(repeating: -1, count: configuration.entries)
    }

    deinit {
        pages.deallocate()
        processes.deallocate()
        handles.deallocate()
    }

    @inline(__always) private func set(of page: UInt64) -> Int { Int(truncatingIfNeeded: page) & (sets - 1) }

    /// The way of `page` of `process` in its set, or -1.
    @inline(__always) private func way(of page: UInt64, process: Int32, in set: Int) -> Int {
        let base = set * configuration.ways
        for way in 0..<configuration.ways where processes[base + way] == process && pages[base + way] == page {
            return way
        }
        return -1
    }

    /// Looks the translation of `reference.page` (a resident page of `reference.process`) up; on a miss, walks the
    /// page table and installs the entry.
    func access(_ reference: PageReference) {
        let process = Int32(truncatingIfNeeded: reference.process)
        if !configuration.tagged, reference.process != lastProcess {
            if lastProcess >= 0 { flushAll() }
            lastProcess = reference.process
        }
        let set = set(of: reference.page)
        let way = way(of: reference.page, process: process, in: set)
        if way >= 0 {
            counters.hits &+= 1
            handles[set].with { $0.accessed(frame: way, reference: reference) }
            return
        }
        counters.misses &+= 1
        counters.walkLevels &+= walkLevels
        let base = set * configuration.ways
        var target = -1
        for candidate in 0..<configuration.ways where processes[base + candidate] < 0 {
            target = candidate
            break
        }
        if target < 0 { target = handles[set].with { $0.evict(for: reference) } }
        pages[base + target] = reference.page
        processes[base + target] = process
        handles[set].with { $0.inserted(frame: target, reference: reference) }
    }

    /// The page left RAM: drop its translation.
    func invalidate(page: UInt64, process: Int) {
        let set = set(of: page)
        let way = way(of: page, process: Int32(truncatingIfNeeded: process), in: set)
        guard way >= 0 else { return }
        counters.invalidations &+= 1
        drop(set: set, way: way)
    }

    /// Drops every entry of `process` (it was killed).
    func flush(process: Int) {
        counters.flushes &+= 1
        for entry in 0..<configuration.entries where processes[entry] == Int32(truncatingIfNeeded: process) {
            drop(set: entry / configuration.ways, way: entry % configuration.ways)
        }
    }

    private func flushAll() {
        counters.flushes &+= 1
        for entry in 0..<configuration.entries where processes[entry] >= 0 {
            drop(set: entry / configuration.ways, way: entry % configuration.ways)
        }
    }

    private func drop(set: Int, way: Int) {
        processes[set * configuration.ways + way] = -1
        handles[set].with { $0.removed(frame: way) }
    }

    /// Every entry maps a page that is resident in its process (`isResident`), and each set's policy tracks
    /// exactly the set's valid entries.
    func checkInvariants(isResident: (_ process: Int, _ page: UInt64) -> Bool) throws(VMError) {
        for set in 0..<sets {
            let base = set * configuration.ways
            var valid = 0
            for way in 0..<configuration.ways where processes[base + way] >= 0 {
                valid += 1
                guard isResident(Int(processes[base + way]), pages[base + way]) else {
                    throw .contractViolation(
                        "TLB set \(set) way \(way) maps page \(pages[base + way]), which is not resident")
                }
            }
            try policies[set].policy.checkInvariants(residentCount: valid) { way in
                way >= 0 && way < configuration.ways && processes[base + way] >= 0
            }
        }
    }
}
