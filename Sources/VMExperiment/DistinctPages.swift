public import VMCore
public import VMTrace

/// How many distinct pages a workload touches: the working-set size relative memory sizes (`5%`) are fractions of,
/// as libCacheSim's cache-size ratios are fractions of a trace's distinct objects. A page is a (process, page
/// number) pair, so two processes' page 7 count twice.
public enum DistinctPages {
    /// Bytes one distinct page takes in the set while counting (a 16-byte key in a hash set at most 3/4 full,
    /// with its metadata), rounded up.
    public static let bytesPerPage: UInt64 = 48

    private struct Key: Hashable {
        var pid: UInt32
        var page: UInt64
    }

    /// Counts the distinct pages among `accesses` (kernel accesses included, by their pid).
    public static func count(_ accesses: some Sequence<Access>, pageShift: Int) -> Int {
        var seen = Set<Key>()
        for access in accesses { seen.insert(Key(pid: access.pid, page: access.address >> UInt64(pageShift))) }
        return seen.count
    }

    /// Counts the distinct pages of `source` in one streaming pass over its first `limit` accesses (all when nil),
    /// holding only the set of pages seen: checked against ``MemoryBudget/current`` as it grows, so a trace with
    /// too many pages is an error that says how far it got, not an exhausted machine.
    public static func count(_ reader: TraceReader, pageShift: Int, limit: Int? = nil) throws(TraceError) -> Int {
        var seen = Set<Key>()
        let budget = MemoryBudget.current
        let batch = 1 << 16
        let buffer = UnsafeMutableBufferPointer<Access>.allocate(capacity: batch)
        defer { buffer.deallocate() }
        var read = 0
        while limit.map({ read < $0 }) ?? true {
            let wanted = min(batch, (limit ?? Int.max) - read)
            let count = try reader.read(into: UnsafeMutableBufferPointer(rebasing: buffer[0..<wanted]))
            if count == 0 { break }
            read += count
            for access in buffer[0..<count] {
                seen.insert(Key(pid: access.pid, page: access.address >> UInt64(pageShift)))
            }
            if !budget.holds(seen.count, of: bytesPerPage) {
                throw .overBudget(
                    reader, "counting distinct pages", budget: budget, after: "\(seen.count) pages",
                    bytesEach: bytesPerPage, advice: "give absolute sizes, a limit or a larger --max-memory")
            }
        }
        return seen.count
    }

    /// Counts the distinct pages of a shared trace in one pass over its blocks.
    public static func count(_ trace: SharedTrace) throws -> Int {
        var seen = Set<Key>()
        let shift = UInt64(trace.pageShift)
        try trace.forEachBlock(wantsNextUse: false) { accesses, _ in
            for access in accesses { seen.insert(Key(pid: access.pid, page: access.address >> shift)) }
        }
        return seen.count
    }
}
