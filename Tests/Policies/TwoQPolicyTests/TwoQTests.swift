import Testing
import TwoQPolicy
import VMCore
import VMTestSupport

struct TwoQTests {
    static func reference(_ time: Int, _ page: UInt64) -> PageReference { PageReference(time: time, page: page) }

    @Test("Sizes follow libCacheSim: Kin = ⌊C/4⌋, Kout = ⌊C/2⌋")
    func sizes() {
        #expect(TwoQ(frames: 1).inQuota == 0)
        #expect(TwoQ(frames: 1).outCapacity == 0)
        #expect(TwoQ(frames: 3).outCapacity == 1)
        #expect(TwoQ(frames: 8).inQuota == 2)
        #expect(TwoQ(frames: 8).outCapacity == 4)
    }

    @Test("A1in is FIFO and overflows into the ghost A1out; a ghost hit enters Am, whose LRU page goes next")
    func mechanics() {
        let twoQ = TwoQ(frames: 4)  // Kin 1, Kout 2
        for frame in 0..<4 { twoQ.inserted(frame: frame, reference: Self.reference(frame, UInt64(10 + frame))) }
        twoQ.accessed(frame: 0, reference: Self.reference(4, 10))  // a hit in A1in changes nothing
        #expect(twoQ.evict(for: Self.reference(5, 20)) == 0)  // A1in holds 4 > 1: its oldest (page 10) leaves
        twoQ.inserted(frame: 0, reference: Self.reference(5, 20))
        #expect(twoQ.evict(for: Self.reference(6, 10)) == 1)  // page 11 leaves; page 10 was a ghost
        twoQ.inserted(frame: 1, reference: Self.reference(6, 10))
        #expect(twoQ.sizes == (a1in: 3, am: 1, a1out: 1))
        #expect(twoQ.evict(for: Self.reference(7, 21)) == 2)  // A1in (3) > 1: page 12
        twoQ.inserted(frame: 2, reference: Self.reference(7, 21))
        #expect(twoQ.sizes == (a1in: 3, am: 1, a1out: 2))
        #expect(twoQ.evict(for: Self.reference(8, 22)) == 3)  // page 13; A1out drops its oldest ghost (page 11)
        twoQ.inserted(frame: 3, reference: Self.reference(8, 22))
        #expect(twoQ.sizes == (a1in: 3, am: 1, a1out: 2))
        #expect(twoQ.evict(for: Self.reference(9, 11)) == 0)  // page 11 was forgotten: no promotion
        twoQ.inserted(frame: 0, reference: Self.reference(9, 11))
        #expect(twoQ.sizes == (a1in: 3, am: 1, a1out: 2))
    }

    @Test("Golden faults equal libCacheSim's TwoQ from 4 frames; below, libCacheSim caches nothing and we do")
    func goldenLibCacheSim() throws {
        let belady = try (1...6).map { try Workbench.faults("2q", pages: Workbench.beladyString, frames: $0) }
        #expect(belady == [12, 12, 10, 9, 5, 5])  // libCacheSim: 12, 12, 12, 9, 5, 5
        let sizes = [1, 2, 3, 4, 5, 8, 13, 20, 40]
        let first = Workbench.randomPages(count: 2000, distinct: 60, seed: 7)
        #expect(
            try sizes.map { try Workbench.faults("2q", pages: first, frames: $0, checks: false) }
                == [1920, 1827, 1735, 1628, 1540, 1310, 935, 564, 238])
        let second = Workbench.randomPages(count: 400, distinct: 21, seed: 14)
        #expect(
            try sizes.map { try Workbench.faults("2q", pages: second, frames: $0) }
                == [351, 282, 232, 208, 165, 105, 53, 27, 21])
    }

    @Test("With one frame 2Q is FIFO")
    func oneFrame() throws {
        let pages = Workbench.randomPages(count: 300, distinct: 9, seed: 3)
        #expect(
            try Workbench.faults("2q", pages: pages, frames: 1) == Workbench.faults("fifo", pages: pages, frames: 1))
    }
}
