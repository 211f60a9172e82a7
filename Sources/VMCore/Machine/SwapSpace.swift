/// The configuration of one swap device.
public struct SwapDeviceConfiguration: Sendable, Hashable {
    /// A name for reports and diagrams (`swap0` …).
    public var name: String
    /// Number of slots (one page each), or nil for a device that grows as needed (never fills).
    public var slots: Int?
    /// Linux-style priority: higher is used first. Nil means "assigned in the order devices were added" (−2, −3, …).
    public var priority: Int?

    public init(name: String, slots: Int?, priority: Int? = nil) {
        self.name = name
        self.slots = slots
        self.priority = priority
    }

    /// The most slots a bounded device may have: 2^32 (16 TiB of 4 KiB pages).
    public static let maximumSlots = 1 << 32

    /// One unbounded device: reference-string mode, where only RAM is scarce.
    public static let unbounded = SwapDeviceConfiguration(name: "swap0", slots: nil)
}

/// The swap devices of a machine and which of their slots hold a page. Owned by the machine; a ``SwapPlacement``
/// reads it to choose where an evicted page goes.
public final class SwapSpace {
    public struct Device {
        public let name: String
        /// Effective priority (explicit, or −2, −3, … in the order devices without one were added, as Linux does).
        public let priority: Int
        /// Fixed number of slots, or nil when the device grows.
        public let capacity: Int?
        /// Free slots (growable for unbounded devices).
        public let slots: FreeMap
        /// Slots in use.
        public var usedSlots: Int { slots.count - slots.freeCount }
    }

    public let devices: [Device]
    /// Device indices from most to least preferred: higher priority first, equal priorities in the order added.
    public let devicesByPriority: [Int]

    public init(_ configurations: [SwapDeviceConfiguration]) throws(VMError) {
        guard configurations.count <= PageTableEntry.maxDevices else {
            throw .invalidConfiguration(
                "\(configurations.count) swap devices configured; at most \(PageTableEntry.maxDevices) are supported")
        }
        var nextImplicitPriority = -2
        var devices: [Device] = []
        for configuration in configurations {
            if let slots = configuration.slots, slots < 0 || slots > PageTableEntry.maxSlot + 1 {
                throw .invalidConfiguration(
                    "swap device \(configuration.name) has \(slots) slots; expected 0...\(PageTableEntry.maxSlot + 1)")
            }
            let priority: Int
            if let explicit = configuration.priority {
                priority = explicit
            } else {
                priority = nextImplicitPriority
                nextImplicitPriority -= 1
            }
            devices.append(
                Device(
                    name: configuration.name,
                    priority: priority,
                    capacity: configuration.slots,
                    slots: FreeMap(count: configuration.slots ?? 0, growable: configuration.slots == nil)
                ))
        }
        self.devices = devices
        devicesByPriority = devices.indices.sorted { a, b in
            devices[a].priority != devices[b].priority ? devices[a].priority > devices[b].priority : a < b
        }
    }

    /// Whether `slot` is free (an unbounded device's slots past its end are free, up to
    /// ``PageTableEntry/maxSlot``). False for a device or an index out of range, so that a placement's bad answer
    /// is a contract violation, not a crash.
    public func isFree(_ slot: SwapSlot) -> Bool {
        slot.device >= 0 && slot.device < devices.count && slot.index >= 0 && slot.index <= PageTableEntry.maxSlot
            && devices[slot.device].slots.isFree(slot.index)
    }

    /// Whether some device can take one more page.
    public var hasFreeSlot: Bool {
        devices.contains { $0.capacity == nil || $0.slots.freeCount > 0 }
    }

    /// Slots in use on all devices.
    public var usedSlots: Int { devices.reduce(0) { $0 + $1.usedSlots } }

    func markUsed(_ slot: SwapSlot) { devices[slot.device].slots.markUsed(slot.index) }
    func markFree(_ slot: SwapSlot) { devices[slot.device].slots.markFree(slot.index) }
}

extension SwapSpace {
    /// Whether device `index` can take one more page.
    public func hasRoom(device index: Int) -> Bool {
        devices[index].capacity == nil || devices[index].slots.freeCount > 0
    }
}
