import Foundation
public import VMCore
import VMTrace

/// Where a ``SharedTrace`` goes once it is large.
public struct SpillSettings: Sendable, Hashable {
    /// Bytes of accesses (and, separately, of next-use gaps) kept in memory; past it they move to a file.
    public var spillAbove: Int
    /// The directory of the temporary file.
    public var directory: String

    public init(spillAbove: Int, directory: String) {
        self.spillAbove = max(0, spillAbove)
        self.directory = directory
    }

    /// In memory up to a quarter of the memory budget (at most 256 MiB), then a file in `$TMPDIR` (else `/tmp`).
    /// Reading the file back costs a copy from the page cache per block, a few percent of a cell's time.
    public static var standard: SpillSettings {
        let quarter = MemoryBudget.current.bytes / 4
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return SpillSettings(spillAbove: Int(min(quarter, 256 << 20)), directory: directory)
    }

    /// These settings for a trace expected to hold `accesses` accesses: when it will not stay in memory anyway, it
    /// goes to the file from the start instead of filling `spillAbove` bytes of memory first.
    func expecting(_ accesses: Int?, withNextUse: Bool) -> SpillSettings {
        guard let accesses else { return self }
        let bytes = accesses.multipliedReportingOverflow(by: 8)
        guard bytes.overflow || bytes.partialValue > spillAbove || (withNextUse && accesses > spillAbove / 4) else {
            return self
        }
        return SpillSettings(spillAbove: 0, directory: directory)
    }
}

extension SharedTrace {
    /// Decodes `source` once (its first `limit` accesses when given), reading and decoding on a second thread,
    /// with next-use times when `withNextUse` (from the trace when it carries them, else from one backward pass
    /// over what was stored, in memory proportional to the distinct pages). `afterBatch` is called with the
    /// accesses read so far (a progress display; an error it throws ends the build). A trace whose length is known
    /// before reading (``WorkloadSource/expectedAccesses``) and too long to stay in memory is written to the file
    /// from its first block.
    public static func build(
        _ source: WorkloadSource, name: String? = nil, pageShift: Int, withNextUse: Bool, limit: Int? = nil,
        spill: SpillSettings = .standard, afterBatch: ((Int) throws -> Void)? = nil
    ) throws -> SharedTrace {
        let reader = try source.openReader(pageShift: pageShift)
        let takesNextUse = withNextUse && reader.carriesNextUse
        let expected = source.expectedAccesses.map { min($0, limit ?? Int.max) }
        let builder = SharedTraceBuilder(
            pageShift: pageShift, storesGaps: takesNextUse, spill: spill.expecting(expected, withNextUse: withNextUse))
        let pipeline = BatchPipeline(reader: reader, batchSize: blockSize, wantsNextUse: takesNextUse)
        pipeline.start()
        let wanted = limit ?? Int.max
        do {
            try pipeline.forEachBatch { accesses, nextUse in
                let take = min(accesses.count, wanted - builder.count)
                try builder.append(
                    UnsafeBufferPointer(rebasing: accesses[0..<take]),
                    nextUse: nextUse.map { UnsafeBufferPointer(rebasing: $0[0..<take]) })
                try afterBatch?(builder.count)
                if builder.count >= wanted { throw LimitReached() }
            }
        } catch is LimitReached {}
        if withNextUse && !takesNextUse { try builder.computeGaps() }
        return try builder.finish(name: name ?? source.name, format: reader.format)
    }

    /// A shared trace of accesses already in memory (a page list, a synthetic workload).
    public static func build(
        name: String, accesses: [Access], pageShift: Int, withNextUse: Bool, spill: SpillSettings = .standard
    ) throws -> SharedTrace {
        let builder = SharedTraceBuilder(pageShift: pageShift, storesGaps: false, spill: spill)
        try accesses.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                let end = min(all.count, start + blockSize)
                try builder.append(UnsafeBufferPointer(rebasing: all[start..<end]), nextUse: nil)
                start = end
            }
        }
        if withNextUse { try builder.computeGaps() }
        return try builder.finish(name: name, format: nil)
    }
}

private struct LimitReached: Error {}

/// Encodes accesses into a ``SharedTrace``'s words: packed while every page number fits 52 bits and at most 256
/// pids appear, re-encoded wide (once) from the first access that does not fit.
final class SharedTraceBuilder {
    private let pageShift: Int
    private let spill: SpillSettings
    @exclusivity(unchecked) private var layout = SharedTraceLayout.packed
    @exclusivity(unchecked) private var words: SpillableBuffer<UInt64>
    @exclusivity(unchecked) private var gaps: SpillableBuffer<UInt32>?
    @exclusivity(unchecked) private var pids: [UInt32] = []
    @exclusivity(unchecked) private var slots: [UInt32: Int] = [:]
    @exclusivity(unchecked) private var lastPID: UInt32 = 0
    @exclusivity(unchecked) private var lastSlot = -1
    @exclusivity(unchecked) private(set) var count = 0
    /// What the accesses so far have in common, for ``SingleSpaceProfile``.
    @exclusivity(unchecked) private var profile = SingleSpaceProfile.Builder()
    private let wordScratch: UnsafeMutableBufferPointer<UInt64>
    private let gapScratch: UnsafeMutableBufferPointer<UInt32>

    init(pageShift: Int, storesGaps: Bool, spill: SpillSettings) {
        self.pageShift = pageShift
        self.spill = spill
        words = SpillableBuffer(spillAbove: spill.spillAbove, directory: spill.directory)
        gaps = storesGaps ? SpillableBuffer(spillAbove: spill.spillAbove, directory: spill.directory) : nil
        wordScratch = .allocate(capacity: 2 * SharedTrace.blockSize)
        gapScratch = .allocate(capacity: SharedTrace.blockSize)
    }

    deinit {
        wordScratch.deallocate()
        gapScratch.deallocate()
    }

    /// Appends a batch of at most ``SharedTrace/blockSize`` accesses, with their next-use positions when the
    /// builder stores gaps.
    func append(_ accesses: UnsafeBufferPointer<Access>, nextUse: UnsafeBufferPointer<Int>?) throws {
        precondition(accesses.count <= SharedTrace.blockSize, "batch larger than a block")
        profile.add(accesses, pageShift: pageShift)
        if let gaps, let nextUse {
            for index in 0..<accesses.count {
                gapScratch[index] = try gap(from: count + index, to: nextUse[index])
            }
            try gaps.append(UnsafeBufferPointer(rebasing: gapScratch[0..<accesses.count]))
        }
        var encoded = 0
        if layout == .packed {
            encoded = encodePacked(accesses)
            try words.append(UnsafeBufferPointer(rebasing: wordScratch[0..<encoded]))
            count += encoded
            if encoded < accesses.count { try widen() }
        }
        if encoded < accesses.count {
            let rest = UnsafeBufferPointer(rebasing: accesses[encoded...])
            encodeWide(rest)
            try words.append(UnsafeBufferPointer(rebasing: wordScratch[0..<(2 * rest.count)]))
            count += rest.count
        }
    }

    /// Packs accesses into the scratch words until one does not fit; returns how many were packed.
    private func encodePacked(_ accesses: UnsafeBufferPointer<Access>) -> Int {
        let shift = UInt64(pageShift)
        for index in 0..<accesses.count {
            let access = accesses[index]
            let page = access.address >> shift
            guard SharedTraceLayout.fitsPacked(page: page), let slot = slot(of: access.pid) else { return index }
            wordScratch[index] = SharedTraceLayout.packed(page: page, kind: access.kind, mode: access.mode, slot: slot)
        }
        return accesses.count
    }

    private func encodeWide(_ accesses: UnsafeBufferPointer<Access>) {
        for index in 0..<accesses.count {
            let (first, second) = SharedTraceLayout.wide(accesses[index], pageShift: pageShift)
            wordScratch[2 * index] = first
            wordScratch[2 * index + 1] = second
        }
    }

    /// The pid's slot in the packed layout, nil when all 256 are taken by other pids.
    @inline(__always)
    private func slot(of pid: UInt32) -> Int? {
        if pid == lastPID && lastSlot >= 0 { return lastSlot }
        let slot: Int
        if let known = slots[pid] {
            slot = known
        } else {
            guard pids.count < SharedTraceLayout.maximumPidSlots else { return nil }
            slot = pids.count
            slots[pid] = slot
            pids.append(pid)
        }
        lastPID = pid
        lastSlot = slot
        return slot
    }

    /// Re-encodes everything stored so far in the wide layout.
    private func widen() throws {
        let wide = SpillableBuffer<UInt64>(spillAbove: spill.spillAbove, directory: spill.directory)
        let accesses = UnsafeMutableBufferPointer<Access>.allocate(capacity: SharedTrace.blockSize)
        let packedScratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: SharedTrace.blockSize)
        defer {
            accesses.deallocate()
            packedScratch.deallocate()
        }
        var start = 0
        while start < count {
            let end = min(count, start + SharedTrace.blockSize)
            let stored = try words.read(start..<end, into: packedScratch)
            SharedTraceLayout.packed.decode(stored, pids: pids, pageShift: pageShift, into: accesses.baseAddress!)
            encodeWide(UnsafeBufferPointer(rebasing: accesses[0..<(end - start)]))
            try wide.append(UnsafeBufferPointer(rebasing: wordScratch[0..<(2 * (end - start))]))
            start = end
        }
        words = wide
        layout = .wide
    }

    /// The stored distance from `position` to `next`.
    private func gap(from position: Int, to next: Int) throws -> UInt32 {
        if next == Int.max { return SharedTrace.never }
        guard next >= position, next - position < Int(SharedTrace.never) else {
            throw VMError.invalidConfiguration(
                "access \(position): its next use \(next) is "
                    + (next < position ? "before it" : "more than \(SharedTrace.never - 1) accesses later")
                    + "; a sweep cannot hold it (run the policy alone with `vmlab simulate`)")
        }
        return UInt32(next - position)
    }

    /// Computes next-use gaps by one backward pass over the stored accesses.
    func computeGaps() throws {
        let gaps = SpillableBuffer<UInt32>(spillAbove: spill.spillAbove, directory: spill.directory)
        try gaps.extend(by: count)
        let tracker = NextUseTracker()
        let accesses = UnsafeMutableBufferPointer<Access>.allocate(capacity: SharedTrace.blockSize)
        defer { accesses.deallocate() }
        let shift = UInt64(pageShift)
        var end = count
        while end > 0 {
            let start = max(0, end - SharedTrace.blockSize)
            let stored = try words.read(
                start * layout.wordsPerAccess..<end * layout.wordsPerAccess, into: wordScratch)
            layout.decode(stored, pids: pids, pageShift: pageShift, into: accesses.baseAddress!)
            for index in stride(from: end - start - 1, through: 0, by: -1) {
                let access = accesses[index]
                guard let next = tracker.nextUse(pid: access.pid, page: access.address >> shift, at: start + index)
                else {
                    throw VMError.invalidConfiguration(
                        "more than 2^32 - 1 distinct pages: next-use times cannot be kept")
                }
                gapScratch[index] = try gap(from: start + index, to: next)
            }
            try gaps.write(UnsafeBufferPointer(rebasing: gapScratch[0..<(end - start)]), at: start)
            end = start
        }
        self.gaps = gaps
    }

    func finish(name: String, format: TraceFormat?) throws -> SharedTrace {
        guard count > 0 else { throw VMError.invalidConfiguration("workload \(name) has no accesses") }
        return SharedTrace(
            name: name, count: count, pageShift: pageShift, format: format, layout: layout, words: words, gaps: gaps,
            pids: pids, singleSpace: profile.profile)
    }
}
