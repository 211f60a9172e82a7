import NextFitSwapPlacement
import Testing
import VMCore

struct NextFitSwapPlacementTests {
    @Test("Slots are taken after the cursor, a freed lower slot waits until the cursor wraps")
    func cursor() throws {
        let space = try SwapSpace([SwapDeviceConfiguration(name: "s", slots: 4)])
        let placement = NextFitSwapPlacement()
        let reference = PageReference(time: 0, page: 0)
        func place() -> Int? {
            guard let slot = placement.place(for: reference, in: space) else { return nil }
            space.devices[0].slots.markUsed(slot.index)
            return slot.index
        }
        #expect(place() == 0)
        #expect(place() == 1)
        space.devices[0].slots.markFree(0)
        #expect(place() == 2)
        #expect(place() == 3)
        #expect(place() == 0)
        #expect(place() == nil)
    }

    @Test("An unbounded device keeps writing forward")
    func unbounded() throws {
        let space = try SwapSpace([.unbounded])
        let placement = NextFitSwapPlacement()
        let reference = PageReference(time: 0, page: 0)
        var placed: [Int] = []
        for index in 0..<6 {
            let slot = try #require(placement.place(for: reference, in: space))
            space.devices[0].slots.markUsed(slot.index)
            placed.append(slot.index)
            if index == 2 { space.devices[0].slots.markFree(0) }
        }
        #expect(placed == [0, 1, 2, 3, 4, 5])
    }
}
