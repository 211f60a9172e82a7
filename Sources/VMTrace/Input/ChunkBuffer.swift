/// A large reusable byte buffer refilled from a ``ByteSource``: the decoders parse straight out of it.
///
/// Bytes `start ..< end` are read but not yet consumed. For text, ``nextLines()`` keeps `start ..< lineEnd` a run
/// of complete lines that each end in `\n`, so a parser can scan without bounds checks: every line stops at its
/// newline. The allocation has one spare byte so that a last line without a newline can be given one.
final class ChunkBuffer {
    let source: any ByteSource
    @exclusivity(unchecked) private(set) var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private(set) var capacity: Int
    /// The first unconsumed byte.
    @exclusivity(unchecked) var start = 0
    /// One past the last byte read.
    @exclusivity(unchecked) private(set) var end = 0
    /// One past the last complete line in `start ..< end` (text only).
    @exclusivity(unchecked) private(set) var lineEnd = 0
    /// Whether the source has reported its end.
    @exclusivity(unchecked) private(set) var sourceEnded = false

    init(source: any ByteSource, capacity: Int = 1 << 20) {
        self.source = source
        self.capacity = capacity
        base = .allocate(capacity: capacity + 1)
    }

    deinit {
        base.deallocate()
    }

    /// The number of unconsumed bytes.
    var available: Int { end - start }

    /// Moves the unconsumed bytes to the front (growing the buffer when they fill it) and reads once from the
    /// source. Returns the number of bytes added: 0 at the end of the source.
    @discardableResult
    func readMore() throws(TraceError) -> Int {
        if sourceEnded { return 0 }
        if start > 0 {
            if end > start {
                // Overlapping regions: `copyMemory` has `memmove` semantics.
                UnsafeMutableRawPointer(base).copyMemory(from: base + start, byteCount: end - start)
            }
            lineEnd = max(lineEnd - start, 0)
            end -= start
            start = 0
        }
        if end == capacity {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2 + 1)
            larger.update(from: base, count: end)
            base.deallocate()
            base = larger
            capacity *= 2
        }
        let count = try source.read(into: UnsafeMutableRawBufferPointer(start: base + end, count: capacity - end))
        if count == 0 {
            sourceEnded = true
        }
        end += count
        return count
    }

    /// Reads until at least `count` bytes are unconsumed or the source ends.
    func fill(atLeast count: Int) throws(TraceError) {
        while available < count {
            if try readMore() == 0 { return }
        }
    }

    /// What ``nextLines()`` found.
    enum LineBlock {
        /// `start ..< lineEnd` holds complete lines.
        case lines
        /// No bytes are left.
        case end
        /// The next line is longer than ``maximumLineLength``: the input is not a text trace.
        case lineTooLong
    }

    /// The longest line a text trace may have; a longer one would make the buffer grow without bound.
    static let maximumLineLength = 16 << 20

    /// Makes `start ..< lineEnd` a non-empty run of complete lines, each ending in `\n`; a last line without a
    /// newline gets one.
    func nextLines() throws(TraceError) -> LineBlock {
        while lineEnd <= start {
            if available >= Self.maximumLineLength {
                return .lineTooLong
            }
            let added = sourceEnded ? 0 : try readMore()
            if added == 0 {
                guard end > start else { return .end }
                base[end] = UInt8(ascii: "\n")
                end += 1
                lineEnd = end
                return .lines
            }
            lineEnd = start
            var index = end
            while index > start {
                index -= 1
                if base[index] == UInt8(ascii: "\n") {
                    lineEnd = index + 1
                    break
                }
            }
        }
        return .lines
    }
}
