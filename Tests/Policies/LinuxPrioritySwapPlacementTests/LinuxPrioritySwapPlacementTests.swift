import LinuxPrioritySwapPlacement
import Testing
import VMCore

struct LinuxPrioritySwapPlacementTests {
    @Test("Strict priority; round-robin among equal priorities; implicit -2, -3 after explicit ones")
    func priorities() throws {
        let space = try SwapSpace([
            SwapDeviceConfiguration(name: "slow-a", slots: 1),
            SwapDeviceConfiguration(name: "slow-b", slots: 1),
            SwapDeviceConfiguration(name: "ssd-1", slots: 2, priority: 10),
            SwapDeviceConfiguration(name: "ssd-2", slots: 3, priority: 10),
        ])
        #expect(space.devices.map(\.priority) == [-2, -3, 10, 10])
        let placement = LinuxPrioritySwapPlacement()
        let reference = PageReference(time: 0, page: 0)
        var placed: [String] = []
        while let slot = placement.place(for: reference, in: space) {
            space.devices[slot.device].slots.markUsed(slot.index)
            placed.append("\(space.devices[slot.device].name):\(slot.index)")
        }
        #expect(placed == ["ssd-1:0", "ssd-2:0", "ssd-1:1", "ssd-2:1", "ssd-2:2", "slow-a:0", "slow-b:0"])
    }

    @Test("Within a device, next fit from the device's cursor")
    func nextFitWithinDevice() throws {
        let space = try SwapSpace([SwapDeviceConfiguration(name: "s", slots: 3)])
        let placement = LinuxPrioritySwapPlacement()
        let reference = PageReference(time: 0, page: 0)
        let first = try #require(placement.place(for: reference, in: space))
        space.devices[0].slots.markUsed(first.index)
        let second = try #require(placement.place(for: reference, in: space))
        space.devices[0].slots.markUsed(second.index)
        space.devices[0].slots.markFree(0)
        #expect(placement.place(for: reference, in: space)?.index == 2)
    }
}
