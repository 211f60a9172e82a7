import VMCore

/// First-free swap placement in Swift: the lowest free slot of the highest-priority device with room (equal
/// priorities in the order the devices were added), as the built-in `first-free` placement does.
///
/// Source: Bovet & Cesati, Understanding the Linux Kernel, ch. 17. Complexity: O(devices) plus a bitmap scan,
/// O(1) amortised.
final class SwiftFirstFreeSwapPlacement: SwapPlacement {
    func place(for reference: PageReference, in space: SwapSpace) -> SwapSlot? {
        for device in space.devicesByPriority where space.hasRoom(device: device) {
            guard let slot = space.devices[device].slots.lowestFree() else { return nil }
            return SwapSlot(device: device, index: slot)
        }
        return nil
    }

    static let entries: [SwapPlacementEntry] = [
        SwapPlacementEntry(
            info: PolicyInfo(
                name: "swift-first-free", kind: .swap,
                summary: "lowest free slot on the highest-priority device with room, written in Swift",
                module: "SwiftPolicies",
                source: "Bovet & Cesati, Understanding the Linux Kernel, ch. 17 (Examples/SwiftPlugin)")
        ) { _ throws(VMError) in SwiftFirstFreeSwapPlacement() }
    ]
}
