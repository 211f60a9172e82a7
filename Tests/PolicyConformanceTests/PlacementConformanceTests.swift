import Testing
import VMCore
import VMTestSupport

/// The suite every registered frame allocator and swap placement passes: machine and policy invariants after every
/// step under churn (several processes, writes, bounded swap on several devices, out-of-memory kills), only free
/// frames and slots handed out, and determinism.
struct PlacementConformanceTests {
    static let allocators = Workbench.registry.names(of: .allocation)
    static let placements = Workbench.registry.names(of: .swap)
    static let devices = [
        SwapDeviceConfiguration(name: "slow", slots: 9),
        SwapDeviceConfiguration(name: "fast-a", slots: 5, priority: 4),
        SwapDeviceConfiguration(name: "fast-b", slots: 5, priority: 4),
    ]

    /// Three processes writing and reading 14 pages each on 8 frames with 19 swap slots: RAM and swap fill, the
    /// out-of-memory rule kills, and frames and slots are freed and handed out again.
    static func churn(allocator: String, swap: String, checks: Bool) throws -> Machine {
        let machine = try Workbench.machine(
            policy: "lru", frames: 8, allocator: allocator, swap: swap, swapDevices: devices, checks: checks)
        var generator = SplitMix64(seed: 2024)
        let shift = machine.layout.pageShift
        for _ in 0..<3000 {
            let pid = UInt32(1 + generator.next(below: 3))
            let page = UInt64(generator.next(below: 14))
            let kind: AccessKind = generator.next(below: 2) == 0 ? .write : .read
            try machine.step(Access(pid: pid, page: page, kind: kind, pageShift: shift))
        }
        return machine
    }

    @Test("Every allocator keeps every invariant under churn and out-of-memory kills", arguments: allocators)
    func allocatorChurn(allocator: String) throws {
        let machine = try Self.churn(allocator: allocator, swap: "first-free", checks: true)
        #expect(machine.totals.accesses == 3000)
        #expect(machine.oomEvents >= 1, "the churn reaches the out-of-memory rule")
        let again = try Self.churn(allocator: allocator, swap: "first-free", checks: false)
        #expect(again.totals == machine.totals, "deterministic")
    }

    @Test(
        "Every swap placement keeps every invariant on several devices, and fills swap before OOM",
        arguments: placements)
    func placementChurn(swap: String) throws {
        let machine = try Self.churn(allocator: "first-free", swap: swap, checks: true)
        #expect(machine.totals.swapOuts > 19, "slots are freed and reused")
        #expect(machine.oomEvents >= 1)
        let again = try Self.churn(allocator: "first-free", swap: swap, checks: false)
        #expect(again.totals == machine.totals, "deterministic")
    }

    @Test("A placement finds a slot whenever some device has one", arguments: placements)
    func findsFreeSlots(swap: String) throws {
        let space = try SwapSpace(Self.devices)
        let placement = try Workbench.registry.makePlacement(PolicySpecification(parsing: swap), frames: 8)
        var generator = SplitMix64(seed: 7)
        var held: [SwapSlot] = []
        let reference = PageReference(time: 0, page: 0)
        for _ in 0..<500 {
            if held.isEmpty || (space.hasFreeSlot && generator.next(below: 3) != 0) {
                let slot = try #require(placement.place(for: reference, in: space), "\(swap) found no slot")
                #expect(space.isFree(slot))
                space.devices[slot.device].slots.markUsed(slot.index)
                held.append(slot)
            } else {
                let slot = held.remove(at: generator.next(below: held.count))
                space.devices[slot.device].slots.markFree(slot.index)
                placement.released(slot: slot)
            }
            try placement.checkInvariants(space: space)
        }
        #expect(placement.place(for: reference, in: space) == nil || space.hasFreeSlot)
    }
}
