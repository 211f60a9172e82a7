public import VMCore

/// Next-fit swap placement: on the most preferred device with room, the first free slot at or after a cursor
/// (wrapping on a fixed-size device; an unbounded device simply grows ahead of the cursor), then the cursor moves past
/// it. Consecutive swap-outs land on consecutive slots while the device has room ahead, which keeps writes
/// sequential (Knuth's next fit, as early Unix swap maps did).
///
/// Complexity: place O(devices + slots / 64) worst case, O(devices) typical.
public final class NextFitSwapPlacement: SwapPlacement {
    /// Cursor per device.
    @exclusivity(unchecked) private var cursors: [Int] = []

    public init() {}

    public func place(for reference: PageReference, in space: SwapSpace) -> SwapSlot? {
        if cursors.count != space.devices.count { cursors = Array(repeating: 0, count: space.devices.count) }
        guard let device = space.devicesByPriority.first(where: { space.hasRoom(device: $0) }) else { return nil }
        let slots = space.devices[device].slots
        var found = slots.lowestFree(from: cursors[device])
        if !slots.isGrowable, found == nil || found! >= slots.count {
            // Nothing free after the cursor on a fixed-size device: wrap to its start.
            found = slots.lowestFree(from: 0)
        }
        guard let slot = found else { return nil }
        cursors[device] = slot + 1
        return SwapSlot(device: device, index: slot)
    }
}

/// Registers `next-fit`.
public enum NextFitSwapPlacementModule {
    public static let entries: [SwapPlacementEntry] = [
        SwapPlacementEntry(
            info: PolicyInfo(
                name: "next-fit", kind: .swap,
                summary: "first free slot at or after a rotating cursor on the preferred device",
                module: "NextFitSwapPlacement",
                source: "next fit (Knuth, TAOCP vol. 1 §2.5); Unix V7 swap map allocation")
        ) { _ throws(VMError) in NextFitSwapPlacement() }
    ]
}
