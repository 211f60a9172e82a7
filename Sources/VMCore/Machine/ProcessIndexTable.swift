/// The machine's process index of each pid: a direct table for pids below ``directLimit`` (4 bytes per pid up to the
/// largest such pid seen, so at most 4 MiB), a dictionary for larger pids. A lookup in the direct table is one load,
/// cheap enough for every process switch and for batch prefetching across processes; a dictionary lookup hashes.
///
/// Memory: O(largest pid below the limit + processes above it). Time: O(1) per lookup, O(1) amortised per insertion.
struct ProcessIndexTable {
    /// Pids below this are looked up in the direct table.
    static let directLimit = 1 << 20

    /// Process index per pid, -1 for none: `direct[pid]` for `pid < directCount`.
    private(set) var direct: UnsafeMutablePointer<Int32>
    private(set) var directCount = 64
    private var others: [UInt32: Int] = [:]

    init() {
        direct = .allocate(capacity: directCount)
        direct.initialize(repeating: -1, count: directCount)
    }

    /// Frees the direct table (the owner calls it once, from its `deinit`).
    func deallocate() { direct.deallocate() }

    /// The process index of `pid`, or -1.
    @inline(__always)
    func index(of pid: UInt32) -> Int {
        let slot = Int(pid)
        if slot < directCount { return Int(direct[slot]) }
        return slot < Self.directLimit ? -1 : others[pid] ?? -1
    }

    /// Records that `pid` has process index `index` (below 2^31).
    mutating func set(_ pid: UInt32, index: Int) {
        let slot = Int(pid)
        guard slot < Self.directLimit else {
            others[pid] = index
            return
        }
        if slot >= directCount {
            var count = directCount
            while count <= slot { count *= 2 }
            count = min(count, Self.directLimit)
            let grown = UnsafeMutablePointer<Int32>.allocate(capacity: count)
            grown.moveInitialize(from: direct, count: directCount)
            (grown + directCount).initialize(repeating: -1, count: count - directCount)
            direct.deallocate()
            direct = grown
            directCount = count
        }
        direct[slot] = Int32(truncatingIfNeeded: index)
    }
}
