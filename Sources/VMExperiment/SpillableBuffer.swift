import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An append-only array of plain values that moves to a temporary file once it outgrows `spillAbove` bytes, and is
/// then read back a block at a time: what lets a sweep hold a decoded trace of any length in bounded memory.
///
/// Contract:
/// - Appending is single-threaded (the builder's). Once built, ``read(_:into:)`` may run on many threads at once: in
///   memory it hands out the stored values themselves, spilled it copies them with `pread` (positional, no shared
///   cursor) into the caller's buffer. ``write(_:at:)`` fills values in place (a backward pass) before sharing.
/// - The file is created in `directory` and unlinked at once, so it never outlives the process, even one killed
///   with SIGKILL; the kernel's page cache is what then shares the blocks between readers. Its resident memory is
///   the readers' buffers, not the file.
/// - In memory the values live in chunks of ``chunkCount`` (never moved or copied as the buffer grows, so its
///   resident size is the values themselves); a read that straddles two chunks is copied into the caller's buffer.
/// - A failed write (a full disk) is a ``FileSystemError`` naming the directory and the reason.
final class SpillableBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    private let spillAbove: Int
    private let directory: String
    /// Values per in-memory chunk.
    static var chunkCount: Int { 1 << 20 }
    @exclusivity(unchecked) private var chunks: [UnsafeMutablePointer<Element>] = []
    @exclusivity(unchecked) private var descriptor: Int32 = -1
    /// Values stored.
    @exclusivity(unchecked) private(set) var count = 0

    /// A buffer kept in memory up to `spillAbove` bytes, spilled to a file in `directory` beyond.
    init(spillAbove: Int, directory: String) {
        self.spillAbove = spillAbove
        self.directory = directory
    }

    deinit {
        chunks.forEach { $0.deallocate() }
        if descriptor >= 0 { close(descriptor) }
    }

    /// Whether the values live in a temporary file.
    var isSpilled: Bool { descriptor >= 0 }

    /// Bytes of the values.
    var byteCount: Int { count * MemoryLayout<Element>.stride }

    /// Appends `values`, spilling first when they would take the memory copy past `spillAbove` bytes.
    func append(_ values: UnsafeBufferPointer<Element>) throws(FileSystemError) {
        guard !values.isEmpty else { return }
        if descriptor < 0, (count + values.count) * MemoryLayout<Element>.stride > spillAbove {
            try spill()
        }
        if descriptor >= 0 {
            try writeAll(UnsafeRawBufferPointer(values), at: byteCount)
            count += values.count
            return
        }
        var copied = 0
        while copied < values.count {
            let offset = count % Self.chunkCount
            if offset == 0 { chunks.append(.allocate(capacity: Self.chunkCount)) }
            let step = min(values.count - copied, Self.chunkCount - offset)
            (chunks[count / Self.chunkCount] + offset).initialize(from: values.baseAddress! + copied, count: step)
            copied += step
            count += step
        }
    }

    /// Adds `extra` values to fill in afterwards with ``write(_:at:)`` (a backward pass): their contents are
    /// unspecified until written. Spilled, the file is extended without writing (its new bytes read as zeros).
    func extend(by extra: Int) throws(FileSystemError) {
        guard extra > 0 else { return }
        if descriptor < 0, (count + extra) * MemoryLayout<Element>.stride > spillAbove {
            try spill()
        }
        if descriptor >= 0 {
            guard ftruncate(descriptor, off_t((count + extra) * MemoryLayout<Element>.stride)) == 0 else {
                throw FileSystemError("write the spilled trace to", path: directory, errno: errno)
            }
        } else {
            while chunks.count * Self.chunkCount < count + extra { chunks.append(.allocate(capacity: Self.chunkCount)) }
        }
        count += extra
    }

    /// Overwrites the values at `start ..< start + values.count` (already appended).
    func write(_ values: UnsafeBufferPointer<Element>, at start: Int) throws(FileSystemError) {
        precondition(start >= 0 && start + values.count <= count, "write past the end of a spillable buffer")
        guard !values.isEmpty else { return }
        if descriptor >= 0 {
            try writeAll(UnsafeRawBufferPointer(values), at: start * MemoryLayout<Element>.stride)
            return
        }
        var done = 0
        while done < values.count {
            let position = start + done
            let step = min(values.count - done, Self.chunkCount - position % Self.chunkCount)
            (chunks[position / Self.chunkCount] + position % Self.chunkCount).update(
                from: values.baseAddress! + done, count: step)
            done += step
        }
    }

    /// The values in `range`: the stored ones when in memory, else read into `scratch` (at least as long as the
    /// range). Safe to call from several threads at once.
    func read(_ range: Range<Int>, into scratch: UnsafeMutableBufferPointer<Element>) throws(FileSystemError)
        -> UnsafeBufferPointer<Element>
    {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "read past the end of a spillable buffer")
        if descriptor < 0 {
            let first = range.lowerBound / Self.chunkCount
            let offset = range.lowerBound % Self.chunkCount
            if offset + range.count <= Self.chunkCount {
                return UnsafeBufferPointer(start: chunks[first] + offset, count: range.count)
            }
            precondition(scratch.count >= range.count, "scratch buffer too small")
            var done = 0
            while done < range.count {
                let position = range.lowerBound + done
                let step = min(range.count - done, Self.chunkCount - position % Self.chunkCount)
                (scratch.baseAddress! + done).initialize(
                    from: chunks[position / Self.chunkCount] + position % Self.chunkCount, count: step)
                done += step
            }
            return UnsafeBufferPointer(rebasing: scratch[0..<range.count])
        }
        precondition(scratch.count >= range.count, "scratch buffer too small")
        let bytes = range.count * MemoryLayout<Element>.stride
        var done = 0
        let base = UnsafeMutableRawPointer(scratch.baseAddress!)
        while done < bytes {
            let offset = off_t(range.lowerBound * MemoryLayout<Element>.stride + done)
            let got = pread(descriptor, base + done, bytes - done, offset)
            if got < 0 {
                if errno == EINTR { continue }
                throw FileSystemError("read the spilled trace in", path: directory, errno: errno)
            }
            if got == 0 { throw FileSystemError("the spilled trace in \(directory) ended early (was it truncated?)") }
            done += got
        }
        return UnsafeBufferPointer(rebasing: scratch[0..<range.count])
    }

    /// Creates the unlinked file and moves the values there.
    private func spill() throws(FileSystemError) {
        var template = Array((directory + "/vmlab-spill-XXXXXX").utf8CString)
        let opened = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard opened >= 0 else { throw FileSystemError("create a temporary file in", path: directory, errno: errno) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = opened
        for (index, chunk) in chunks.enumerated() {
            let values = min(Self.chunkCount, count - index * Self.chunkCount)
            try writeAll(
                UnsafeRawBufferPointer(start: chunk, count: values * MemoryLayout<Element>.stride),
                at: index * Self.chunkCount * MemoryLayout<Element>.stride)
        }
        chunks.forEach { $0.deallocate() }
        chunks = []
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(FileSystemError) {
        var done = 0
        while done < bytes.count {
            let wrote = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if wrote < 0 {
                if errno == EINTR { continue }
                throw FileSystemError("write the spilled trace to", path: directory, errno: errno)
            }
            if wrote == 0 { throw FileSystemError("write the spilled trace to", path: directory, errno: ENOSPC) }
            done += wrote
        }
    }
}
