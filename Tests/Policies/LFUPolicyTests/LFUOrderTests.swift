import Testing
import VMCore
import VMTestSupport

struct LFUOrderTests {
    /// Belady's string with 3 frames. Every page is loaded at n=1 and the frequency-1 bucket is FIFO, so up to 5 it
    /// behaves as FIFO: [1 2 5]. The hit on 1 lifts it to n=2 ([2 5 | 1]), then 2 ([5 | 1 2], in the order they
    /// reached 2). 3, 4 and 5 each evict the only n=1 page: [3 1 2], [4 1 2], [5 1 2].
    @Test("Lowest frequency first, then least recent")
    func beladyString() throws {
        let (texts, _) = try Workbench.explainedOrders("lfu", pages: Workbench.beladyString, frames: 3)
        #expect(texts[3] == "1(n=1) 2(n=1) 3(n=1)")
        #expect(texts[7] == "1(n=1) 2(n=1) 5(n=1)")
        #expect(texts[8] == "2(n=1) 5(n=1) 1(n=2)")
        #expect(texts[9] == "5(n=1) 1(n=2) 2(n=2)")
        #expect(texts[10] == "3(n=1) 1(n=2) 2(n=2)")
        #expect(texts[12] == "5(n=1) 1(n=2) 2(n=2)")
    }
}
