internal import CVMPlugin
public import VMCore

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A swap placement implemented by a plugin: one C state, driven through the plugin's `vmlab_swap_ops`.
///
/// The C view of the swap space (`vmlab_swap_space`: one `vmlab_swap_device` per device, pointing at the machine's
/// own free-slot bitmaps, and the devices by priority) is built once, at the first ``place(for:in:)`` on a swap
/// space; each later call only refreshes each device's bitmap pointer and counts (an unbounded device's bitmap
/// grows): O(devices), nothing allocated. The machine checks every answer (a used slot, a device out of range or
/// an index out of range stops the run with a contract violation); the adapter counts the slots it placed and got
/// back, so that ``checkInvariants(space:)`` can check that every used slot came from the placement.
public final class PluginSwapPlacement: SwapPlacement {
    /// The registered name, for messages.
    public let name: String
    private let state: UnsafeMutableRawPointer
    private let functions: PluginSwapFunctions
    /// Slots placed (and accepted: free) minus slots released.
    @exclusivity(unchecked) private var outstanding = 0
    /// The swap space the view was built for, and the view.
    @exclusivity(unchecked) private var viewOf: ObjectIdentifier?
    @exclusivity(unchecked) private var devices = UnsafeMutablePointer<vmlab_swap_device>.allocate(capacity: 1)
    @exclusivity(unchecked) private var byPriority = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    @exclusivity(unchecked) private var names: [UnsafeMutablePointer<CChar>?] = []

    init(name: String, state: UnsafeMutableRawPointer, functions: PluginSwapFunctions) {
        self.name = name
        self.state = state
        self.functions = functions
    }

    deinit {
        functions.destroy(state)
        devices.deallocate()
        byPriority.deallocate()
        for name in names { free(name) }
    }

    /// Builds the C view of `space` (once per swap space).
    private func buildView(of space: SwapSpace) {
        devices.deallocate()
        byPriority.deallocate()
        for name in names { free(name) }
        let count = space.devices.count
        names = space.devices.map { strdup($0.name) }
        devices = .allocate(capacity: max(count, 1))
        byPriority = .allocate(capacity: max(count, 1))
        for (index, device) in space.devices.enumerated() {
            (devices + index).initialize(
                to: vmlab_swap_device(
                    name: UnsafePointer(names[index]), free_bits: device.slots.unsafeFreeBits,
                    slot_count: UInt64(device.slots.count), free_count: UInt64(device.slots.freeCount),
                    capacity: device.capacity.map(Int64.init) ?? Int64(VMLAB_UNBOUNDED),
                    priority: Int64(device.priority)))
        }
        for (rank, index) in space.devicesByPriority.enumerated() { byPriority[rank] = UInt32(index) }
        viewOf = ObjectIdentifier(space)
    }

    /// Asks the plugin's `place`, showing it the devices and their free-slot bitmaps; 0 becomes nil.
    public func place(for reference: PageReference, in space: SwapSpace) -> SwapSlot? {
        let count = space.devices.count
        if viewOf != ObjectIdentifier(space) || names.count != count { buildView(of: space) }
        for index in 0..<count {
            let slots = space.devices[index].slots
            devices[index].free_bits = slots.unsafeFreeBits
            devices[index].slot_count = UInt64(slots.count)
            devices[index].free_count = UInt64(slots.freeCount)
        }
        var view = vmlab_swap_space(device_count: UInt32(count), devices: devices, by_priority: byPriority)
        var value = vmlab_reference(reference)
        var slot = vmlab_swap_slot(device: -1, reserved: 0, index: -1)
        guard functions.place(state, &value, &view, &slot) != 0 else { return nil }
        let placed = SwapSlot(device: Int(slot.device), index: Int(slot.index))
        // The machine refuses anything else with a contract violation; only an accepted slot is counted.
        if space.isFree(placed) { outstanding += 1 }
        return placed
    }

    /// Tells the plugin's `released` (when it has one).
    public func released(slot: SwapSlot) {
        outstanding -= 1
        functions.released?(state, Int32(truncatingIfNeeded: slot.device), Int64(truncatingIfNeeded: slot.index))
    }

    /// Checks what the host can see of a C placement: every used slot is one it placed and has not been given back.
    public func checkInvariants(space: SwapSpace) throws(VMError) {
        let used = space.usedSlots
        guard outstanding == used else {
            throw .contractViolation(
                "plugin swap placement \(name) placed \(outstanding) slots not yet released; \(used) are used")
        }
    }
}

/// The functions of one registered `vmlab_swap_ops`, checked (`released` may be NULL).
struct PluginSwapFunctions: @unchecked Sendable {
    typealias Destroy = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias Place =
        @convention(c) (
            UnsafeMutableRawPointer?, UnsafePointer<vmlab_reference>?, UnsafePointer<vmlab_swap_space>?,
            UnsafeMutablePointer<vmlab_swap_slot>?
        ) -> Int32
    typealias Release = @convention(c) (UnsafeMutableRawPointer?, Int32, Int64) -> Void

    let destroy: Destroy
    let place: Place
    let released: Release?
}
