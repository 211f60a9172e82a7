import CVMSupport

extension Machine {
    /// How many accesses ahead ``step(batch:nextUse:)`` prefetches page-table entries.
    static let prefetchDistance = 12

    /// Steps every access in order: exactly what calling ``step(_:nextUse:)`` on each would do, faster. While
    /// access `i` runs, the page-table entry of access `i + prefetchDistance` is prefetched, so the cache miss on a
    /// cold entry overlaps with useful work instead of stalling it.
    /// - Parameter nextUse: next-use times, one per access, or nil (`Int.max` for all).
    public func step(batch accesses: UnsafeBufferPointer<Access>, nextUse: UnsafeBufferPointer<Int>?) throws(VMError) {
        precondition(nextUse == nil || nextUse!.count >= accesses.count)
        if configuration.checksInvariants {
            for index in accesses.indices { try step(accesses[index], nextUse: nextUse?[index] ?? .max) }
            return
        }
        let count = accesses.count
        let ahead = Self.prefetchDistance
        if let nextUse {
            for index in 0..<count {
                if index &+ ahead < count { prefetchEntry(of: accesses[index &+ ahead]) }
                try stepWithoutChecks(accesses[index], nextUse: nextUse[index])
            }
        } else {
            for index in 0..<count {
                if index &+ ahead < count { prefetchEntry(of: accesses[index &+ ahead]) }
                try stepWithoutChecks(accesses[index], nextUse: .max)
            }
        }
    }

    /// Prefetches the leaf entry of a user access of the current process, when its tables exist.
    @inline(__always)
    func prefetchEntry(of access: Access) {
        guard access.pid == lastPID, access.address < userLimit else { return }
        let pool = hot[lastProcessIndex].pool
        let index = leafIndex(pool: pool, page: access.address >> pageShift)
        if index >= 0 { vm_prefetch(pool + index) }
    }
}
