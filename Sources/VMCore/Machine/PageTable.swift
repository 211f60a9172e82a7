import CVMSupport

/// A sparse radix page table (x86-64 style: `levels` tables of `1 << bitsPerLevel` entries), with a compact form
/// for processes that touch few pages.
///
/// **Compact form.** A new table holds no radix tables at all: up to ``compactPageLimit`` pages live in two small
/// parallel arrays (page numbers and their entries, doubled as pages are added), found by a linear scan of at most
/// that many keys (two cache lines). A process that touches one page costs 16 bytes of table, not the four 4 KiB
/// tables a radix path needs, so 200,000 single-page processes take megabytes, not gigabytes. The first page past
/// the limit converts the table to the radix form once (O(compactPageLimit · levels)); entry indices change then,
/// and only then (``relocations`` counts it, so the machine can repoint its reverse map).
///
/// **Radix form.** Tables are allocated on first touch from one pool (first sized for one path, `levels` tables,
/// then doubled), so memory grows with the pages a process touches, never with the width of its address space.
/// The pool is fresh kernel memory (`vm_map_zeroed`): never cleared here, and its pages cost memory only once a
/// table on them is used. Doubling grows the mapping (`vm_remap_zeroed`: on Linux the pages move, their bytes are
/// neither copied nor cleared). Lookup walks `levels` tables: O(levels).
///
/// Entry indices into `pool` are stable between relocations (the machine keeps them as reverse-map pointers from
/// frames to entries); the pool's address may change whenever a page is added.
public final class PageTable {
    /// Pages kept in the compact form before the table converts to radix tables.
    public static let compactPageLimit = 16

    /// Entry storage. Radix form: the pool of all tables, `entriesPerTable` entries each; table 0 is the root.
    /// Interior entries hold the index of a child table (never 0, the root); leaf entries hold ``PageTableEntry``
    /// bits. Compact form: entry `i` belongs to page `compactKeys[i]`.
    @exclusivity(unchecked) @usableFromInline var pool: UnsafeMutablePointer<UInt64>
    /// Page numbers of the compact form (right after the entries, in the same allocation); nil in radix form.
    @exclusivity(unchecked) @usableFromInline var compactKeys: UnsafeMutablePointer<UInt64>?
    /// Pages in the compact form.
    @exclusivity(unchecked) @usableFromInline var compactCount = 0
    /// Capacity of the compact arrays (0 in radix form).
    @exclusivity(unchecked) @usableFromInline private(set) var compactCapacity = 0
    private let compactLimit: Int
    @exclusivity(unchecked) @usableFromInline var tableCapacity = 0
    /// Radix tables in use (the root included); 0 in the compact form.
    @exclusivity(unchecked) public private(set) var tableCount: Int = 0
    public let levels: Int
    public let bitsPerLevel: Int
    @usableFromInline let indexMask: UInt64
    /// Times the entries moved to new indices (the conversion from compact to radix form).
    @exclusivity(unchecked) public private(set) var relocations = 0
    @exclusivity(unchecked) private var radixTablesPerLevel: [Int] = []

    /// An empty table in the compact form (no storage until the first page).
    /// - Parameters:
    ///   - layout: the address layout: levels and bits per level of the radix form.
    ///   - compactPages: pages kept in the compact form (default ``compactPageLimit``, at most 64; 0 starts radix).
    public init(layout: AddressLayout, compactPages: Int = PageTable.compactPageLimit) {
        levels = layout.pageTableLevels
        bitsPerLevel = layout.bitsPerLevel
        indexMask = (1 << UInt64(layout.bitsPerLevel)) - 1
        compactLimit = min(max(0, compactPages), 64)
        if compactLimit > 0 {
            compactCapacity = 1
            pool = Self.allocateCompact(capacity: 1)
            compactKeys = pool + 1
        } else {
            pool = Self.allocatePool(tables: 1, bitsPerLevel: bitsPerLevel)
            startRadix(tableCapacity: 1)
        }
    }

    deinit {
        if compactKeys != nil {
            pool.deallocate()
        } else {
            vm_unmap(pool, Self.poolBytes(tables: tableCapacity, bitsPerLevel))
        }
    }

    /// Whether the table is still in the compact form.
    public var isCompact: Bool { compactKeys != nil }

    /// Number of radix page-table pages in use per level, root first (what a walk may touch); zeros in the compact
    /// form.
    public var tablesPerLevel: [Int] {
        radixTablesPerLevel.isEmpty ? Array(repeating: 0, count: levels) : radixTablesPerLevel
    }

    /// Bytes of a pool of `tables` radix tables.
    private static func poolBytes(tables: Int, _ bitsPerLevel: Int) -> Int {
        tables << bitsPerLevel * MemoryLayout<UInt64>.stride
    }

    /// Zeroed storage for `tables` radix tables, straight from the kernel (not cleared again); large pools are
    /// backed by huge pages where the system allows.
    private static func allocatePool(tables: Int, bitsPerLevel: Int) -> UnsafeMutablePointer<UInt64> {
        guard let raw = vm_map_zeroed(poolBytes(tables: tables, bitsPerLevel)) else {
            fatalError("out of memory allocating a page table of \(tables) tables")
        }
        return raw.bindMemory(to: UInt64.self, capacity: tables << bitsPerLevel)
    }

    /// Entries then keys of the compact form, entries zeroed.
    private static func allocateCompact(capacity: Int) -> UnsafeMutablePointer<UInt64> {
        let storage = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * capacity)
        storage.initialize(repeating: 0, count: 2 * capacity)
        return storage
    }

    private func startRadix(tableCapacity capacity: Int) {
        tableCapacity = capacity
        tableCount = 1
        radixTablesPerLevel = [1] + Array(repeating: 0, count: levels - 1)
    }

    /// Index of `page` among the compact keys, or -1.
    @inlinable
    func compactIndex(ofPage page: UInt64) -> Int {
        guard let keys = compactKeys else { return -1 }
        for index in 0..<compactCount where keys[index] == page { return index }
        return -1
    }

    /// Pool index of the leaf entry for `page`, or -1 when a table on the way is missing.
    @inlinable
    public func existingEntryIndex(ofPage page: UInt64) -> Int {
        if compactKeys != nil { return compactIndex(ofPage: page) }
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

    /// Pool index of the leaf entry for `page`, creating the tables on the way (in the compact form: appending the
    /// page, or converting to the radix form when the compact form is full).
    public func entryIndex(ofPage page: UInt64) -> Int {
        if compactKeys != nil {
            let found = compactIndex(ofPage: page)
            if found >= 0 { return found }
            if compactCount < compactLimit { return appendCompact(page) }
            convertToRadix()
        }
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
        guard let keys = compactKeys else {
            walk(table: 0, level: levels - 1, prefix: 0, body)
            return
        }
        let order = (0..<compactCount).sorted { keys[$0] < keys[$1] }
        for index in order where pool[index] != 0 { body(keys[index], index, PageTableEntry(raw: pool[index])) }
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

    /// Bytes of page-table memory in use (in the compact form: its two arrays).
    public var bytesInUse: Int {
        compactKeys != nil
            ? 2 * compactCapacity * MemoryLayout<UInt64>.stride
            : tableCount << bitsPerLevel * MemoryLayout<UInt64>.stride
    }

    /// Appends `page` to the compact form (doubling its arrays when full); returns its entry index.
    private func appendCompact(_ page: UInt64) -> Int {
        if compactCount == compactCapacity {
            let capacity = min(compactLimit, compactCapacity * 2)
            let storage = Self.allocateCompact(capacity: capacity)
            storage.update(from: pool, count: compactCount)
            (storage + capacity).update(from: pool + compactCapacity, count: compactCount)
            pool.deallocate()
            pool = storage
            compactKeys = storage + capacity
            compactCapacity = capacity
        }
        let index = compactCount
        compactKeys![index] = page
        compactCount += 1
        return index
    }

    /// Moves every compact entry into radix tables (new indices: ``relocations`` grows by one).
    private func convertToRadix() {
        guard let keys = compactKeys else { return }
        let compact = pool
        let count = compactCount
        pool = Self.allocatePool(tables: levels, bitsPerLevel: bitsPerLevel)
        compactKeys = nil
        compactCount = 0
        compactCapacity = 0
        startRadix(tableCapacity: levels)
        for index in 0..<count where compact[index] != 0 {
            let entry = entryIndex(ofPage: keys[index])
            pool[entry] = compact[index]
        }
        compact.deallocate()
        relocations += 1
    }

    private func newTable(atLevel depth: Int) -> Int {
        if tableCount == tableCapacity {
            let newCapacity = tableCapacity * 2
            guard
                let raw = vm_remap_zeroed(
                    pool,
                    Self.poolBytes(tables: tableCapacity, bitsPerLevel),
                    Self.poolBytes(tables: newCapacity, bitsPerLevel))
            else {
                fatalError("out of memory growing a page table to \(newCapacity) tables")
            }
            pool = raw.bindMemory(to: UInt64.self, capacity: newCapacity << bitsPerLevel)
            tableCapacity = newCapacity
        }
        let index = tableCount
        tableCount += 1
        radixTablesPerLevel[depth] += 1
        return index
    }
}
