import Foundation
public import VMCore
public import VMTrace

/// A workload decoded once, in a compact read-only form that every cell of a sweep replays in parallel: the
/// trace is read, decompressed and decoded one time whatever the number of policies and sizes.
///
/// Each access takes 8 bytes (its page number, kind, mode and a slot in a table of up to 256 pids) or, in traces
/// with more processes or page numbers past 2^52, 16; with next-use times, 4 more (the distance to the next use).
/// A ``LoadedTrace`` takes 16 and 24. Up to ``SpillSettings/spillAbove`` bytes the trace stays in memory; beyond,
/// it moves to an unlinked temporary file that cells read back in blocks of ``blockSize`` accesses, so a sweep's
/// memory is the blocks in flight plus its machines, whatever the trace length.
///
/// Replaying gives the accesses the machine would have read from the trace, except that each address is rounded
/// down to its page (the machine only ever uses page numbers).
public final class SharedTrace: @unchecked Sendable {
    /// Accesses handed to a machine at a time.
    public static let blockSize = 1 << 16
    /// The gap stored for an access whose page is not referenced again.
    static let never = UInt32.max

    public let name: String
    /// Accesses in the trace.
    public let count: Int
    /// Page size the addresses were decoded for.
    public let pageShift: Int
    /// The format the trace was read as, when known.
    public let format: TraceFormat?
    let layout: SharedTraceLayout
    let words: SpillableBuffer<UInt64>
    /// Distance from each access to the next use of its page (``never`` when none), when built with them.
    let gaps: SpillableBuffer<UInt32>?
    /// The pids behind the packed layout's pid slots.
    let pids: [UInt32]
    /// The one process and the largest page, when every access is a user access of that process (the
    /// ``SingleSpaceMachine`` can run it); nil otherwise.
    public let singleSpace: SingleSpaceProfile?

    init(
        name: String, count: Int, pageShift: Int, format: TraceFormat?, layout: SharedTraceLayout,
        words: SpillableBuffer<UInt64>, gaps: SpillableBuffer<UInt32>?, pids: [UInt32],
        singleSpace: SingleSpaceProfile?
    ) {
        self.name = name
        self.count = count
        self.pageShift = pageShift
        self.format = format
        self.layout = layout
        self.words = words
        self.gaps = gaps
        self.pids = pids
        self.singleSpace = singleSpace
    }

    /// Whether next-use times are stored (for policies that need the future).
    public var hasNextUse: Bool { gaps != nil }

    /// Whether the trace lives in a temporary file rather than in memory.
    public var isSpilled: Bool { words.isSpilled || (gaps?.isSpilled ?? false) }

    /// Bytes the decoded trace takes, in memory or in its file.
    public var byteCount: Int { words.byteCount + (gaps?.byteCount ?? 0) }

    /// Replays `range` (all accesses by default) in blocks of at most ``blockSize`` accesses, in order, with
    /// next-use positions (absolute, `Int.max` for none) when `wantsNextUse`. Safe to call from many threads at
    /// once: each call decodes into buffers of its own, allocated once per call.
    public func forEachBlock(
        in range: Range<Int>? = nil, wantsNextUse: Bool,
        _ body: (UnsafeBufferPointer<Access>, UnsafeBufferPointer<Int>?) throws -> Void
    ) throws {
        let range = range ?? 0..<count
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range outside the trace")
        guard !range.isEmpty else { return }
        if wantsNextUse && gaps == nil {
            throw VMError.invalidConfiguration("the shared trace of \(name) was built without next-use times")
        }
        let block = Self.blockSize
        let accesses = UnsafeMutableBufferPointer<Access>.allocate(capacity: block)
        let nextUse = UnsafeMutableBufferPointer<Int>.allocate(capacity: wantsNextUse ? block : 0)
        let wordScratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: block * layout.wordsPerAccess)
        let gapScratch = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: wantsNextUse ? block : 0)
        defer {
            accesses.deallocate()
            nextUse.deallocate()
            wordScratch.deallocate()
            gapScratch.deallocate()
        }
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(range.upperBound, start + block)
            let stored = try words.read(
                start * layout.wordsPerAccess..<end * layout.wordsPerAccess, into: wordScratch)
            layout.decode(stored, pids: pids, pageShift: pageShift, into: accesses.baseAddress!)
            var future: UnsafeBufferPointer<Int>?
            if wantsNextUse, let gaps {
                let distances = try gaps.read(start..<end, into: gapScratch)
                for index in 0..<distances.count {
                    let gap = distances[index]
                    nextUse[index] = gap == Self.never ? Int.max : start + index + Int(gap)
                }
                future = UnsafeBufferPointer(rebasing: nextUse[0..<(end - start)])
            }
            try body(UnsafeBufferPointer(rebasing: accesses[0..<(end - start)]), future)
            start = end
        }
    }

    /// The accesses of `range` in an array (for small traces and tests).
    public func accesses(in range: Range<Int>? = nil) throws -> [Access] {
        var result: [Access] = []
        result.reserveCapacity((range ?? 0..<count).count)
        try forEachBlock(in: range, wantsNextUse: false) { block, _ in result.append(contentsOf: block) }
        return result
    }
}

/// How a ``SharedTrace`` stores an access.
enum SharedTraceLayout: Sendable, Equatable {
    /// One word: page number in bits 0–51, kind in 52–53, mode in 54–55, pid slot in 56–63.
    case packed
    /// Two words: the address, then pid, kind (bits 32–39) and mode (bits 40–47).
    case wide

    static let pageBits = 52
    static let maximumPidSlots = 256

    var wordsPerAccess: Int { self == .packed ? 1 : 2 }

    /// Whether the packed layout can hold a page number.
    static func fitsPacked(page: UInt64) -> Bool { page >> UInt64(pageBits) == 0 }

    @inline(__always)
    static func packed(page: UInt64, kind: AccessKind, mode: AccessMode, slot: Int) -> UInt64 {
        page | UInt64(kind.rawValue) << 52 | UInt64(mode.rawValue) << 54 | UInt64(slot) << 56
    }

    @inline(__always)
    static func wide(_ access: Access, pageShift: Int) -> (UInt64, UInt64) {
        let page = access.address >> UInt64(pageShift)
        return (
            page << UInt64(pageShift),
            UInt64(access.pid) | UInt64(access.kind.rawValue) << 32 | UInt64(access.mode.rawValue) << 40
        )
    }

    /// Decodes `stored` words into accesses at `target`.
    func decode(
        _ stored: UnsafeBufferPointer<UInt64>, pids: [UInt32], pageShift: Int, into target: UnsafeMutablePointer<Access>
    ) {
        let shift = UInt64(pageShift)
        switch self {
        case .packed:
            pids.withUnsafeBufferPointer { pids in
                for index in 0..<stored.count {
                    let word = stored[index]
                    let page = word & (1 << 52 - 1)
                    target[index] = Access(
                        pid: pids[Int(word >> 56)], address: page << shift,
                        kind: AccessKind(rawValue: UInt8(truncatingIfNeeded: word >> 52) & 3) ?? .read,
                        mode: AccessMode(rawValue: UInt8(truncatingIfNeeded: word >> 54) & 3) ?? .user)
                }
            }
        case .wide:
            for index in 0..<stored.count / 2 {
                let address = stored[2 * index]
                let rest = stored[2 * index + 1]
                target[index] = Access(
                    pid: UInt32(truncatingIfNeeded: rest), address: address,
                    kind: AccessKind(rawValue: UInt8(truncatingIfNeeded: rest >> 32)) ?? .read,
                    mode: AccessMode(rawValue: UInt8(truncatingIfNeeded: rest >> 40)) ?? .user)
            }
        }
    }
}
