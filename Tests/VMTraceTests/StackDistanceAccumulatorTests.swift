import Testing
import VMCore
import VMTrace

/// The streaming stack-distance accumulator against a naive LRU stack, on page patterns chosen to cross every
/// internal boundary: dense numbers (direct table), sparse ones (hash table), pages that change side as the direct
/// table grows, several processes, compactions, and any cut into batches.
struct StackDistanceAccumulatorTests {
    /// Stack distances by brute force: the LRU stack as a list (O(N·M)).
    static func naive(_ accesses: [Access], pageShift: Int) -> Naive {
        var stack: [ProcessKey] = []
        var present: Set<ProcessKey> = []
        var counts: [Double] = []
        var cold = 0.0
        for access in accesses {
            let key = ProcessKey(pid: access.pid, page: access.address >> UInt64(pageShift))
            if present.contains(key), let depth = stack.firstIndex(of: key) {
                stack.remove(at: depth)
                if depth >= counts.count { counts += repeatElement(0, count: depth + 1 - counts.count) }
                counts[depth] += 1
            } else {
                cold += 1
                present.insert(key)
            }
            stack.insert(key, at: 0)
        }
        return Naive(references: Double(accesses.count), coldMisses: cold, counts: counts)
    }

    /// What the naive stack counts.
    struct Naive: Equatable {
        var references: Double
        var coldMisses: Double
        var counts: [Double]

        init(references: Double, coldMisses: Double, counts: [Double]) {
            self.references = references
            self.coldMisses = coldMisses
            self.counts = counts
        }

        init(_ histogram: StackDistanceHistogram) {
            precondition(histogram.samplingRate == 1)
            self.init(references: histogram.references, coldMisses: histogram.coldMisses, counts: histogram.counts)
        }
    }

    struct ProcessKey: Hashable {
        var pid: UInt32
        var page: UInt64
    }

    /// A seeded string over a mix of page kinds.
    static func hostile(count: Int, seed: UInt64) -> [Access] {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &+ 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var accesses: [Access] = []
        for _ in 0..<count {
            let choice = next() % 10
            let page: UInt64
            var pid: UInt32 = 1
            switch choice {
            case 0...3: page = next() % 300  // dense, small
            case 4: page = 60_000 + next() % 50  // just under the first direct-table limit (2^16)
            case 5: page = 70_000 + next() % 50  // above it: hashed first, inside the table once it grows
            case 6: page = 0x1fff_f000 + next() % 40  // far away: always hashed
            case 7: page = UInt64.max >> 12 - next() % 5  // the largest pages
            case 8:
                pid = 2  // another process, same page numbers
                page = next() % 300
            default:
                pid = UInt32.max
                page = next() % 20
            }
            accesses.append(Access(pid: pid, page: page, pageShift: 12))
        }
        return accesses
    }

    @Test("Equals a naive LRU stack on hostile page mixes, whatever the batch size", arguments: [1, 7, 4096, 1 << 20])
    func equalsNaive(batch: Int) {
        for seed: UInt64 in 0..<3 {
            let accesses = Self.hostile(count: 6000, seed: seed)
            let expected = Self.naive(accesses, pageShift: 12)
            let accumulator = StackDistanceAccumulator(pageShift: 12)
            accesses.withUnsafeBufferPointer { buffer in
                var start = 0
                while start < buffer.count {
                    let end = min(buffer.count, start + batch)
                    accumulator.add(UnsafeBufferPointer(rebasing: buffer[start..<end]))
                    start = end
                }
            }
            let histogram = accumulator.histogram()
            #expect(Naive(histogram) == expected, "seed \(seed), batches of \(batch)")
            #expect(accumulator.accesses == accesses.count)
            #expect(accumulator.distinctPages == Int(expected.coldMisses))
        }
    }

    @Test("Pages hashed while the direct table was small stay hashed once it grows over them; newer ones go direct")
    func directTableGrowth() {
        var state: UInt64 = 11
        func random(_ bound: Int) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % UInt64(bound)
        }
        var accesses: [Access] = []
        // Phase 1: few pages, so pages from 70,000 (above the first table's reach, 2^16) are hashed.
        for _ in 0..<2000 {
            accesses.append(Access(page: random(2) == 0 ? 70_000 + random(50) : random(100), pageShift: 12))
        }
        // Phase 2: 12,000 new pages widen the direct table past 70,000; meanwhile old hashed pages, new pages just
        // below them (direct) and new pages among them (still hashed) keep coming.
        for fresh in 0..<12_000 {
            accesses.append(Access(page: 100 + UInt64(fresh), pageShift: 12))
            if fresh % 4 == 0 {
                let base: UInt64 = [70_000, 69_950, 70_050][Int(random(3))]
                accesses.append(Access(page: base + random(50), pageShift: 12))
            }
        }
        // Phase 3: everything again, at random.
        for _ in 0..<10_000 {
            let page = random(3) == 0 ? 69_950 + random(150) : random(12_100)
            accesses.append(Access(page: page, pageShift: 12))
        }
        let exact = accesses.withUnsafeBufferPointer { StackDistanceHistogram.exact($0, pageShift: 12) }
        #expect(Naive(exact) == Self.naive(accesses, pageShift: 12))
    }

    @Test("Dense pages through many compactions and direct-table growth equal the naive stack")
    func compactions() {
        // 300,000 references over 2,000 pages: positions run out (65,536 at first) several times.
        var accesses: [Access] = []
        var state: UInt64 = 7
        for index in 0..<300_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let page = index % 3 == 0 ? UInt64(index / 150) : (state >> 33) % 2000
            accesses.append(Access(page: page, pageShift: 12))
        }
        let exact = accesses.withUnsafeBufferPointer { StackDistanceHistogram.exact($0, pageShift: 12) }
        // The naive stack is quadratic: compare on the histogram's totals and against a slower second pass in
        // chunks, which shares no state with the first.
        #expect(exact.references == 300_000)
        #expect(exact.coldMisses + exact.counts.reduce(0, +) == 300_000)
        let prefix = Array(accesses.prefix(40_000))
        #expect(
            Naive(prefix.withUnsafeBufferPointer { StackDistanceHistogram.exact($0, pageShift: 12) })
                == Self.naive(prefix, pageShift: 12))
        let chunked = StackDistanceAccumulator(pageShift: 12)
        accesses.withUnsafeBufferPointer { buffer in
            for start in stride(from: 0, to: buffer.count, by: 999) {
                chunked.add(UnsafeBufferPointer(rebasing: buffer[start..<min(buffer.count, start + 999)]))
            }
        }
        #expect(chunked.histogram() == exact)
    }

    @Test("The sampler keeps the same pages SHARDS tracks, every reference to them, nested across rates")
    func sampler() {
        let accesses = Self.hostile(count: 20_000, seed: 9)
        for rate in [0.5, 0.1, 0.01] {
            let sampler = SpatialSampler(rate: rate, seed: 4)
            let kept = accesses.filter { sampler.samples(pid: $0.pid, page: $0.address >> 12) }
            let filtered = UnsafeMutableBufferPointer<Access>.allocate(capacity: accesses.count)
            defer { filtered.deallocate() }
            let count = accesses.withUnsafeBufferPointer { sampler.filter($0, pageShift: 12, into: filtered) }
            #expect(Array(filtered[0..<count]) == kept)
            // SHARDS over the whole trace tracks exactly the pages of the filtered stream.
            let shards = StackDistanceAccumulator(pageShift: 12, sampler: sampler)
            accesses.withUnsafeBufferPointer { shards.add($0) }
            let direct = kept.withUnsafeBufferPointer { StackDistanceHistogram.exact($0, pageShift: 12) }
            #expect(shards.distinctPages == Int(direct.coldMisses), "rate \(rate)")
            // A page kept at a rate is kept at every larger rate (same seed).
            let larger = SpatialSampler(rate: min(1, rate * 4), seed: 4)
            #expect(kept.allSatisfy { larger.samples(pid: $0.pid, page: $0.address >> 12) })
        }
        #expect(SpatialSampler(rate: 1).keepsEveryPage)
        #expect(!SpatialSampler(rate: 0.999).keepsEveryPage)
    }
}
