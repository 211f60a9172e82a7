public import VMCore

/// Least frequently used, with libCacheSim's semantics: a page's frequency counts its references *while resident*
/// (it is 1 when the page is loaded and is forgotten on eviction); the victim is a page of the lowest frequency,
/// and among those the one least recently accessed.
///
/// Source: libCacheSim (Juncheng Yang et al.), `libCacheSim/cache/eviction/LFU.c`, which orders each frequency's
/// pages by when they reached it — the time of their last access — and evicts the first. The O(1) structure is
/// K. Shah, A. Mitra & D. Matani, "An O(1) algorithm for implementing the LFU cache eviction scheme", 2010.
///
/// Structure: frequency buckets, each an intrusive list of frames (oldest entry first), chained in increasing
/// frequency. A hit moves the frame to the tail of the bucket for frequency + 1 (created next to its bucket when
/// missing; a frame alone in its bucket just raises the bucket's frequency). Buckets live in a pool of n + 1 slots.
///
/// Complexity: insert, access, evict and remove are O(1).
///
/// Order (``residentOrder()``): lowest frequency first (`n=3`), then least recently accessed: the next victim
/// first.
public final class LFU: ReplacementPolicy {
    private let capacity: Int
    // Per frame: its bucket (-1 when not resident) and its neighbours inside the bucket.
    private let bucketOf: UnsafeMutablePointer<Int32>
    private let nextInBucket: UnsafeMutablePointer<Int32>
    private let previousInBucket: UnsafeMutablePointer<Int32>
    // Per bucket: frequency, first and last frame, neighbours in the frequency chain.
    private let frequency: UnsafeMutablePointer<Int>
    private let first: UnsafeMutablePointer<Int32>
    private let last: UnsafeMutablePointer<Int32>
    private let higher: UnsafeMutablePointer<Int32>
    private let lower: UnsafeMutablePointer<Int32>
    /// Unused bucket slots (a stack).
    private let spare: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) private var spareCount: Int
    /// The bucket of the lowest frequency, or -1.
    @exclusivity(unchecked) private var lowest: Int32 = -1
    @exclusivity(unchecked) private var count = 0

    public init(frames: Int) {
        capacity = frames
        let buckets = frames + 1
        bucketOf = .allocate(capacity: frames)
        bucketOf.initialize(repeating: -1, count: frames)
        nextInBucket = .allocate(capacity: frames)
        nextInBucket.initialize(repeating: -1, count: frames)
        previousInBucket = .allocate(capacity: frames)
        previousInBucket.initialize(repeating: -1, count: frames)
        frequency = .allocate(capacity: buckets)
        frequency.initialize(repeating: 0, count: buckets)
        first = .allocate(capacity: buckets)
        first.initialize(repeating: -1, count: buckets)
        last = .allocate(capacity: buckets)
        last.initialize(repeating: -1, count: buckets)
        higher = .allocate(capacity: buckets)
        higher.initialize(repeating: -1, count: buckets)
        lower = .allocate(capacity: buckets)
        lower.initialize(repeating: -1, count: buckets)
        spare = .allocate(capacity: buckets)
        for slot in 0..<buckets { spare[slot] = Int32(truncatingIfNeeded: buckets - 1 - slot) }
        spareCount = buckets
    }

    deinit {
        for buffer in [bucketOf, nextInBucket, previousInBucket, first, last, higher, lower, spare] {
            buffer.deallocate()
        }
        frequency.deallocate()
    }

    /// A new empty bucket for `value`, chained just above `below` (or first when `below` is -1).
    private func makeBucket(frequency value: Int, above below: Int32) -> Int32 {
        spareCount -= 1
        let bucket = spare[spareCount]
        let b = Int(bucket)
        frequency[b] = value
        first[b] = -1
        last[b] = -1
        let above = below < 0 ? lowest : higher[Int(below)]
        lower[b] = below
        higher[b] = above
        if below < 0 { lowest = bucket } else { higher[Int(below)] = bucket }
        if above >= 0 { lower[Int(above)] = bucket }
        return bucket
    }

    private func dropBucket(_ bucket: Int32) {
        let b = Int(bucket)
        let below = lower[b]
        let above = higher[b]
        if below < 0 { lowest = above } else { higher[Int(below)] = above }
        if above >= 0 { lower[Int(above)] = below }
        spare[spareCount] = bucket
        spareCount += 1
    }

    private func append(_ frame: Int, to bucket: Int32) {
        let b = Int(bucket)
        let value = Int32(truncatingIfNeeded: frame)
        let tail = last[b]
        previousInBucket[frame] = tail
        nextInBucket[frame] = -1
        if tail < 0 { first[b] = value } else { nextInBucket[Int(tail)] = value }
        last[b] = value
        bucketOf[frame] = bucket
    }

    /// Takes `frame` out of its bucket, dropping the bucket when it empties.
    private func unlink(_ frame: Int) {
        let bucket = bucketOf[frame]
        let b = Int(bucket)
        let before = previousInBucket[frame]
        let after = nextInBucket[frame]
        if before < 0 { first[b] = after } else { nextInBucket[Int(before)] = after }
        if after < 0 { last[b] = before } else { previousInBucket[Int(after)] = before }
        bucketOf[frame] = -1
        nextInBucket[frame] = -1
        previousInBucket[frame] = -1
        if first[b] < 0 { dropBucket(bucket) }
    }

    public func inserted(frame: Int, reference: PageReference) {
        let bucket = lowest >= 0 && frequency[Int(lowest)] == 1 ? lowest : makeBucket(frequency: 1, above: -1)
        append(frame, to: bucket)
        count += 1
    }

    public func accessed(frame: Int, reference: PageReference) {
        let bucket = bucketOf[frame]
        let b = Int(bucket)
        let target = frequency[b] + 1
        let above = higher[b]
        let hasTarget = above >= 0 && frequency[Int(above)] == target
        if !hasTarget, first[b] == last[b] {
            frequency[b] = target  // alone in its bucket: the bucket moves up with it
            return
        }
        let destination = hasTarget ? above : makeBucket(frequency: target, above: bucket)
        unlink(frame)
        append(frame, to: destination)
    }

    public func evict(for reference: PageReference) -> Int {
        let victim = Int(first[Int(lowest)])
        removed(frame: victim)
        return victim
    }

    public func removed(frame: Int) {
        unlink(frame)
        count -= 1
    }

    /// The frequency of the page in `frame` (for tests), or nil when the frame is not tracked.
    public func frequency(ofFrame frame: Int) -> Int? {
        bucketOf[frame] < 0 ? nil : frequency[Int(bucketOf[frame])]
    }

    /// The buckets lowest frequency first, each oldest entry first. O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        var entries: [ResidentOrder.Entry] = []
        var bucket = lowest
        while bucket >= 0 {
            var frame = first[Int(bucket)]
            while frame >= 0 {
                entries.append(ResidentOrder.Entry(frame: Int(frame), note: "n=\(frequency[Int(bucket)])"))
                frame = nextInBucket[Int(frame)]
            }
            bucket = higher[Int(bucket)]
        }
        return ResidentOrder(entries, meaning: "lowest frequency first, then least recent")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        var seen = 0
        var buckets = 0
        var bucket = lowest
        var previousBucket: Int32 = -1
        while bucket >= 0 {
            let b = Int(bucket)
            buckets += 1
            guard buckets <= capacity + 1, lower[b] == previousBucket else {
                throw .contractViolation("lfu: broken frequency chain at bucket \(bucket)")
            }
            guard previousBucket < 0 || frequency[Int(previousBucket)] < frequency[b], frequency[b] >= 1 else {
                throw .contractViolation("lfu: bucket frequencies are not increasing at \(frequency[b])")
            }
            guard first[b] >= 0 else { throw .contractViolation("lfu: empty bucket for frequency \(frequency[b])") }
            var frame = first[b]
            var previousFrame: Int32 = -1
            while frame >= 0 {
                let f = Int(frame)
                seen += 1
                guard seen <= residentCount, isResident(f), bucketOf[f] == bucket, previousInBucket[f] == previousFrame
                else {
                    throw .contractViolation("lfu: frame \(frame) is mislinked or not resident")
                }
                previousFrame = frame
                frame = nextInBucket[f]
            }
            guard last[b] == previousFrame else { throw .contractViolation("lfu: bucket \(bucket) has a wrong tail") }
            previousBucket = bucket
            bucket = higher[b]
        }
        guard seen == residentCount, count == residentCount, spareCount + buckets == capacity + 1 else {
            throw .contractViolation("lfu tracks \(seen) frames (\(count) counted), \(residentCount) are resident")
        }
    }
}

/// Registers `lfu`.
public enum LFUPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "lfu", kind: .replacement,
                summary: "least frequently used while resident (new page = 1); ties to the least recently accessed",
                module: "LFUPolicy",
                source: "libCacheSim LFU.c; Shah, Mitra & Matani, O(1) LFU, 2010")
        ) { context throws(VMError) in LFU(frames: context.frames) }
    ]
}
