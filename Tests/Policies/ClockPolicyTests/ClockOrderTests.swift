import Testing
import VMCore
import VMTestSupport

struct ClockOrderTests {
    /// Belady's string with 3 frames; bits are set on load, a new page goes just behind the hand.
    /// - After 1 2 3 the hand is on 1: [1 2 3], all r=1. 4 sweeps the whole circle clearing bits, evicts 1; the
    ///   hand moves to 2 and 4 sits behind it: [2 3 4(r=1)].
    /// - 1 evicts 2 (clear) → [3 4 1]; 2 evicts 3 → [4 1 2], all r=1; 5 clears 4, 1, 2 and evicts 4 → [1 2 5(r=1)].
    /// - Hits set the bits of 1 and 2; 3 clears 1, 2, 5 and evicts 1 → [2 5 3(r=1)]; 4 evicts 2 → [5 3 4]; 5 hits.
    @Test("From the hand, r=1 on referenced pages")
    func beladyString() throws {
        let (texts, records) = try Workbench.explainedOrders("clock", pages: Workbench.beladyString, frames: 3)
        for record in records { #expect(record.hand == record.resident.first?.frame) }
        #expect(texts[3] == "1(r=1) 2(r=1) 3(r=1)")
        #expect(texts[4] == "2 3 4(r=1)")
        #expect(texts[6] == "4(r=1) 1(r=1) 2(r=1)")
        #expect(texts[7] == "1 2 5(r=1)")
        #expect(texts[9] == "1(r=1) 2(r=1) 5(r=1)")
        #expect(texts[10] == "2 5 3(r=1)")
        #expect(texts[12] == "5(r=1) 3(r=1) 4(r=1)")
        #expect(records[6].evictions.map(\.page) == [4])
    }
}
