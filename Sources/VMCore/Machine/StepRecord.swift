/// What one access did, in the words a textbook uses: made by ``Machine/explainStep(_:nextUse:)``.
public struct StepRecord: Sendable, Hashable {
    /// How an access ended.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// The page was resident.
        case hit
        /// First touch: a zero-filled frame, no I/O.
        case minor
        /// The page came back from swap (one swap-in).
        case major
        /// Outside every mapped region.
        case segv
        /// A user access to a kernel address, a write to a read-only region, or a fetch from a non-executable one.
        case prot
        /// Not carried out: the process had been killed, or was killed while the access waited.
        case dropped
        /// A kernel access through the direct map, or with paging off (``AccessMode/physical``) to a frame.
        case kernel
        /// A kernel access outside the direct map.
        case kernelBad = "kernel-bad"

        /// A miss in a reference-string simulator's sense.
        public var isFault: Bool { self == .minor || self == .major }
    }

    /// A page that left RAM during the access.
    public struct Eviction: Sendable, Hashable {
        public var pid: UInt32
        public var page: UInt64
        public var frame: Int
        public var destination: MachineEvent.Destination
    }

    /// A resident page, with what the policy keeps about it.
    public struct ResidentPage: Sendable, Hashable {
        public var pid: UInt32
        public var page: UInt64
        public var frame: Int
        /// The policy's note (`r=1`, `n=3`), or nil.
        public var note: String?
        /// The policy's group (`T1`, `small`), or empty.
        public var group: String
    }

    /// Position of the access in the run, from 1.
    public var time: Int
    public var pid: UInt32
    public var address: UInt64
    /// Virtual page number (`address >> pageShift`); for kernel accesses, the page of the direct-map address.
    public var page: UInt64
    public var kind: AccessKind
    public var mode: AccessMode
    public var outcome: Outcome
    /// The frame that holds the page after the access (hits and faults), or nil.
    public var frame: Int?
    /// Where a major fault read the page from.
    public var swappedInFrom: SwapSlot?
    /// The TLB's answer for this access: true hit, false miss, nil when there is no TLB or it was not consulted.
    public var tlbHit: Bool?
    /// Pages that left RAM during the access, in the order they left.
    public var evictions: [Eviction]
    /// Pids of processes the out-of-memory rule killed during the access.
    public var killed: [UInt32]
    /// Every resident page after the access, in the replacement policy's order (see ``ResidentOrder``).
    public var resident: [ResidentPage]
    /// What the order means ("oldest first").
    public var orderMeaning: String
    /// The frame under the policy's hand, if it has one.
    public var hand: Int?
    /// Running totals after this access, all processes together.
    public var totals: MemoryCounters
}
