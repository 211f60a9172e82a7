public import VMCore

/// The state of a machine between two steps, copied out so it can be drawn after the machine moves on.
///
/// A snapshot is a plain value: taking one reads the page tables, the frames and the swap devices once
/// (O(touched pages + frames + swap devices)), never touches the per-access path, and leaves the machine as it was.
public struct MachineSnapshot: Sendable, Hashable {
    /// Where one touched virtual page lives.
    public enum Location: Sendable, Hashable {
        /// In RAM, in `frame`; `dirty` when written since it was loaded; `swapCopy` when a valid copy is also on
        /// swap (swapped in and not written since).
        case resident(frame: Int, dirty: Bool, swapCopy: SwapSlot?)
        /// Only on swap, in `slot`.
        case swapped(SwapSlot)
    }

    /// One touched virtual page of a process.
    public struct Page: Sendable, Hashable {
        /// Virtual page number (address >> page shift).
        public var number: UInt64
        public var location: Location

        public init(number: UInt64, location: Location) {
            self.number = number
            self.location = location
        }
    }

    /// One process: who it is, what it declared, and every page it touched, in ascending page order.
    public struct Process: Sendable, Hashable {
        public var pid: UInt32
        /// Position in ``MachineSnapshot/processes`` (the machine's process index).
        public var index: Int
        public var name: String
        /// Declared regions sorted by first page; nil when every user page is valid (trace workloads).
        public var regions: [MemoryRegion]?
        /// Killed by the out-of-memory rule (it then holds no page).
        public var isKilled: Bool
        public var counters: MemoryCounters
        /// Touched pages, ascending.
        public var pages: [Page]

        public init(
            pid: UInt32, index: Int, name: String, regions: [MemoryRegion]?, isKilled: Bool,
            counters: MemoryCounters, pages: [Page]
        ) {
            self.pid = pid
            self.index = index
            self.name = name
            self.regions = regions
            self.isKilled = isKilled
            self.counters = counters
            self.pages = pages
        }
    }

    /// One swap device.
    public struct SwapDevice: Sendable, Hashable {
        public var name: String
        public var priority: Int
        /// Fixed number of slots, or nil for a device that grows as needed.
        public var capacity: Int?
        /// Slots the device covers now: its capacity, or how far an unbounded device has grown.
        public var slotCount: Int
        /// Slots holding a page (swapped-out pages and copies of resident pages).
        public var usedSlots: Int

        public init(name: String, priority: Int, capacity: Int?, slotCount: Int, usedSlots: Int) {
            self.name = name
            self.priority = priority
            self.capacity = capacity
            self.slotCount = slotCount
            self.usedSlots = usedSlots
        }
    }

    /// Accesses stepped so far.
    public var time: Int
    /// Physical frames.
    public var frameCount: Int
    /// log2 of the page size.
    public var pageShift: Int
    /// Kernel virtual address of frame 0 in the direct map.
    public var directMapBase: UInt64
    public var processes: [Process]
    public var swapDevices: [SwapDevice]
    public var kernel: KernelCounters
    /// Counters of all processes together.
    public var totals: MemoryCounters
    /// Times the out-of-memory rule fired.
    public var oomEvents: Int

    /// Page size in bytes.
    public var pageSize: UInt64 { 1 << UInt64(pageShift) }

    /// Pages resident in RAM now.
    public var residentPages: Int {
        processes.reduce(0) { total, process in
            total + process.pages.count { if case .resident = $0.location { true } else { false } }
        }
    }

    /// A snapshot assembled from parts (tests, tools that build machine states by hand). ``init(machine:)`` reads
    /// one off a real machine.
    public init(
        time: Int, frameCount: Int, pageShift: Int, directMapBase: UInt64, processes: [Process],
        swapDevices: [SwapDevice], kernel: KernelCounters = KernelCounters(), totals: MemoryCounters = MemoryCounters(),
        oomEvents: Int = 0
    ) {
        self.time = time
        self.frameCount = frameCount
        self.pageShift = pageShift
        self.directMapBase = directMapBase
        self.processes = processes
        self.swapDevices = swapDevices
        self.kernel = kernel
        self.totals = totals
        self.oomEvents = oomEvents
    }
}
