import Testing
import VMCore
import VMTestSupport

struct LIRSOrderTests {
    /// Belady's string with C = 3: Llirs = 2, Lhirs = 1. Resident HIR pages in Q from its front (`in S` when also in
    /// the stack), then LIR pages from the stack's bottom.
    /// - 1 and 2 become LIR; 3 is a resident HIR page on S's top: [3(in S) | 1 2].
    /// - 4 evicts 3 (a non-resident entry stays in S) and enters as HIR: [4(in S) | 1 2]. 1 hits (LIR, to the top):
    ///   [4(in S) | 2 1]. 2 hits: S's bottom is pruned of 3's entry and of 4: [4 | 1 2].
    /// - 5 evicts 4 and enters as HIR: [5(in S) | 1 2]; 1 and 2 hit and prune 5 from S: [5 | 1 2].
    /// - 3, 4 and 5 each evict Q's only page and enter as HIR in S: [5(in S) | 1 2] at the end.
    @Test("Q from its front, then LIR pages from the stack's bottom")
    func beladyString() throws {
        let (texts, _) = try Workbench.explainedOrders("lirs", pages: Workbench.beladyString, frames: 3)
        #expect(texts[3] == "HIR: 3(in S) | LIR: 1 2")
        #expect(texts[4] == "HIR: 4(in S) | LIR: 1 2")
        #expect(texts[5] == "HIR: 4(in S) | LIR: 2 1")
        #expect(texts[6] == "HIR: 4 | LIR: 1 2")
        #expect(texts[8] == "HIR: 5(in S) | LIR: 2 1")
        #expect(texts[9] == "HIR: 5 | LIR: 1 2")
        #expect(texts[12] == "HIR: 5(in S) | LIR: 1 2")
    }
}
