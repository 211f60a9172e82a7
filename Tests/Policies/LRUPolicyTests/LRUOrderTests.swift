import Testing
import VMCore
import VMTestSupport

struct LRUOrderTests {
    /// Belady's string with 3 frames, least recent first: [1 2 3]; 4 evicts 1 → [2 3 4]; 1 evicts 2 → [3 4 1];
    /// 2 evicts 3 → [4 1 2]; 5 evicts 4 → [1 2 5]; hits on 1 then 2 → [5 1 2]; 3 evicts 5 → [1 2 3]; 4 evicts 1 →
    /// [2 3 4]; 5 evicts 2 → [3 4 5] (10 faults). OSTEP's LRU list is this order, so no load order is given.
    @Test("Least recent first, the next victim first")
    func beladyString() throws {
        var texts: [Int: String] = [:]
        let records = try Workbench.explain("lru", pages: Workbench.beladyString, frames: 3) { record, machine in
            texts[record.time] = Workbench.orderText(record)
            #expect(record.orderMeaning == "least recent first")
            #expect(Workbench.loadOrderPages(machine) == nil)
        }
        #expect(texts[7] == "1 2 5")
        #expect(texts[8] == "2 5 1")
        #expect(texts[9] == "5 1 2")
        #expect(texts[10] == "1 2 3")
        #expect(texts[12] == "3 4 5")
        #expect(records[9].evictions.map(\.page) == [5])
    }
}
