/// The settings of a simulated machine.
public struct MachineConfiguration: Sendable, Hashable {
    /// Page size, user range and kernel direct map.
    public var layout: AddressLayout
    /// Physical memory in frames (pages of `layout.pageSize`).
    public var frames: Int
    /// Swap devices, in the order they were added. The default is one unbounded device, so only RAM is scarce
    /// (reference-string mode); give bounded devices to study out-of-memory behaviour.
    public var swapDevices: [SwapDeviceConfiguration]
    /// Global replacement (one policy over all frames, the default) or local replacement with per-process budgets.
    public var scope: ReplacementScope
    /// Check every invariant after every step (tests). Costs O(resident pages + touched pages) per access.
    public var checksInvariants: Bool

    public init(
        layout: AddressLayout = .x86_64,
        frames: Int,
        swapDevices: [SwapDeviceConfiguration] = [.unbounded],
        scope: ReplacementScope = .global,
        checksInvariants: Bool = false
    ) {
        self.layout = layout
        self.frames = frames
        self.swapDevices = swapDevices
        self.scope = scope
        self.checksInvariants = checksInvariants
    }

    /// Throws when a setting is out of range.
    public func validate() throws(VMError) {
        guard frames >= 1 else {
            throw .invalidConfiguration("the machine needs at least 1 frame; got \(frames)")
        }
        guard frames <= PageTableEntry.maxFrame + 1 else {
            throw .invalidConfiguration("\(frames) frames is more than the \(PageTableEntry.maxFrame + 1) supported")
        }
        for device in swapDevices {
            if let slots = device.slots, slots > SwapDeviceConfiguration.maximumSlots {
                throw .invalidConfiguration(
                    "swap device \(device.name) of \(slots) slots: at most \(SwapDeviceConfiguration.maximumSlots) "
                        + "slots (16 TiB of 4 KiB pages)")
            }
        }
        let directMapBytes = UInt64(frames).multipliedReportingOverflow(by: layout.pageSize)
        guard !directMapBytes.overflow,
            !layout.directMapBase.addingReportingOverflow(directMapBytes.partialValue).overflow
        else {
            throw .invalidConfiguration("\(frames) frames do not fit in the kernel's direct map")
        }
    }
}
