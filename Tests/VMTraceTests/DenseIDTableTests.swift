import Testing

@testable import VMTrace

@Suite("dense id table")
struct DenseIDTableTests {
    @Test("Ids follow first appearance through many doublings; all-zero keys and the largest key are ordinary keys")
    func renumbersDensely() {
        var table = DenseIDTable<UInt64>(initialCapacity: 16)
        defer { table.deallocate() }
        // 0 first: its slot's bytes would be all zero if ids were stored as they are.
        var keys: [UInt64] = [0, UInt64.max, 1]
        var state: UInt64 = 0x1234_5678
        for _ in 0..<200_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            keys.append(state)
        }
        for (expected, key) in keys.enumerated() {
            #expect(table.id(for: key) == UInt32(expected))
        }
        #expect(table.count == keys.count)
        for (expected, key) in keys.enumerated().reversed() where expected % 7 == 0 || expected < 3 {
            #expect(table.id(for: key) == UInt32(expected), "a key seen before keeps its id")
        }
        #expect(table.count == keys.count, "looking keys up again adds none")
    }

    @Test("(pid, page) keys: pid 0 page 0 and the same page in two processes are distinct")
    func processPages() {
        var table = DenseIDTable<ProcessPage>(initialCapacity: 16)
        defer { table.deallocate() }
        #expect(table.id(for: ProcessPage(pid: 0, page: 0)) == 0)
        #expect(table.id(for: ProcessPage(pid: 1, page: 0)) == 1)
        for page in 0..<50_000 as Range<UInt64> {
            #expect(table.id(for: ProcessPage(pid: 2, page: page)) == UInt32(page) + 2)
        }
        #expect(table.id(for: ProcessPage(pid: 0, page: 0)) == 0)
        #expect(table.id(for: ProcessPage(pid: 2, page: 49_999)) == 50_001)
        #expect(table.count == 50_002)
    }
}
