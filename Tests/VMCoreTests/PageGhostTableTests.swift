import Testing
import VMCore

/// `PageGhostTable` is non-copyable, so results are bound to locals before `#expect` sees them.
struct PageGhostTableTests {
    @Test("Insert, find and remove keyed by (process, page); slots are reused")
    func basics() {
        var table = PageGhostTable(capacity: 4)
        let first = table.insert(page: 7, process: 0)
        let second = table.insert(page: 7, process: 1)
        #expect(first != second)
        let found = [
            table.slot(page: 7, process: 0), table.slot(page: 7, process: 1), table.slot(page: 7, process: 2),
            table.slot(of: PageReference(time: 0, page: 7, process: 1)),
        ]
        #expect(found == [first, second, nil, second])
        let stored = (table.page(at: second), table.process(at: second))
        #expect(stored == (7, 1))
        table.remove(slot: first)
        let afterRemoval = (table.slot(page: 7, process: 0), table.isOccupied(first), table.count)
        #expect(afterRemoval == (nil, false, 1))
        let reused = table.insert(page: 9, process: 0)
        #expect(reused == first)
        _ = table.insert(page: UInt64.max, process: 3)
        _ = table.insert(page: 0, process: 0)
        let full = (table.isFull, table.slot(page: UInt64.max, process: 3) != nil)
        #expect(full == (true, true))
    }

    @Test("A capacity of zero holds nothing and finds nothing")
    func empty() throws {
        let table = PageGhostTable(capacity: 0)
        let state = (table.isFull, table.slot(page: 1, process: 0))
        #expect(state == (true, nil))
        try table.checkInvariants(name: "empty")
    }

    @Test("Random churn agrees with a dictionary and keeps probe runs intact (backward-shift deletion)")
    func churn() throws {
        var table = PageGhostTable(capacity: 64)
        var model: [UInt64: Int] = [:]
        var generator = SplitMix64(seed: 5)
        for step in 0..<20_000 {
            // Few distinct keys for the capacity: long probe runs and many deletions inside them.
            let page = UInt64(generator.next(below: 150))
            let found = table.slot(page: page, process: 0)
            #expect(found == model[page])
            if let slot = model[page] {
                table.remove(slot: slot)
                model[page] = nil
            } else if !table.isFull {
                model[page] = table.insert(page: page, process: 0)
            }
            if step % 997 == 0 { try table.checkInvariants(name: "churn") }
        }
        let count = table.count
        #expect(count == model.count)
        for (page, slot) in model {
            let found = table.slot(page: page, process: 0)
            #expect(found == slot)
        }
        try table.checkInvariants(name: "churn")
    }
}
