import NRUPolicy
import Testing
import VMCore
import VMTestSupport

struct NRUTests {
    /// The seeded 300-reference string of the golden tests, every third reference a write.
    static let pages = Workbench.randomPages(count: 300, distinct: 15, seed: 21)
    static let kinds: [AccessKind] = (0..<300).map { $0 % 3 == 0 ? .write : .read }

    static func faults(_ policy: String, frames: Int, writes: Bool) throws -> Int {
        try Workbench.run(policy, pages: pages, frames: frames, kinds: writes ? kinds : nil).totals.faults
    }

    @Test("Classes are 2·R + M: loads and hits set R, writes set M, a tick clears R")
    func classes() {
        let policy = NRU(frames: 3, interval: 2, seed: 1)
        policy.inserted(frame: 0, reference: PageReference(time: 0, page: 1, kind: .write))
        policy.inserted(frame: 1, reference: PageReference(time: 1, page: 2))
        #expect(policy.pageClass(ofFrame: 0) == 3 && policy.pageClass(ofFrame: 1) == 2)
        policy.accessed(frame: 1, reference: PageReference(time: 2, page: 2))  // tick first: 0 → 1, 1 → 0; then R
        #expect(policy.pageClass(ofFrame: 0) == 1 && policy.pageClass(ofFrame: 1) == 2)
        // Lowest non-empty class is 1: frame 0 goes, whatever the seed.
        #expect(policy.evict(for: PageReference(time: 3, page: 3)) == 0)
        #expect(policy.pageClass(ofFrame: 0) == nil)
        policy.accessed(frame: 1, reference: PageReference(time: 3, page: 2, kind: .write))
        #expect(policy.pageClass(ofFrame: 1) == 3)
    }

    @Test("The victim is drawn at random within the lowest class; the seed decides which")
    func randomWithinClass() {
        func victims(seed: UInt64) -> [Int] {
            let policy = NRU(frames: 16, interval: 1000, seed: seed)
            for frame in 0..<16 { policy.inserted(frame: frame, reference: PageReference(time: frame, page: 0)) }
            policy.accessed(frame: 3, reference: PageReference(time: 16, page: 0, kind: .write))  // class 3
            return (0..<16).map { _ in policy.evict(for: PageReference(time: 17, page: 9)) }
        }
        #expect(victims(seed: 4) == victims(seed: 4))
        #expect(victims(seed: 4) != victims(seed: 5))
        #expect(victims(seed: 4).last == 3)  // the only modified page leaves last
        #expect(victims(seed: 4).prefix(15).sorted() == [0, 1, 2] + Array(4..<16))
        #expect(victims(seed: 4).prefix(15) != [0, 1, 2] + Array(4..<16))  // not in frame order
    }

    @Test("Hand-worked: 1(W) 2 3 1 in 2 frames faults 3 times: 3 evicts the clean page 2 (LRU evicts 1: 4 faults)")
    func handWorked() throws {
        let pages: [UInt64] = [1, 2, 3, 1]
        let kinds: [AccessKind] = [.write, .read, .read, .read]
        #expect(try Workbench.run("nru:interval=1000", pages: pages, frames: 2, kinds: kinds).totals.faults == 3)
        #expect(try Workbench.run("lru", pages: pages, frames: 2, kinds: kinds).totals.faults == 4)
    }

    @Test("Golden faults on the Belady string at 1...6 frames (seed 1)")
    func goldenBelady() throws {
        let defaults = try (1...6).map { try Workbench.faults("nru", pages: Workbench.beladyString, frames: $0) }
        #expect(defaults == [12, 10, 10, 7, 5, 5])
        let two = try (1...6).map {
            try Workbench.faults("nru:interval=2", pages: Workbench.beladyString, frames: $0)
        }
        #expect(two == [12, 11, 10, 6, 5, 5])
        let otherSeed = try (1...6).map {
            try Workbench.faults("nru:interval=2,seed=5", pages: Workbench.beladyString, frames: $0)
        }
        #expect(otherSeed == [12, 11, 9, 6, 5, 5])
    }

    @Test("Golden faults on a seeded 300-reference string, reads only and with writes (list-based model)")
    func goldenSeeded() throws {
        #expect(Array(Self.pages.prefix(10)) == [2, 1, 1, 1, 2, 8, 1, 1, 2, 8])
        let sizes = [1, 2, 3, 4, 6, 8]
        #expect(try sizes.map { try Self.faults("nru", frames: $0, writes: false) } == [251, 202, 168, 124, 85, 65])
        #expect(try sizes.map { try Self.faults("nru", frames: $0, writes: true) } == [251, 197, 155, 108, 83, 55])
        let expected: [UInt64: [Int]] = [
            1: [251, 196, 145, 107, 71, 63], 2: [251, 196, 143, 114, 70, 51], 3: [251, 198, 141, 111, 84, 51],
        ]
        for (seed, faults) in expected {
            let actual = try sizes.map { try Self.faults("nru:interval=4,seed=\(seed)", frames: $0, writes: true) }
            #expect(actual == faults, "seed \(seed)")
        }
    }

    @Test("An interval below 1 is refused")
    func parameters() {
        #expect(throws: VMError.self) { try Workbench.machine(policy: "nru:interval=0", frames: 2) }
    }
}
