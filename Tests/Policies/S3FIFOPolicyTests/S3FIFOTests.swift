import S3FIFOPolicy
import Testing
import VMCore
import VMTestSupport

struct S3FIFOTests {
    @Test("Queue shares: S is 10% but at least one frame, G as large as ⌊0.9·C⌋")
    func shares() {
        #expect(S3FIFO(frames: 1).smallTarget == 1)
        #expect(S3FIFO(frames: 1).mainTarget == 0)
        #expect(S3FIFO(frames: 20).smallTarget == 2)
        #expect(S3FIFO(frames: 20).mainTarget == 18)
    }

    @Test("A page hit in S moves to M; an unvisited one is evicted into G; a G hit enters M")
    func mechanics() {
        let cache = S3FIFO(frames: 10)  // S 1, M 9
        cache.inserted(frame: 0, reference: Workbench.reference(0, 100))  // S
        for frame in 1..<10 { cache.inserted(frame: frame, reference: Workbench.reference(frame, UInt64(frame))) }  // M
        #expect(cache.sizes == (small: 1, main: 9, ghost: 0))
        // M holds 9 = its share, S is not empty: S's tail (page 100, never hit) is evicted into G.
        #expect(cache.evict(for: Workbench.reference(10, 50)) == 0)
        cache.inserted(frame: 0, reference: Workbench.reference(10, 50))
        #expect(cache.sizes == (small: 1, main: 9, ghost: 1))
        cache.accessed(frame: 0, reference: Workbench.reference(11, 50))
        // Page 50 was hit: it moves to M (10 > 9), then M's tail (frame 1, frequency 0) is evicted.
        #expect(cache.evict(for: Workbench.reference(12, 100)) == 1)
        // Page 100 was a ghost: it enters M directly.
        cache.inserted(frame: 1, reference: Workbench.reference(12, 100))
        #expect(cache.sizes == (small: 0, main: 10, ghost: 0))
    }

    @Test("Golden faults equal libCacheSim's S3FIFO from 20 frames, for both move-to-main thresholds")
    func goldenLibCacheSim() throws {
        let sizes = [20, 25, 40, 64]
        let first = Workbench.randomPages(count: 2000, distinct: 60, seed: 7)
        let second = Workbench.randomPages(count: 5000, distinct: 200, seed: 42)
        #expect(
            try Workbench.faults("s3-fifo", pages: first, frameCounts: sizes) == [426, 363, 225, 60])
        #expect(
            try Workbench.faults("s3-fifo:threshold=2", pages: first, frameCounts: sizes, checks: false)
                == [421, 366, 230, 60])
        #expect(
            try Workbench.faults("s3-fifo", pages: second, frameCounts: sizes, checks: false)
                == [3558, 3230, 2261, 1195])
        #expect(
            try Workbench.faults("s3-fifo:threshold=2", pages: second, frameCounts: sizes, checks: false)
                == [3566, 3179, 2264, 1202])
    }

    @Test("Works below libCacheSim's 20-object floor: never more faults than references, all cold misses counted")
    func smallMemories() throws {
        let pages = Workbench.randomPages(count: 400, distinct: 21, seed: 14)
        let faults = try Workbench.faults("s3-fifo", pages: pages, frameCounts: 1...6)
        #expect(try faults[0] == Workbench.faults("fifo", pages: pages, frames: 1))
        #expect(faults.allSatisfy { $0 >= 21 && $0 <= 400 })
        #expect(faults[5] < faults[0])
    }

    @Test("Local scope: an eviction for another process's fault does not stand for this instance's next insertion")
    func localScopeEvictionForAnotherProcess() throws {
        let policy = S3FIFO(frames: 4)  // |S| 1, |M| 3, |G| 3; this instance holds process 0's pages
        var resident: Set<Int> = []
        func check() throws { try policy.checkInvariants(residentCount: resident.count, isResident: resident.contains) }
        for frame in 0..<2 {
            policy.inserted(frame: frame, reference: PageReference(time: frame, page: UInt64(10 + frame), process: 0))
            resident.insert(frame)
        }
        // Process 1 faults, under its budget with RAM full: this instance gives up page 10 from S (into G).
        #expect(policy.evict(for: PageReference(time: 2, page: 10, process: 1)) == 0)
        resident.remove(0)
        #expect(policy.sizes == (small: 0, main: 1, ghost: 1))
        try check()
        // Process 0 faults on page 10 later, into a free frame: a G hit, so it enters M and leaves G.
        policy.inserted(frame: 3, reference: PageReference(time: 3, page: 10, process: 0))
        resident.insert(3)
        #expect(policy.sizes == (small: 0, main: 2, ghost: 0))
        try check()
        // Process 0 at its budget (2 pages) evicts its own pages while frames are free.
        var pages: [Int: UInt64] = [1: 11, 3: 10]
        for time in 4..<30 {
            let reference = PageReference(time: time, page: UInt64(10 + time % 5), process: 0)
            if let frame = pages.first(where: { $0.value == reference.page })?.key {
                policy.accessed(frame: frame, reference: reference)
            } else {
                let victim = policy.evict(for: reference)
                policy.inserted(frame: victim, reference: reference)
                pages[victim] = reference.page
            }
            try check()
        }
    }
}
