import Testing
import VMCore
import VMTestSupport
import WSClockPolicy

struct WSClockTests {
    /// The seeded 300-reference string of the golden tests, every third reference a write.
    static let pages = Workbench.randomPages(count: 300, distinct: 15, seed: 21)
    static let kinds: [AccessKind] = (0..<300).map { $0 % 3 == 0 ? .write : .read }

    static func faults(_ policy: String, frames: Int, writes: Bool) throws -> Int {
        try Workbench.run(policy, pages: pages, frames: frames, kinds: writes ? kinds : nil).totals.faults
    }

    @Test("Referenced pages get their time refreshed; an old clean page goes before an old dirty one met earlier")
    func sweep() {
        let policy = WSClock(frames: 3, tau: 1)
        policy.inserted(frame: 0, reference: PageReference(time: 0, page: 1, kind: .write))
        policy.inserted(frame: 1, reference: PageReference(time: 1, page: 2, kind: .write))
        policy.inserted(frame: 2, reference: PageReference(time: 2, page: 3))
        // All referenced: the sweep clears them and stamps time 3; nothing is old, the first met (0) goes.
        #expect(policy.evict(for: PageReference(time: 3, page: 4)) == 0)
        policy.inserted(frame: 0, reference: PageReference(time: 3, page: 4))
        // Hand at 1: old but dirty, passed over; 2: old and clean, evicted.
        #expect(policy.evict(for: PageReference(time: 10, page: 5)) == 2)
        policy.inserted(frame: 2, reference: PageReference(time: 10, page: 5, kind: .write))
        // Hand at 0 (referenced since load), 1 (old, dirty), 2 (referenced): no old clean page, so the first old
        // dirty page passed goes.
        #expect(policy.evict(for: PageReference(time: 20, page: 6)) == 1)
        // 0 and 2 were both stamped at 20: at 21 neither is old; the oldest, first met (0), goes.
        #expect(policy.evict(for: PageReference(time: 21, page: 7)) == 0)
    }

    @Test("Hand-worked: with a large window nothing is old and it acts as clock: 1 2 3 4 1 2 in 3 frames, 6 faults")
    func handWorked() throws {
        #expect(try Workbench.faults("wsclock:tau=1000", pages: [1, 2, 3, 4, 1, 2], frames: 3) == 6)
        // 1 2 1 3 1 in 2 frames, tau = 0: at 3 both pages carry R (2 from its load), so the sweep stamps both and
        // the first met (1) goes, whatever the window: 4 faults.
        #expect(try Workbench.faults("wsclock:tau=0", pages: [1, 2, 1, 3, 1], frames: 2) == 4)
    }

    @Test("Golden faults on the Belady string at 1...6 frames")
    func goldenBelady() throws {
        for policy in ["wsclock", "wsclock:tau=2", "wsclock:tau=0"] {
            let faults = try (1...6).map { try Workbench.faults(policy, pages: Workbench.beladyString, frames: $0) }
            #expect(faults == [12, 12, 9, 10, 5, 5], "\(policy)")
        }
    }

    @Test("Golden faults on a seeded 300-reference string, reads only and with writes (list-based model)")
    func goldenSeeded() throws {
        #expect(Array(Self.pages.prefix(10)) == [2, 1, 1, 1, 2, 8, 1, 1, 2, 8])
        let sizes = [1, 2, 3, 4, 6, 8]
        let expected: [(String, reads: [Int], writes: [Int])] = [
            ("wsclock", [251, 201, 160, 126, 73, 51], [251, 201, 160, 126, 73, 51]),
            ("wsclock:tau=10", [251, 201, 160, 126, 75, 52], [251, 201, 160, 126, 75, 51]),
            ("wsclock:tau=3", [251, 201, 160, 129, 75, 49], [251, 201, 160, 128, 71, 47]),
        ]
        for (policy, reads, writes) in expected {
            #expect(try sizes.map { try Self.faults(policy, frames: $0, writes: false) } == reads, "\(policy)")
            #expect(try sizes.map { try Self.faults(policy, frames: $0, writes: true) } == writes, "\(policy)")
        }
    }

    @Test("A negative window is refused")
    func parameters() {
        #expect(throws: VMError.self) { try Workbench.machine(policy: "wsclock:tau=-1", frames: 2) }
    }
}
