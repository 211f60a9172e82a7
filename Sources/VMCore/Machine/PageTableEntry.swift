/// A page-table entry packed into 64 bits.
///
/// Layout: bit 0 present, bit 1 dirty, bit 2 swap copy valid, bit 3 touched (every entry ever used has it, so a
/// zero entry means "never touched"), bits 4–7 swap device, bits 8–35 frame, bits 36–63 swap slot.
/// A resident page may keep a valid swap copy (it was swapped in and not written since): evicting it then needs
/// no I/O. A page that is not present but touched lives in its swap slot.
@frozen
public struct PageTableEntry: Sendable, Hashable {
    public var raw: UInt64

    @inlinable public init(raw: UInt64) { self.raw = raw }

    public static let presentBit: UInt64 = 1 << 0
    public static let dirtyBit: UInt64 = 1 << 1
    public static let swapValidBit: UInt64 = 1 << 2
    public static let touchedBit: UInt64 = 1 << 3
    /// Largest frame number an entry can hold.
    public static let maxFrame = (1 << 28) - 1
    /// Largest swap slot an entry can hold.
    public static let maxSlot = (1 << 28) - 1
    /// Largest number of swap devices.
    public static let maxDevices = 16

    /// The page was never touched: no frame, no swap copy.
    @inlinable public var isUntouched: Bool { raw == 0 }
    @inlinable public var isPresent: Bool { raw & Self.presentBit != 0 }
    @inlinable public var isDirty: Bool { raw & Self.dirtyBit != 0 }
    @inlinable public var hasSwapCopy: Bool { raw & Self.swapValidBit != 0 }
    /// The frame of a present page.
    @inlinable public var frame: Int { Int(truncatingIfNeeded: (raw >> 8) & 0xfff_ffff) }
    /// The swap copy of a page with `hasSwapCopy`.
    @inlinable public var swapSlot: SwapSlot {
        SwapSlot(device: Int(truncatingIfNeeded: (raw >> 4) & 0xf), index: Int(truncatingIfNeeded: raw >> 36))
    }

    /// A resident page in `frame`, optionally dirty, with an optional valid swap copy.
    @inlinable
    public static func resident(frame: Int, dirty: Bool, swapCopy: SwapSlot?) -> PageTableEntry {
        var raw = presentBit | touchedBit | UInt64(frame) << 8
        if dirty { raw |= dirtyBit }
        if let slot = swapCopy { raw |= swapValidBit | UInt64(slot.device) << 4 | UInt64(slot.index) << 36 }
        return PageTableEntry(raw: raw)
    }

    /// A page that lives only in swap.
    @inlinable
    public static func swapped(to slot: SwapSlot) -> PageTableEntry {
        PageTableEntry(raw: touchedBit | swapValidBit | UInt64(slot.device) << 4 | UInt64(slot.index) << 36)
    }
}

/// A place on a swap device: device index (in the order devices were configured) and slot.
@frozen
public struct SwapSlot: Sendable, Hashable, CustomStringConvertible {
    public var device: Int
    public var index: Int

    @inlinable public init(device: Int, index: Int) {
        self.device = device
        self.index = index
    }

    public var description: String { "swap\(device):\(index)" }
}
