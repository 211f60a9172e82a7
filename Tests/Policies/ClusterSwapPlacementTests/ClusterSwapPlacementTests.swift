import ClusterSwapPlacement
import Testing
import VMCore

struct ClusterSwapPlacementTests {
    let reference = PageReference(time: 0, page: 0)

    func place(_ placement: ClusterSwapPlacement, _ space: SwapSpace) throws -> Int? {
        guard let slot = placement.place(for: reference, in: space) else { return nil }
        space.devices[slot.device].slots.markUsed(slot.index)
        try placement.checkInvariants(space: space)
        return slot.index
    }

    func release(_ index: Int, _ placement: ClusterSwapPlacement, _ space: SwapSpace) {
        space.devices[0].slots.markFree(index)
        placement.released(slot: SwapSlot(device: 0, index: index))
    }

    @Test("A cluster fills from its cursor; then the lowest wholly free cluster; then partly used ones")
    func clusterOrder() throws {
        let space = try SwapSpace([SwapDeviceConfiguration(name: "s", slots: 12)])
        let placement = ClusterSwapPlacement(size: 4)
        #expect(try (0..<4).map { _ in try place(placement, space) } == [0, 1, 2, 3])
        release(1, placement, space)
        // Cluster 0 is full but for slot 1: a wholly free cluster (1) is preferred.
        #expect(try (0..<4).map { _ in try place(placement, space) } == [4, 5, 6, 7])
        release(6, placement, space)
        #expect(try place(placement, space) == 8)
        #expect(placement.freshClusters == 3)
        #expect(try (0..<3).map { _ in try place(placement, space) } == [9, 10, 11])
        // No cluster is wholly free: the next cluster in rotation with room (0, then 1).
        #expect(try place(placement, space) == 1)
        #expect(try place(placement, space) == 6)
        #expect(placement.fragmentedClusters == 2)
        #expect(try place(placement, space) == nil)
    }

    @Test("A short last cluster is used, and an unbounded device opens new clusters past its end")
    func shortAndUnbounded() throws {
        let short = try SwapSpace([SwapDeviceConfiguration(name: "s", slots: 5)])
        let placement = ClusterSwapPlacement(size: 4)
        #expect(try (0..<6).map { _ in try place(placement, short) } == [0, 1, 2, 3, 4, nil])
        let unbounded = try SwapSpace([.unbounded])
        let growing = ClusterSwapPlacement(size: 4)
        #expect(try (0..<9).map { _ in try place(growing, unbounded) } == Array(0..<9))
    }
}
