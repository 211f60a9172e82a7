public import VMCore

/// Writes an evicted page to the lowest free slot of the highest-priority swap device that has room (devices of
/// equal priority in the order they were added).
///
/// The simplest placement, close to early Linux `get_swap_page` without clustering. Complexity: O(devices) plus a
/// bitmap scan that is O(1) amortised (lowest-free hint), O(slots / 64) worst case.
public final class FirstFreeSwapPlacement: SwapPlacement {
    public init() {}

    public func place(for reference: PageReference, in space: SwapSpace) -> SwapSlot? {
        var best: Int?
        for (index, device) in space.devices.enumerated()
        where device.capacity == nil || device.slots.freeCount > 0 {
            if best == nil || device.priority > space.devices[best!].priority { best = index }
        }
        guard let device = best, let slot = space.devices[device].slots.lowestFree() else { return nil }
        return SwapSlot(device: device, index: slot)
    }
}

/// Registers the `first-free` swap placement.
public enum FirstFreeSwapPlacementModule {
    public static let entries: [SwapPlacementEntry] = [
        SwapPlacementEntry(
            info: PolicyInfo(
                name: "first-free", kind: .swap,
                summary: "lowest free slot on the highest-priority device with room",
                module: "FirstFreeSwapPlacement",
                source: "textbook swap-slot allocation (Bovet & Cesati, Understanding the Linux Kernel, ch. 17)")
        ) { _ throws(VMError) in FirstFreeSwapPlacement() }
    ]
}
