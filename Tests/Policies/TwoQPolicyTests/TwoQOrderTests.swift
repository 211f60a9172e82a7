import Testing
import VMCore
import VMTestSupport

struct TwoQOrderTests {
    /// Belady's string with C = 4: Kin = 1, Kout = 2. A1in oldest first, Am least recent first; the list the next
    /// eviction takes from comes first (A1in while it holds more than Kin).
    /// - 1 2 3 4 fill A1in; the hits on 1 and 2 change nothing. 5 evicts 1 (ghost in A1out): A1in [2 3 4 5].
    /// - 1 is a ghost: 2 leaves A1in (ghost), 1 enters Am. 2 likewise (3 leaves): A1in [4 5], Am [1 2].
    /// - 3 is a ghost: 4 leaves, 3 enters Am: A1in [5] (= Kin), so Am is evicted from next: Am [1 2 3] first.
    /// - 4 is a ghost: Am's LRU page 1 leaves, 4 enters Am: [2 3 4 | 5]; 5 hits in A1in.
    @Test("A1in oldest first and Am least recent first, the list evicted from first")
    func beladyString() throws {
        let (texts, records) = try Workbench.explainedOrders("2q", pages: Workbench.beladyString, frames: 4)
        #expect(texts[6] == "A1in: 1 2 3 4")
        #expect(texts[7] == "A1in: 2 3 4 5")
        #expect(texts[9] == "A1in: 4 5 | Am: 1 2")
        #expect(texts[10] == "Am: 1 2 3 | A1in: 5")
        #expect(texts[12] == "Am: 2 3 4 | A1in: 5")
        #expect(records[10].evictions.map(\.page) == [1])
    }
}
