public import VMCore

/// A hand-written machine state in the making: named processes with their mapped regions, and a list of accesses
/// (user and kernel) to run through the machine. What `vmlab render --scenario FILE.yaml` draws, and what a
/// teacher writes to show one situation.
///
/// ```yaml
/// title: Two processes, one virtual range
/// machine: {frames: 8, page-size: 4096, swap: [{name: swap0, slots: 16}], scope: global}
/// policies: {replacement: lru, allocator: first-free, swap: first-free}
/// processes:
///   - name: editor
///     regions:
///       - {name: text, start: 0x400000, pages: 4, permissions: rx}
///       - {name: heap, start: 0x600000, pages: 8}
/// accesses:
///   - editor R text            # every page of a region, in order
///   - editor W heap:0-3        # pages 0 to 3 of a region
///   - editor R 0x400000        # one address
///   - kernel R frame:2         # the kernel, through its direct map
///   - kernel W editor:heap:1   # the kernel, on a user page (copy_to_user)
/// ```
public struct Scenario: Sendable, Hashable {
    /// One process: its name, pid and mapped regions.
    public struct Process: Sendable, Hashable {
        public var name: String
        public var pid: UInt32
        public var regions: [MemoryRegion]

        public init(name: String, pid: UInt32, regions: [MemoryRegion]) {
            self.name = name
            self.pid = pid
            self.regions = regions
        }
    }

    /// The most accesses a scenario may expand to (16,777,216: 256 MiB); a line that would go past it is an error.
    public static let maximumAccesses = 1 << 24

    public var title: String
    public var frames: Int
    public var pageSize: Int
    public var swapDevices: [SwapDeviceConfiguration]
    /// Global replacement, or local replacement with per-process budgets (`machine: {scope: local:equal}`).
    public var scope: ReplacementScope
    public var replacement: String
    public var allocator: String
    public var swap: String
    public var processes: [Process]
    /// Every access, expanded (a region sweep is one access per page).
    public var accesses: [Access]

    public init(
        title: String, frames: Int, pageSize: Int, swapDevices: [SwapDeviceConfiguration], replacement: String,
        allocator: String, swap: String, processes: [Process], accesses: [Access]
    ) {
        self.title = title
        self.frames = frames
        self.pageSize = pageSize
        self.swapDevices = swapDevices
        self.scope = .global
        self.replacement = replacement
        self.allocator = allocator
        self.swap = swap
        self.processes = processes
        self.accesses = accesses
    }
}
