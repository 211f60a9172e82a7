import Testing
import VMCore
import VMTestSupport

struct FIFOOrderTests {
    /// Belady's string with 3 frames: 4 evicts 1 ([2 3 4]), 1 evicts 2, 2 evicts 3, 5 evicts 4 ([1 2 5]); the hits
    /// on 1 and 2 change nothing; 3 evicts 1 ([2 5 3]), 4 evicts 2 ([5 3 4]); 5 hits. The queue is also the load
    /// order.
    @Test("Oldest first, and the load order is the same list")
    func beladyString() throws {
        var texts: [Int: String] = [:]
        try Workbench.explain("fifo", pages: Workbench.beladyString, frames: 3) { record, machine in
            texts[record.time] = Workbench.orderText(record)
            #expect(record.orderMeaning == "oldest first")
            #expect(Workbench.loadOrderPages(machine) == record.resident.map(\.page))
        }
        #expect(texts[3] == "1 2 3")
        #expect(texts[4] == "2 3 4")
        #expect(texts[7] == "1 2 5")
        #expect(texts[9] == "1 2 5")
        #expect(texts[10] == "2 5 3")
        #expect(texts[12] == "5 3 4")
    }
}
