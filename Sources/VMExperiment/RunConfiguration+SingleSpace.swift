public import VMCore

extension RunConfiguration {
    /// The largest page a trace may reference for ``makeSingleSpaceMachine(registry:profile:)`` to use the flat
    /// table: 2^26 pages, at most 512 MiB of entries even for a sparse trace (the kernel backs only the pages of the
    /// table that are written).
    static let singleSpaceLargestPage: UInt64 = 1 << 26

    /// A ``SingleSpaceMachine`` for this configuration and a trace of `profile`, or nil when the run needs the full
    /// ``Machine``: a TLB, local scope, invariant checks, bounded or several swap devices, an allocator or placement
    /// other than the built-in `first-free` ones, more than one process or any kernel access, or a page past
    /// ``singleSpaceLargestPage``. Both machines give the same result (the tests compare them for every policy).
    public func makeSingleSpaceMachine(registry: PolicyRegistry, profile: SingleSpaceProfile?) throws(VMError)
        -> SingleSpaceMachine?
    {
        guard let profile, profile.largestPage < Self.singleSpaceLargestPage, tlb == nil else { return nil }
        let layout = try layout()
        let machineConfiguration = MachineConfiguration(
            layout: layout, frames: frames, swapDevices: swapDevices, scope: scope, checksInvariants: checksInvariants)
        guard
            SingleSpaceMachine.eligibility(
                of: machineConfiguration, allocator: allocator.name, placement: swap.name) == nil,
            allocator.arguments.isEmpty, swap.arguments.isEmpty,
            registry.info(kind: .allocation, name: allocator.name)?.module == "FirstFreeAllocator",
            registry.info(kind: .swap, name: swap.name)?.module == "FirstFreeSwapPlacement"
        else { return nil }
        try machineConfiguration.validate()
        try MemoryBudget.current.check(estimatedBytes, for: sizeDescription)
        return try SingleSpaceMachine(
            configuration: machineConfiguration,
            replacement: registry.makeReplacement(replacement, frames: frames, layout: layout),
            expectedPages: Int(profile.largestPage) + 1)
    }
}
