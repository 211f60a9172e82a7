import Testing
import VMCore
import VMTestSupport

struct ARCOrderTests {
    /// Belady's string with C = 3, p = 0. Lists are least recent first; the list a new page would evict from comes
    /// first.
    /// - 1 2 3 fill T1. 4, 1, 2 and 5 each find |T1| + |B1| = C with B1 empty, so T1's LRU page leaves without a
    ///   ghost: T1 = [1 2 5] after 5, still listed first (that rule takes from T1).
    /// - Hits move 1 then 2 to T2: T1 [5], T2 [1 2]; |T1| = 1 > p, so T1 first.
    /// - 3 evicts 5 into B1, 4 evicts 3 into B1: T1 [4], T2 [1 2], B1 [3 5].
    /// - 5 is a B1 ghost: p grows to 1, REPLACE takes T2's LRU page 1 (|T1| = 1 is not > p), 5 enters T2:
    ///   T2 [2 5], T1 [4]; now |T1| = p, so a new page would evict from T2, listed first.
    @Test("T1 and T2 least recent first, the list evicted from first")
    func beladyString() throws {
        let (texts, records) = try Workbench.explainedOrders("arc", pages: Workbench.beladyString, frames: 3)
        #expect(texts[3] == "T1: 1 2 3")
        #expect(texts[7] == "T1: 1 2 5")
        #expect(texts[9] == "T1: 5 | T2: 1 2")
        #expect(texts[11] == "T1: 4 | T2: 1 2")
        #expect(texts[12] == "T2: 2 5 | T1: 4")
        #expect(records[11].evictions.map(\.page) == [1])
    }
}
