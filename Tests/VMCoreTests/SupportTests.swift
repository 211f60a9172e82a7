import Testing
import VMCore

struct FreeMapTests {
    @Test("Lowest free index, with frees below the hint and a full map")
    func lowestFree() {
        let map = FreeMap(count: 130)
        for index in 0..<130 {
            #expect(map.lowestFree() == index)
            map.markUsed(index)
        }
        #expect(map.lowestFree() == nil)
        map.markFree(129)
        map.markFree(64)
        #expect(map.lowestFree() == 64)
        #expect(map.lowestFree(from: 65) == 129)
        map.markUsed(64)
        #expect(map.lowestFree() == 129)
        #expect(map.freeCount == 1)
    }

    @Test("A growable map never fills")
    func growable() {
        let map = FreeMap(count: 0, growable: true)
        for index in 0..<200 {
            let free = map.lowestFree()
            #expect(free == index)
            map.markUsed(index)
        }
        map.markFree(3)
        #expect(map.lowestFree() == 3)
        #expect(map.count == 200)
        #expect(map.freeCount == 1)
    }
}

struct PageTableTests {
    @Test("Sparse: far-apart pages allocate one path each, not the whole address space")
    func sparse() {
        let table = PageTable(layout: .x86_64, compactPages: 0)
        #expect(table.levels == 4)
        let low = table.entryIndex(ofPage: 1)
        let high = table.entryIndex(ofPage: (1 << 35) - 1)
        table[entryIndex: low] = .resident(frame: 5, dirty: false, swapCopy: nil)
        table[entryIndex: high] = .swapped(to: SwapSlot(device: 1, index: 9))
        #expect(table.tableCount == 7)
        #expect(table.tablesPerLevel == [1, 2, 2, 2])
        var seen: [(UInt64, PageTableEntry)] = []
        table.forEachTouchedPage { page, _, entry in seen.append((page, entry)) }
        #expect(seen.map(\.0) == [1, (1 << 35) - 1])
        #expect(seen[0].1.frame == 5)
        #expect(seen[1].1.swapSlot == SwapSlot(device: 1, index: 9))
        #expect(table.entry(ofPage: 2).isUntouched)
        #expect(table.existingEntryIndex(ofPage: 1 << 20) == -1)
    }

    @Test("Few pages stay compact (no radix tables); the page past the limit converts once, keeping every entry")
    func compact() {
        let table = PageTable(layout: .x86_64)
        #expect(table.isCompact && table.tableCount == 0 && table.bytesInUse == 16)
        let pages: [UInt64] = [(1 << 35) - 1, 7, 1 << 20, 0, 3, 1 << 30, 42, 9] + (100..<108)
        #expect(pages.count == PageTable.compactPageLimit)
        for (frame, page) in pages.enumerated() {
            table[entryIndex: table.entryIndex(ofPage: page)] = .resident(frame: frame, dirty: false, swapCopy: nil)
        }
        #expect(table.isCompact && table.tableCount == 0 && table.relocations == 0)
        #expect(table.bytesInUse == 2 * PageTable.compactPageLimit * 8)
        #expect(table.entryIndex(ofPage: 42) == 6, "a page already there keeps its index")
        #expect(table.existingEntryIndex(ofPage: 8) == -1 && table.entry(ofPage: 8).isUntouched)
        var order: [UInt64] = []
        table.forEachTouchedPage { page, _, _ in order.append(page) }
        #expect(order == pages.sorted(), "ascending page order, as in radix form")
        table[entryIndex: table.entryIndex(ofPage: 1 << 25)] = .swapped(to: SwapSlot(device: 0, index: 3))
        #expect(!table.isCompact && table.relocations == 1 && table.tableCount > 0)
        for (frame, page) in pages.enumerated() { #expect(table.entry(ofPage: page).frame == frame) }
        #expect(table.entry(ofPage: 1 << 25).swapSlot == SwapSlot(device: 0, index: 3))
        var count = 0
        table.forEachTouchedPage { _, index, entry in
            count += 1
            #expect(table[entryIndex: index] == entry)
        }
        #expect(count == PageTable.compactPageLimit + 1)
    }

    @Test("A pool that grows past 2 MiB and on (copied once, then its pages moved) keeps every entry")
    func growingPool() {
        let table = PageTable(layout: .x86_64, compactPages: 0)
        // One leaf table per page: 3,000 leaves take the pool from 1 table through 512 (2 MiB) to 4,096 tables.
        let pages = (0..<3_000).map { UInt64($0) << 9 | UInt64($0 % 512) }
        for (frame, page) in pages.enumerated() {
            let index = table.entryIndex(ofPage: page)
            #expect(table[entryIndex: index].isUntouched, "a new entry reads as zero")
            table[entryIndex: index] = .resident(frame: frame, dirty: frame % 3 == 0, swapCopy: nil)
        }
        #expect(table.tableCount > 3_000 && table.bytesInUse == table.tableCount * 4_096)
        for (frame, page) in pages.enumerated() {
            #expect(table.entry(ofPage: page).frame == frame)
            #expect(table.entry(ofPage: page).isDirty == (frame % 3 == 0))
            #expect(table.entry(ofPage: page ^ 1).isUntouched)
        }
        var seen = 0
        table.forEachTouchedPage { _, _, _ in seen += 1 }
        #expect(seen == pages.count)
    }

    @Test("Entries pack frame, slot, device and flags without overlap")
    func entryPacking() {
        let slot = SwapSlot(device: 15, index: PageTableEntry.maxSlot)
        let entry = PageTableEntry.resident(frame: PageTableEntry.maxFrame, dirty: false, swapCopy: slot)
        #expect(entry.isPresent && !entry.isDirty && entry.hasSwapCopy)
        #expect(entry.frame == PageTableEntry.maxFrame)
        #expect(entry.swapSlot == slot)
    }
}

struct PolicySpecificationTests {
    @Test("NAME:key=value,key=value parses; malformed parts are named")
    func parsing() throws {
        let specification = try PolicySpecification(parsing: "random:seed=7")
        #expect(specification.name == "random")
        #expect(specification.arguments == [.init(key: "seed", value: "7")])
        #expect(specification.description == "random:seed=7")
        #expect(throws: VMError.self) { try PolicySpecification(parsing: ":seed=1") }
        #expect(throws: VMError.self) { try PolicySpecification(parsing: "random:seed") }
        #expect(throws: VMError.self) { try PolicySpecification(parsing: "random:seed=1,seed=2") }
    }
}
