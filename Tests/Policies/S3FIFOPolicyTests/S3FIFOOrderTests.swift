import Testing
import VMCore
import VMTestSupport

struct S3FIFOOrderTests {
    /// Belady's string with C = 4: |S| = 1, M's share 3, threshold 1. Queues oldest first, frequencies as n=…, the
    /// queue the next eviction examines first comes first (M when it holds more than its share or S is empty).
    /// - 1 enters S; before any eviction, 2 3 4 find S full and enter M. Hits give 1 and 2 n=1.
    /// - 5: S's tail 1 has n=1, moves to M's head (n=0); M now holds 4 > 3, its tail 2 (n=1) goes back to the head
    ///   with n=0, then 3 (n=0) is evicted. 5 enters S: S [5], M [4 1 2].
    /// - Hits give 1 and 2 n=1 again; 3 evicts S's 5 (n=0, into G) and enters S; 4 hits (n=1).
    /// - 5 is in G: S's 3 is evicted (into G), 5 enters M's head: M [4 1 2 5] holds more than its share, S is
    ///   empty, so M comes first.
    @Test("Small and main oldest first with frequencies, the queue examined first first")
    func beladyString() throws {
        let (texts, records) = try Workbench.explainedOrders("s3-fifo", pages: Workbench.beladyString, frames: 4)
        #expect(texts[4] == "small: 1 | main: 2 3 4")
        #expect(texts[6] == "small: 1(n=1) | main: 2(n=1) 3 4")
        #expect(texts[7] == "small: 5 | main: 4 1 2")
        #expect(texts[10] == "small: 3 | main: 4 1(n=1) 2(n=1)")
        #expect(texts[12] == "main: 4(n=1) 1(n=1) 2(n=1) 5")
        #expect(records[6].evictions.map(\.page) == [3])
    }
}
