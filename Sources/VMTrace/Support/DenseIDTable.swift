import CVMSupport

/// A key for ``DenseIDTable``: equality plus a well-mixed 64-bit hash. Plain bits, so that a slot of zero bytes
/// (fresh memory from the kernel) is a valid, free slot.
protocol DenseTableKey: Equatable, BitwiseCopyable {
    /// A hash whose low bits are well distributed (the table indexes with them).
    var mixedHash: UInt64 { get }
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
}

/// A `(pid, page)` pair: the identity of a page across address spaces.
struct ProcessPage: DenseTableKey {
    var pid: UInt32
    var page: UInt64

    @inline(__always)
    var mixedHash: UInt64 { mix64(page &+ UInt64(pid) &* 0x9E37_79B9_7F4A_7C15) }
}

/// Renumbers keys densely in order of first appearance (the first key gets 0, the next new key 1, …).
///
/// Open addressing with linear probing over a power-of-two array of `(key, id + 1)` slots; it doubles when half
/// full, so probes stay short. Hand-written because it sits on the hot path of the oracle-general reader: no
/// per-key allocation, one cache line per probe in the common case. It holds raw memory: the owner calls
/// ``deallocate()`` exactly once.
///
/// A free slot is all zero bytes (its stored id is 0, ids are stored plus one), so the slots are fresh kernel
/// memory (``vm_map_zeroed``) that is never cleared or filled: the table's pages are zeroed by the kernel as
/// probes first touch them, and nothing is written twice.
struct DenseIDTable<Key: DenseTableKey> {
    private struct Slot {
        var key: Key
        /// The key's id plus one; 0 marks a free slot.
        var storedID: UInt32
    }

    /// The most keys a table numbers: ids run from 0 to `UInt32.max - 1`, stored as 1 ... `UInt32.max`.
    private static var idLimit: Int { Int(UInt32.max) }

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
        Self.free(slots, capacity: mask + 1)
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
            if slot.storedID == 0 {
                return insert(key, at: index)
            }
            if slot.key == key {
                return slot.storedID &- 1
            }
            index = (index + 1) & mask
        }
    }

    private mutating func insert(_ key: Key, at index: Int) -> UInt32? {
        guard count < Self.idLimit else { return nil }
        let id = UInt32(count)
        slots[index] = Slot(key: key, storedID: id &+ 1)
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
        // Old slot i moves to i or i + oldCapacity (plus its probe run): both halves are written in order, so the
        // rehash streams through memory instead of writing at random.
        for oldIndex in 0..<oldCapacity where oldSlots[oldIndex].storedID != 0 {
            let slot = oldSlots[oldIndex]
            var index = Int(truncatingIfNeeded: slot.key.mixedHash) & mask
            while slots[index].storedID != 0 {
                index = (index + 1) & mask
            }
            slots[index] = slot
        }
        Self.free(oldSlots, capacity: oldCapacity)
    }

    /// Slots for a table of `capacity`, all free: zero bytes from the kernel, not written here. Large tables are
    /// backed by huge pages where the system allows (random probes then miss the TLB less).
    private static func allocateSlots(_ capacity: Int) -> UnsafeMutablePointer<Slot> {
        guard let raw = vm_map_zeroed(capacity * MemoryLayout<Slot>.stride) else {
            fatalError("out of memory allocating an id table of \(capacity) slots")
        }
        return raw.bindMemory(to: Slot.self, capacity: capacity)
    }

    private static func free(_ slots: UnsafeMutablePointer<Slot>, capacity: Int) {
        vm_unmap(slots, capacity * MemoryLayout<Slot>.stride)
    }
}
