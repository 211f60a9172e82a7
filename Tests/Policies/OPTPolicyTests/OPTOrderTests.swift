import Testing
import VMCore
import VMTestSupport

struct OPTOrderTests {
    /// Belady's string with 3 frames (frames 0, 1, 2 take 1, 2, 3). Next uses are 1-based access numbers.
    /// - After 3: 3 next at 10, 2 at 6, 1 at 5. 4 evicts 3 (farthest): [4(11) 2(6) 1(5)].
    /// - Hits on 1 (next 8) and 2 (next 9): [4(11) 2(9) 1(8)]; 5 evicts 4: [5(12) 2(9) 1(8)].
    /// - Hits on 1 and 2 leave them with no next use; ties go to the lowest frame: [1 2 5(12)].
    /// - 3 evicts 1 (frame 0, the lowest of the never-used pages) and takes frame 0: [3 2 5(12)]; the load order
    ///   is then 2 (frame 1, loaded at 2), 5 (frame 2, at 7), 3 (frame 0, at 10).
    @Test("Farthest next use first, with the load order")
    func beladyString() throws {
        var texts: [Int: String] = [:]
        var loads: [Int: [UInt64]] = [:]
        try Workbench.explain("opt", pages: Workbench.beladyString, frames: 3) { record, machine in
            texts[record.time] = Workbench.orderText(record)
            loads[record.time] = Workbench.loadOrderPages(machine)
        }
        #expect(texts[3] == "3(next=10) 2(next=6) 1(next=5)")
        #expect(texts[4] == "4(next=11) 2(next=6) 1(next=5)")
        #expect(texts[6] == "4(next=11) 2(next=9) 1(next=8)")
        #expect(texts[7] == "5(next=12) 2(next=9) 1(next=8)")
        #expect(texts[9] == "1(next=never) 2(next=never) 5(next=12)")
        #expect(texts[10] == "3(next=never) 2(next=never) 5(next=12)")
        #expect(texts[12] == "4(next=never) 2(next=never) 5(next=never)")
        #expect(loads[4] == [1, 2, 4])
        #expect(loads[7] == [1, 2, 5])
        #expect(loads[10] == [2, 5, 3])
        #expect(loads[11] == [2, 5, 4])
    }
}
