public import VMCore

/// Not frequently used: each resident page has a counter and a reference bit (set when the page is loaded and on
/// every hit). Every `interval` accesses a tick adds each page's reference bit to its counter and clears the bit.
/// The victim is the page with the smallest counter; ties go to the page loaded earliest. Counters never decay, so
/// a page heavily used long ago stays — the flaw that `aging` fixes.
///
/// A. S. Tanenbaum & H. Bos, *Modern Operating Systems*, 4th ed., §3.4.7 (2015), "Simulating LRU in software".
///
/// Time is virtual: the tick at time `k · interval` (k ≥ 1) runs before the policy handles the access at that
/// time; ticks the policy did not witness (local replacement) are caught up on its next event, the reference bit
/// counting once.
///
/// Complexity: insert and access O(1) plus a tick when one is due; evict O(n) (a scan for the smallest counter);
/// remove O(1); a tick O(n), so O(n / interval) amortised per access.
public final class NFU: ReplacementPolicy {
    private let counter: UnsafeMutablePointer<UInt64>
    private let referenced: UnsafeMutablePointer<Bool>
    private let loaded: UnsafeMutablePointer<Int>
    /// Resident frames, dense, with each frame's index in `position` (-1 when not resident).
    private let resident: UnsafeMutablePointer<Int32>
    private let position: UnsafeMutablePointer<Int32>
    private var count = 0
    private let interval: Int
    private var nextTick: Int

    public init(frames: Int, interval: Int) {
        precondition(interval >= 1)
        self.interval = interval
        nextTick = interval
        counter = .allocate(capacity: frames)
        counter.initialize(repeating: 0, count: frames)
        referenced = .allocate(capacity: frames)
        referenced.initialize(repeating: false, count: frames)
        loaded = .allocate(capacity: frames)
        loaded.initialize(repeating: 0, count: frames)
        resident = .allocate(capacity: frames)
        position = .allocate(capacity: frames)
        position.initialize(repeating: -1, count: frames)
    }

    deinit {
        counter.deallocate()
        referenced.deallocate()
        loaded.deallocate()
        resident.deallocate()
        position.deallocate()
    }

    @inline(__always)
    private func advance(to time: Int) {
        guard time >= nextTick else { return }
        nextTick += ((time - nextTick) / interval + 1) * interval
        for index in 0..<count {
            let frame = Int(resident[index])
            if referenced[frame] { counter[frame] &+= 1 }
            referenced[frame] = false
        }
    }

    public func inserted(frame: Int, reference: PageReference) {
        advance(to: reference.time)
        counter[frame] = 0
        referenced[frame] = true
        loaded[frame] = reference.time
        resident[count] = Int32(truncatingIfNeeded: frame)
        position[frame] = Int32(truncatingIfNeeded: count)
        count += 1
    }

    public func accessed(frame: Int, reference: PageReference) {
        advance(to: reference.time)
        referenced[frame] = true
    }

    public func evict(for reference: PageReference) -> Int {
        advance(to: reference.time)
        var victim = Int(resident[0])
        for index in 1..<count {
            let frame = Int(resident[index])
            if counter[frame] < counter[victim] || (counter[frame] == counter[victim] && loaded[frame] < loaded[victim])
            {
                victim = frame
            }
        }
        removed(frame: victim)
        return victim
    }

    public func removed(frame: Int) {
        let index = Int(position[frame])
        count -= 1
        let last = resident[count]
        resident[index] = last
        position[Int(last)] = Int32(truncatingIfNeeded: index)
        position[frame] = -1
        referenced[frame] = false
        counter[frame] = 0
    }

    /// The NFU counter of the page in `frame` (for tests).
    public func counter(ofFrame frame: Int) -> UInt64 { counter[frame] }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        guard count == residentCount else {
            throw .contractViolation("nfu tracks \(count) frames, \(residentCount) are resident")
        }
        for index in 0..<count {
            let frame = Int(resident[index])
            guard isResident(frame), Int(position[frame]) == index else {
                throw .contractViolation("nfu: frame \(frame) at \(index) is not resident or mis-indexed")
            }
        }
    }
}

/// Registers `nfu`.
public enum NFUPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "nfu", kind: .replacement,
                summary: "not frequently used: each tick adds the reference bit to a counter; evict the smallest",
                parameters: [
                    PolicyParameter(
                        name: "interval", type: .integer, defaultValue: "100",
                        summary: "accesses between ticks (virtual time)")
                ],
                module: "NFUPolicy",
                source: "Tanenbaum & Bos, Modern Operating Systems, 4th ed. 2015, §3.4.7")
        ) { context throws(VMError) in
            let interval = context.arguments.integer("interval")
            try context.arguments.require(interval >= 1, "interval", "at least 1")
            return NFU(frames: context.frames, interval: interval)
        }
    ]
}
