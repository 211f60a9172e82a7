import CVMSupport

extension Machine {
    /// How many accesses ahead ``step(batch:nextUse:)`` prefetches page-table entries (a power of two).
    static let prefetchDistance = 16

    /// Steps every access in order: exactly what calling ``step(_:nextUse:)`` on each would do, faster. While
    /// access `i` runs, the leaf entry of access `i + prefetchDistance` is located and prefetched, so the cache miss
    /// on a cold entry overlaps with useful work; the located index is kept and used when that access runs.
    /// - Parameters:
    ///   - accesses: the accesses, in order.
    ///   - nextUse: next-use times, one per access, or nil (`Int.max` for all).
    public func step(batch accesses: UnsafeBufferPointer<Access>, nextUse: UnsafeBufferPointer<Int>?) throws(VMError) {
        precondition(nextUse == nil || nextUse!.count >= accesses.count)
        if configuration.checksInvariants {
            for index in accesses.indices { try step(accesses[index], nextUse: nextUse?[index] ?? .max) }
            return
        }
        let count = accesses.count
        let ahead = Self.prefetchDistance
        // Entry index located for each of the next `ahead` accesses (-1: not located); valid while no page table
        // was replaced.
        let resets = tableResets
        try withUnsafeTemporaryAllocation(of: Int.self, capacity: ahead) { ring throws(VMError) in
            for index in 0..<min(ahead, count) { ring[index] = locate(accesses[index]) }
            for index in 0..<count {
                let slot = index & (ahead - 1)
                let known = tableResets == resets ? ring[slot] : -1
                ring[slot] = index &+ ahead < count ? locate(accesses[index &+ ahead]) : -1
                try stepWithoutChecks(accesses[index], nextUse: nextUse?[index] ?? .max, knownEntry: known)
            }
        }
    }

    /// The leaf-entry index of a user access, prefetched; -1 when it cannot be located cheaply (a process not met
    /// yet or with a large pid, a kernel address, a missing table, a compact table: ``lastRoot``). Processes other
    /// than the current one are found through the direct pid table, so interleaved processes are prefetched too.
    @inline(__always)
    func locate(_ access: Access) -> Int {
        guard access.address < userLimit else { return -1 }
        let root: UnsafeMutablePointer<UInt64>
        if access.pid == lastPID {
            root = lastRoot
        } else {
            let pid = Int(access.pid)
            guard pid < processIndexByPID.directCount else { return -1 }
            let process = Int(processIndexByPID.direct[pid])
            guard process >= 0, hot[process].compactCapacity == 0 else { return -1 }
            root = hot[process].pool
        }
        let index = radixIndex(root: root, page: access.address >> pageShift)
        if index >= 0 { vm_prefetch(root + index) }
        return index
    }
}
