import CVMSupport

/// A key for ``DenseIDTable``: equality plus a well-mixed 64-bit hash.
protocol DenseTableKey: Equatable {
    /// A hash whose low bits are well distributed (the table indexes with them).
    var mixedHash: UInt64 { get }
    /// Any value: it fills free slots, whose keys are never compared.
    static var placeholder: Self { get }
}

/// A 64-bit finaliser (xor-shift-multiply rounds) that spreads every input bit over the whole word.
@inline(__always)
func mix64(_ value: UInt64) -> UInt64 {
    var bits = value
    bits = (bits ^ (bits &>> 32)) &* 0xD6E8_FEB8_6659_FD93
    bits = (bits ^ (bits &>> 32)) &* 0xD6E8_FEB8_6659_FD93
    return bits ^ (bits &>> 32)
}

extension UInt64: DenseTableKey {
    @inline(__always)
    var mixedHash: UInt64 { mix64(self) }

    static var placeholder: UInt64 { 0 }
}

/// A `(pid, page)` pair: the identity of a page across address spaces.
struct ProcessPage: DenseTableKey {
    var pid: UInt32
    var page: UInt64

    @inline(__always)
    var mixedHash: UInt64 { mix64(page &+ UInt64(pid) &* 0x9E37_79B9_7F4A_7C15) }

    static var placeholder: ProcessPage { ProcessPage(pid: 0, page: 0) }
}

/// Renumbers keys densely in order of first appearance (the first key gets 0, the next new key 1, …).
///
/// Open addressing with linear probing over a power-of-two array of `(key, id)` slots; it doubles when half full,
/// so probes stay short. Hand-written because it sits on the hot path of the oracle-general reader: no per-key
/// allocation, one cache line per probe in the common case. It holds raw memory: the owner calls
/// ``deallocate()`` exactly once.
struct DenseIDTable<Key: DenseTableKey> {
    private struct Slot {
        var key: Key
        var id: UInt32
    }

    /// Marks a free slot; ids are below it.
    private static var emptyID: UInt32 { UInt32.max }

    private var slots: UnsafeMutablePointer<Slot>
    private var mask: Int
    /// The number of distinct keys seen: the next id to hand out.
    private(set) var count = 0

    init(initialCapacity: Int = 1 << 12) {
        var capacity = 16
        while capacity < initialCapacity { capacity <<= 1 }
        slots = Self.allocateSlots(capacity)
        mask = capacity - 1
    }

    /// Frees the slots. The table must not be used afterwards.
    func deallocate() {
        Self.free(slots)
    }

    /// The address of the slot where a probe for `key` starts (for prefetching).
    @inline(__always)
    func firstSlotAddress(for key: Key) -> UnsafeRawPointer {
        UnsafeRawPointer(slots + (Int(truncatingIfNeeded: key.mixedHash) & mask))
    }

    /// The dense id of `key`, assigning the next id when `key` is new. Returns `nil` only when 2^32 - 1 keys are
    /// already numbered.
    @inline(__always)
    mutating func id(for key: Key) -> UInt32? {
        var index = Int(truncatingIfNeeded: key.mixedHash) & mask
        while true {
            let slot = slots[index]
            if slot.id == Self.emptyID {
                return insert(key, at: index)
            }
            if slot.key == key {
                return slot.id
            }
            index = (index + 1) & mask
        }
    }

    private mutating func insert(_ key: Key, at index: Int) -> UInt32? {
        guard count < Int(Self.emptyID) else { return nil }
        let id = UInt32(count)
        slots[index] = Slot(key: key, id: id)
        count += 1
        if count * 2 > mask {
            grow()
        }
        return id
    }

    private mutating func grow() {
        let oldSlots = slots
        let oldCapacity = mask + 1
        let capacity = oldCapacity * 2
        slots = Self.allocateSlots(capacity)
        mask = capacity - 1
        for oldIndex in 0..<oldCapacity where oldSlots[oldIndex].id != Self.emptyID {
            let slot = oldSlots[oldIndex]
            var index = Int(truncatingIfNeeded: slot.key.mixedHash) & mask
            while slots[index].id != Self.emptyID {
                index = (index + 1) & mask
            }
            slots[index] = slot
        }
        Self.free(oldSlots)
    }

    /// Slots for a table of `capacity`, all free; large tables are backed by huge pages where the system allows
    /// (random probes then miss the TLB less).
    private static func allocateSlots(_ capacity: Int) -> UnsafeMutablePointer<Slot> {
        guard let raw = vm_allocate_large(capacity * MemoryLayout<Slot>.stride) else {
            fatalError("out of memory allocating an id table of \(capacity) slots")
        }
        let memory = raw.bindMemory(to: Slot.self, capacity: capacity)
        memory.initialize(repeating: Slot(key: .placeholder, id: emptyID), count: capacity)
        return memory
    }

    private static func free(_ slots: UnsafeMutablePointer<Slot>) {
        vm_free_large(slots)
    }
}
