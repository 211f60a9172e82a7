import Testing
import VMCore
import VMTrace

@Suite("next use")
struct NextUseTests {
    @Test("next use is keyed by pid and page")
    func keyedByProcessAndPage() {
        let accesses = [
            access(1, pid: 1), access(1, pid: 2), access(2, .write, pid: 1), access(1, .fetch, pid: 1),
            access(1, pid: 2), access(2, pid: 1),
        ]
        #expect(computeNextUse(accesses, pageShift: 12) == [3, 4, 5, .max, .max, .max])
    }

    @Test("addresses in the same page share next use")
    func samePage() {
        let accesses = [Access(pid: 1, address: 0x1000, kind: .read), Access(pid: 1, address: 0x1ff8, kind: .read)]
        #expect(computeNextUse(accesses, pageShift: 12) == [1, .max])
        #expect(computeNextUse(accesses, pageShift: 8) == [.max, .max])
        #expect(computeNextUse([], pageShift: 12) == [])
    }

    @Test("many distinct pages grow the table")
    func manyPages() {
        let accesses = (0..<100_000).map { access(UInt64($0 % 50_000) * 3) }
        let nextUse = computeNextUse(accesses, pageShift: 12)
        #expect(nextUse[0] == 50_000)
        #expect(nextUse[49_999] == 99_999)
        #expect(nextUse[50_000] == .max)
    }
}
