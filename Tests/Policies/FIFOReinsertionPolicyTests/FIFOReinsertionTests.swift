import FIFOReinsertionPolicy
import Testing
import VMCore
import VMTestSupport

struct FIFOReinsertionTests {
    @Test("The bit is clear on load: an unreferenced page leaves first, a hit page is reinserted at the newest end")
    func mechanics() {
        let policy = FIFOReinsertion(frames: 3)
        for frame in 0..<3 { policy.inserted(frame: frame, reference: PageReference(time: frame, page: 0)) }
        policy.accessed(frame: 0, reference: PageReference(time: 3, page: 0))
        // 0 (bit set) moves behind 2 with its bit cleared; 1 (clear) goes.
        #expect(policy.evict(for: PageReference(time: 4, page: 9)) == 1)
        policy.inserted(frame: 1, reference: PageReference(time: 4, page: 9))
        // Queue is now 2, 0, 1, all clear: strict FIFO order from here.
        #expect(policy.evict(for: PageReference(time: 5, page: 9)) == 2)
        #expect(policy.evict(for: PageReference(time: 6, page: 9)) == 0)
        #expect(policy.evict(for: PageReference(time: 7, page: 9)) == 1)
    }

    @Test("With no hits it is FIFO; a freshly loaded page is not protected (unlike second-chance)")
    func noHitsIsFIFO() throws {
        let pages = Workbench.randomPages(count: 300, distinct: 20, seed: 4).enumerated().map { UInt64($0.offset) }
        for frames in [1, 3, 7] {
            #expect(
                try Workbench.faults("fifo-reinsertion", pages: pages, frames: frames)
                    == Workbench.faults("fifo", pages: pages, frames: frames))
        }
        let policy = FIFOReinsertion(frames: 2)
        policy.inserted(frame: 0, reference: PageReference(time: 0, page: 1))
        policy.inserted(frame: 1, reference: PageReference(time: 1, page: 2))
        #expect(policy.evict(for: PageReference(time: 2, page: 3)) == 0)
    }

    @Test("Hand-worked: 1 2 3 1 4 1 5 1 with 3 frames faults 5 times (FIFO faults 6)")
    func handWorked() throws {
        // 1 2 3 miss; 1 hits (bit); 4: 1 is reinserted, 2 leaves → [3 1 4]; 1 hits; 5: 3 leaves → [1 4 5]; 1 hits.
        let pages: [UInt64] = [1, 2, 3, 1, 4, 1, 5, 1]
        #expect(try Workbench.faults("fifo-reinsertion", pages: pages, frames: 3) == 5)
        #expect(try Workbench.faults("fifo", pages: pages, frames: 3) == 6)
    }

    @Test("Golden faults on the Belady string at 1...6 frames, as libCacheSim's Clock computes them")
    func goldenBelady() throws {
        let faults = try Workbench.faults("fifo-reinsertion", pages: Workbench.beladyString, frameCounts: 1...6)
        #expect(faults == [12, 12, 10, 8, 5, 5])
    }

    @Test("Golden misses from libCacheSim 0.3.5 (Python bindings, Clock, n_bit_counter=1, unit-size objects)")
    func goldenLibCacheSim() throws {
        let sizes = [1, 2, 3, 4, 5, 6, 8]
        let faults = try Workbench.faults("fifo-reinsertion", pages: Workbench.ostepString, frameCounts: sizes)
        #expect(faults == [54, 42, 36, 29, 26, 24, 15])
        let pages = Workbench.randomPages(count: 2000, distinct: 50, seed: 3)
        #expect(Array(pages.prefix(10)) == [8, 0, 7, 10, 10, 8, 4, 39, 1, 7])  // the trace libCacheSim was fed
        let large = try Workbench.faults(
            "fifo-reinsertion", pages: pages, frameCounts: [1, 2, 4, 8, 16, 32, 48], checks: false)
        #expect(large == [1906, 1791, 1583, 1202, 572, 227, 64])
    }
}
