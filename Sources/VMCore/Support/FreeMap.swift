/// A set of free indices (frames or swap slots) as a bitmap with a lowest-free hint.
///
/// `lowestFree()` is O(1) amortised when allocations take the lowest index and frees are few between allocations
/// (the steady state of a full memory: one frame freed, the same one taken); O(n/64) in the worst case.
/// A growable map accepts indices beyond its count and extends itself (used for unbounded swap devices).
/// Storage is one manually managed buffer: no copy-on-write or exclusivity checks on the hot path.
public final class FreeMap {
    @exclusivity(unchecked) @usableFromInline var words: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) @usableFromInline var wordCapacity: Int
    /// Number of indices the map covers.
    @exclusivity(unchecked) public private(set) var count: Int
    /// Number of free indices among `count`.
    @exclusivity(unchecked) public private(set) var freeCount: Int
    /// Whether `markUsed` may grow the map past `count` (then `lowestFree()` never returns nil).
    public let isGrowable: Bool
    /// No free index lies below this one.
    @exclusivity(unchecked) @usableFromInline var hint: Int = 0

    /// A map of `count` indices, all free.
    public init(count: Int, growable: Bool = false) {
        precondition(count >= 0)
        self.count = count
        self.freeCount = count
        self.isGrowable = growable
        self.wordCapacity = max(1, (count + 63) / 64)
        self.words = .allocate(capacity: wordCapacity)
        words.initialize(repeating: ~0, count: wordCapacity)
        clearTail()
    }

    deinit { words.deallocate() }

    /// Bits past `count` in the last word read as used, so scans never return them.
    private func clearTail() {
        let full = count / 64
        if full < wordCapacity {
            let rest = count % 64
            words[full] = rest == 0 ? 0 : (UInt64(1) << UInt64(rest)) &- 1
            for index in (full + 1)..<wordCapacity { words[index] = 0 }
        }
    }

    /// Whether `index` is free. Indices at or past `count` of a growable map are free.
    @inlinable
    public func isFree(_ index: Int) -> Bool {
        if index >= count { return isGrowable }
        return words[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    /// The bitmap itself, read-only: bit `i % 64` of word `i / 64` is set when index `i` is free, for `i < count`;
    /// bits past `count` are clear. It stays valid until the map grows (only a growable map reallocates, in
    /// `markUsed` past its end): read it during a call, keep no copy. The C view that plugins get
    /// (`vmlab_frame_map`, `vmlab_swap_device`) points here, so that no map is copied per call.
    public var unsafeFreeBits: UnsafePointer<UInt64> { UnsafePointer(words) }

    /// The lowest free index at or after `start`; for a full growable map the first index past its end; nil when
    /// none is free.
    public func lowestFree(from start: Int = 0) -> Int? {
        let from = max(start, hint)
        if freeCount == 0 { return isGrowable ? max(count, from) : nil }
        let wordCount = (count + 63) / 64
        var wordIndex = from >> 6
        if wordIndex < wordCount {
            var word = words[wordIndex] & ~((UInt64(1) << UInt64(from & 63)) &- 1)
            while true {
                if word != 0 {
                    let found = wordIndex << 6 + word.trailingZeroBitCount
                    if start <= hint { hint = found }
                    return found
                }
                wordIndex += 1
                if wordIndex >= wordCount { break }
                word = words[wordIndex]
            }
        }
        if start <= hint { hint = count }
        return isGrowable ? max(count, from) : nil
    }

    /// Marks `index` used. Grows a growable map when `index >= count`.
    public func markUsed(_ index: Int) {
        if index >= count {
            precondition(isGrowable, "index \(index) beyond a fixed map of \(count)")
            grow(to: index + 1)
        }
        let mask = UInt64(1) << UInt64(index & 63)
        precondition(words[index >> 6] & mask != 0, "index \(index) is already used")
        words[index >> 6] &= ~mask
        freeCount -= 1
        if index == hint { hint = index + 1 }
    }

    /// Marks `index` free again.
    public func markFree(_ index: Int) {
        precondition(index < count, "index \(index) beyond the map")
        let mask = UInt64(1) << UInt64(index & 63)
        precondition(words[index >> 6] & mask == 0, "index \(index) is already free")
        words[index >> 6] |= mask
        freeCount += 1
        if index < hint || freeCount == 1 { hint = index }
    }

    /// Extends the map to `newCount` indices; the new ones are free.
    private func grow(to newCount: Int) {
        let neededWords = (newCount + 63) / 64
        if neededWords > wordCapacity {
            let newCapacity = max(neededWords, wordCapacity * 2)
            let newWords = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity)
            newWords.update(from: words, count: wordCapacity)
            newWords.advanced(by: wordCapacity).initialize(repeating: 0, count: newCapacity - wordCapacity)
            words.deallocate()
            words = newWords
            wordCapacity = newCapacity
        }
        for index in count..<newCount {
            words[index >> 6] |= UInt64(1) << UInt64(index & 63)
        }
        freeCount += newCount - count
        count = newCount
    }
}
