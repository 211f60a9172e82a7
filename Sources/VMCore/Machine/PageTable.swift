import CVMSupport

/// A sparse radix page table (x86-64 style: `levels` tables of `1 << bitsPerLevel` entries).
///
/// Tables are allocated on first touch from one pool, so memory grows with the pages a process touches, never
/// with the width of its address space. Entry indices into the pool are stable for the table's life (the machine
/// keeps them as reverse-map pointers from frames to entries). Lookup walks `levels` tables: O(levels).
public final class PageTable {
    /// Pool of all tables, `entriesPerTable` entries each. Table 0 is the root. Interior entries hold the index of
    /// a child table (never 0, the root); leaf entries hold ``PageTableEntry`` bits.
    @usableFromInline var pool: UnsafeMutablePointer<UInt64>
    @usableFromInline var tableCapacity: Int
    /// Tables in use (the root included).
    public private(set) var tableCount: Int = 1
    public let levels: Int
    public let bitsPerLevel: Int
    @usableFromInline let indexMask: UInt64
    /// Number of page-table pages in use per level, root first (what a walk may touch).
    public private(set) var tablesPerLevel: [Int]

    public init(layout: AddressLayout) {
        levels = layout.pageTableLevels
        bitsPerLevel = layout.bitsPerLevel
        indexMask = (1 << UInt64(layout.bitsPerLevel)) - 1
        tableCapacity = 8
        pool = Self.allocatePool(entries: tableCapacity << layout.bitsPerLevel)
        tablesPerLevel = [1] + Array(repeating: 0, count: layout.pageTableLevels - 1)
    }

    deinit { vm_free_large(pool) }

    /// Zeroed storage for `entries` entries; large pools are backed by huge pages where the system allows.
    private static func allocatePool(entries: Int) -> UnsafeMutablePointer<UInt64> {
        guard let raw = vm_allocate_large(entries * MemoryLayout<UInt64>.stride) else {
            fatalError("out of memory allocating a page table of \(entries) entries")
        }
        return raw.bindMemory(to: UInt64.self, capacity: entries)
    }

    /// Pool index of the leaf entry for `page`, or -1 when a table on the way is missing.
    @inlinable
    public func existingEntryIndex(ofPage page: UInt64) -> Int {
        var table = 0
        var level = levels - 1
        while level > 0 {
            let slot = Int(truncatingIfNeeded: (page >> UInt64(level * bitsPerLevel)) & indexMask)
            let child = pool[table << bitsPerLevel | slot]
            if child == 0 { return -1 }
            table = Int(truncatingIfNeeded: child)
            level -= 1
        }
        return table << bitsPerLevel | Int(truncatingIfNeeded: page & indexMask)
    }

    /// Pool index of the leaf entry for `page`, creating the tables on the way.
    public func entryIndex(ofPage page: UInt64) -> Int {
        var table = 0
        var level = levels - 1
        while level > 0 {
            let slot = Int(truncatingIfNeeded: (page >> UInt64(level * bitsPerLevel)) & indexMask)
            var child = pool[table << bitsPerLevel | slot]
            if child == 0 {
                child = UInt64(newTable(atLevel: levels - level))
                pool[table << bitsPerLevel | slot] = child
            }
            table = Int(truncatingIfNeeded: child)
            level -= 1
        }
        return table << bitsPerLevel | Int(truncatingIfNeeded: page & indexMask)
    }

    /// The entry at a pool index.
    @inlinable
    public subscript(entryIndex index: Int) -> PageTableEntry {
        get { PageTableEntry(raw: pool[index]) }
        set { pool[index] = newValue.raw }
    }

    /// The entry for `page`; untouched (zero) when its table does not exist.
    public func entry(ofPage page: UInt64) -> PageTableEntry {
        let index = existingEntryIndex(ofPage: page)
        return index < 0 ? PageTableEntry(raw: 0) : PageTableEntry(raw: pool[index])
    }

    /// Calls `body` for every touched page in ascending page order with its pool index and entry.
    public func forEachTouchedPage(_ body: (_ page: UInt64, _ entryIndex: Int, _ entry: PageTableEntry) -> Void) {
        walk(table: 0, level: levels - 1, prefix: 0, body)
    }

    private func walk(
        table: Int,
        level: Int,
        prefix: UInt64,
        _ body: (UInt64, Int, PageTableEntry) -> Void
    ) {
        let entries = 1 << bitsPerLevel
        for slot in 0..<entries {
            let value = pool[table << bitsPerLevel | slot]
            if value == 0 { continue }
            let page = prefix << UInt64(bitsPerLevel) | UInt64(slot)
            if level == 0 {
                body(page, table << bitsPerLevel | slot, PageTableEntry(raw: value))
            } else {
                walk(table: Int(truncatingIfNeeded: value), level: level - 1, prefix: page, body)
            }
        }
    }

    /// Bytes of page-table memory in use.
    public var bytesInUse: Int { tableCount << bitsPerLevel * MemoryLayout<UInt64>.stride }

    private func newTable(atLevel depth: Int) -> Int {
        if tableCount == tableCapacity {
            let newCapacity = tableCapacity * 2
            let newPool = Self.allocatePool(entries: newCapacity << bitsPerLevel)
            newPool.update(from: pool, count: tableCapacity << bitsPerLevel)
            vm_free_large(pool)
            pool = newPool
            tableCapacity = newCapacity
        }
        let index = tableCount
        tableCount += 1
        tablesPerLevel[depth] += 1
        return index
    }
}
