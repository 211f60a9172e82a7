public import VMCore

/// One machine and its three policies: everything a run needs besides the workload.
public struct RunConfiguration: Sendable, Hashable {
    /// Replacement policy, e.g. `lru` or `random:seed=7`.
    public var replacement: PolicySpecification
    /// Frame allocator, `first-free` by default.
    public var allocator: PolicySpecification
    /// Swap placement, `first-free` by default.
    public var swap: PolicySpecification
    /// Physical memory in frames.
    public var frames: Int
    /// Page size in bytes (a power of two).
    public var pageSize: Int
    /// Swap devices; one unbounded device by default (reference-string mode).
    public var swapDevices: [SwapDeviceConfiguration]
    /// Global replacement (the default), or local replacement with per-process frame budgets.
    public var scope: ReplacementScope
    /// A TLB in front of the page tables, or nil for none.
    public var tlb: TLBConfiguration?
    /// Check every machine and policy invariant after every access (tests; slow).
    public var checksInvariants: Bool

    public init(
        replacement: PolicySpecification,
        allocator: PolicySpecification = PolicySpecification(name: "first-free"),
        swap: PolicySpecification = PolicySpecification(name: "first-free"),
        frames: Int,
        pageSize: Int = 4096,
        swapDevices: [SwapDeviceConfiguration] = [.unbounded],
        scope: ReplacementScope = .global,
        tlb: TLBConfiguration? = nil,
        checksInvariants: Bool = false
    ) {
        self.scope = scope
        self.tlb = tlb
        self.replacement = replacement
        self.allocator = allocator
        self.swap = swap
        self.frames = frames
        self.pageSize = pageSize
        self.swapDevices = swapDevices
        self.checksInvariants = checksInvariants
    }

    /// The address layout for `pageSize`.
    /// The memory this configuration's machine is estimated to take (see ``MemoryBudget``).
    public var estimatedBytes: UInt64 {
        let slots = swapDevices.reduce(0) { total, device in
            let (sum, overflow) = total.addingReportingOverflow(device.slots ?? 0)
            return overflow ? Int.max : sum
        }
        return MemoryBudget.estimate(
            frames: frames, tlbEntries: tlb?.entries ?? 0, tlbSets: tlb.map { $0.entries / max(1, $0.ways) } ?? 0,
            swapSlots: slots)
    }

    /// Checks, before anything runs, that the `parallelism` largest of `configurations` fit in the memory budget
    /// together (each alone is checked again when its machine is made).
    public static func checkMemory(of configurations: [RunConfiguration], runningAtOnce parallelism: Int)
        throws(VMError)
    {
        let largest = configurations.sorted { $0.estimatedBytes > $1.estimatedBytes }.prefix(max(1, parallelism))
        guard let first = largest.first else { return }
        let total = largest.dropFirst().reduce(first.estimatedBytes) { total, configuration in
            let sum = total.addingReportingOverflow(configuration.estimatedBytes - MemoryBudget.baseBytes)
            return sum.overflow ? .max : sum.partialValue
        }
        let what =
            largest.count == 1
            ? first.sizeDescription
            : "\(largest.count) machines at once (the largest: \(first.sizeDescription); fewer with --jobs)"
        try MemoryBudget.current.check(total, for: what)
    }

    /// What the size of this machine comes from, for the memory-budget message.
    var sizeDescription: String {
        var parts = ["\(frames) frames"]
        if let tlb { parts.append("a TLB of \(tlb.entries) entries in \(tlb.entries / max(1, tlb.ways)) sets") }
        let slots = swapDevices.compactMap(\.slots)
        if !slots.isEmpty { parts.append("\(slots.map(String.init).joined(separator: " + ")) swap slots") }
        return "a machine of " + parts.joined(separator: ", ")
    }

    public func layout() throws(VMError) -> AddressLayout { try AddressLayout(pageSize: pageSize) }

    /// Builds the machine with fresh policy instances from `registry`.
    public func makeMachine(registry: PolicyRegistry) throws(VMError) -> Machine {
        let layout = try layout()
        let machineConfiguration = MachineConfiguration(
            layout: layout, frames: frames, swapDevices: swapDevices, scope: scope, checksInvariants: checksInvariants)
        try machineConfiguration.validate()
        try self.tlb?.validate()
        try MemoryBudget.current.check(estimatedBytes, for: sizeDescription)
        let replacement = self.replacement
        let frames = self.frames
        let tlb = try self.tlb.map { configuration throws(VMError) in
            try TLB(configuration: configuration, pageTableLevels: layout.pageTableLevels) { ways throws(VMError) in
                try registry.makeReplacement(configuration.policy, frames: ways, layout: layout)
            }
        }
        return try Machine(
            configuration: machineConfiguration,
            replacement: registry.makeReplacement(replacement, frames: frames, layout: layout),
            makeReplacement: { frames throws(VMError) in
                try registry.makeReplacement(replacement, frames: frames, layout: layout)
            },
            allocator: registry.makeAllocator(allocator, frames: frames, layout: layout),
            placement: registry.makePlacement(swap, frames: frames, layout: layout),
            tlb: tlb)
    }
}
