import FirstFreeSwapPlacement
import Testing
import VMCore

struct FirstFreeSwapPlacementTests {
    @Test("Highest priority with room first; implicit priorities -2, -3 in the order added")
    func priorities() throws {
        let space = try SwapSpace([
            SwapDeviceConfiguration(name: "a", slots: 2),
            SwapDeviceConfiguration(name: "b", slots: 2),
            SwapDeviceConfiguration(name: "fast", slots: 1, priority: 5),
        ])
        #expect(space.devices.map(\.priority) == [-2, -3, 5])
        let placement = FirstFreeSwapPlacement()
        let reference = PageReference(time: 0, page: 0)
        var placed: [SwapSlot] = []
        while let slot = placement.place(for: reference, in: space) {
            placed.append(slot)
            space.devices[slot.device].slots.markUsed(slot.index)
        }
        #expect(
            placed == [
                SwapSlot(device: 2, index: 0), SwapSlot(device: 0, index: 0), SwapSlot(device: 0, index: 1),
                SwapSlot(device: 1, index: 0), SwapSlot(device: 1, index: 1),
            ])
    }
}
