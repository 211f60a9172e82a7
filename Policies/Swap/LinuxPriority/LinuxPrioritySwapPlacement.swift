public import VMCore

/// Linux's choice among several swap devices: strictly by priority (higher first); devices of equal priority take
/// pages in turn (round-robin); a device without an explicit priority gets −2, −3, … in the order it was added
/// (`swapon` without `-p`). Within a device, slots are taken next-fit from a per-device cursor, as
/// `scan_swap_map_slots` does from `cluster_next`.
///
/// Linux `mm/swapfile.c` (`get_swap_pages`, `swap_avail_heads`); Bovet & Cesati, Understanding the Linux Kernel,
/// 3rd ed., ch. 17. Complexity: place O(devices + slots / 64) worst case; no allocation after the first call.
public final class LinuxPrioritySwapPlacement: SwapPlacement {
    /// Next-fit cursor per device.
    @exclusivity(unchecked) private var cursors: [Int] = []
    /// Devices grouped by equal priority, most preferred group first (built on the first call).
    @exclusivity(unchecked) private var groups: [[Int]] = []
    /// Per group, the position in the group that takes the next page.
    @exclusivity(unchecked) private var turns: [Int] = []

    public init() {}

    private func prepare(_ space: SwapSpace) {
        cursors = Array(repeating: 0, count: space.devices.count)
        groups = []
        for device in space.devicesByPriority {
            if let last = groups.last?.last, space.devices[last].priority == space.devices[device].priority {
                groups[groups.count - 1].append(device)
            } else {
                groups.append([device])
            }
        }
        turns = Array(repeating: 0, count: groups.count)
    }

    public func place(for reference: PageReference, in space: SwapSpace) -> SwapSlot? {
        if cursors.count != space.devices.count { prepare(space) }
        for group in groups.indices {
            let members = groups[group].count
            let first = turns[group]
            for step in 0..<members {
                let position = (first + step) % members
                let device = groups[group][position]
                guard space.hasRoom(device: device), let slot = slot(on: device, in: space) else { continue }
                turns[group] = (position + 1) % members
                cursors[device] = slot + 1
                return SwapSlot(device: device, index: slot)
            }
        }
        return nil
    }

    private func slot(on device: Int, in space: SwapSpace) -> Int? {
        let slots = space.devices[device].slots
        if let slot = slots.lowestFree(from: cursors[device]), slot < slots.count { return slot }
        if slots.freeCount > 0 { return slots.lowestFree(from: 0) }
        return slots.isGrowable ? slots.count : nil
    }
}

/// Registers `linux-priority`.
public enum LinuxPrioritySwapPlacementModule {
    public static let entries: [SwapPlacementEntry] = [
        SwapPlacementEntry(
            info: PolicyInfo(
                name: "linux-priority", kind: .swap,
                summary: "strict device priority, round-robin among equal priorities, next-fit within a device",
                module: "LinuxPrioritySwapPlacement",
                source: "Linux mm/swapfile.c (get_swap_pages); Bovet & Cesati, Understanding the Linux Kernel, ch. 17")
        ) { _ throws(VMError) in LinuxPrioritySwapPlacement() }
    ]
}
