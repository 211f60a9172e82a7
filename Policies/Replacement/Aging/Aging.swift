public import VMCore

/// Aging: each resident page has an n-bit counter and a reference bit (set when the page is loaded and on every
/// hit). Every `interval` accesses a tick shifts every counter right by one and ORs the page's reference bit into
/// the most significant bit, then clears the bit. The victim is the page with the smallest counter; ties go to the
/// page loaded earliest. A new page starts at 0, so until the next tick it is the first candidate — the textbook
/// behaviour, most visible when `interval` is long.
///
/// A. S. Tanenbaum & H. Bos, *Modern Operating Systems*, 4th ed., §3.4.7 (2015), "Simulating LRU in software":
/// aging is NFU (`nfu`) with the counters shifted, so that recent references outweigh old ones.
///
/// Time is virtual: the tick at time `k · interval` (k ≥ 1) runs before the policy handles the access at that
/// time; ticks the policy did not witness (with local replacement it sees only its own process's accesses) are
/// caught up on its next event, the reference bit counting only in the first of them.
///
/// Complexity: insert and access O(1) plus a tick when one is due; evict O(n) (a scan for the smallest counter);
/// remove O(1); a tick O(n), so O(n / interval) amortised per access.
public final class Aging: ReplacementPolicy {
    private let counter: UnsafeMutablePointer<UInt64>
    private let referenced: UnsafeMutablePointer<Bool>
    private let loaded: UnsafeMutablePointer<Int>
    /// Resident frames, dense, with each frame's index in `position` (-1 when not resident).
    private let resident: UnsafeMutablePointer<Int32>
    private let position: UnsafeMutablePointer<Int32>
    private var count = 0
    private let interval: Int
    private let bits: Int
    private var nextTick: Int

    public init(frames: Int, bits: Int, interval: Int) {
        precondition(bits >= 1 && bits <= 64 && interval >= 1)
        self.bits = bits
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
        if time >= nextTick { tick(upTo: time) }
    }

    private func tick(upTo time: Int) {
        let ticks = (time - nextTick) / interval + 1
        nextTick += ticks * interval
        let top: UInt64 = 1 << UInt64(bits - 1)
        for index in 0..<count {
            let frame = Int(resident[index])
            var value = (counter[frame] >> 1) | (referenced[frame] ? top : 0)
            value = ticks - 1 >= 64 ? 0 : value >> UInt64(ticks - 1)
            counter[frame] = value
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

    /// The aging counter of the page in `frame` (for tests).
    public func counter(ofFrame frame: Int) -> UInt64 { counter[frame] }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        guard count == residentCount else {
            throw .contractViolation("aging tracks \(count) frames, \(residentCount) are resident")
        }
        for index in 0..<count {
            let frame = Int(resident[index])
            guard isResident(frame), Int(position[frame]) == index else {
                throw .contractViolation("aging: frame \(frame) at \(index) is not resident or mis-indexed")
            }
            guard bits == 64 || counter[frame] >> UInt64(bits) == 0 else {
                throw .contractViolation("aging: frame \(frame) counter \(counter[frame]) exceeds \(bits) bits")
            }
        }
    }
}

/// Registers `aging`.
public enum AgingPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "aging", kind: .replacement,
                summary:
                    "n-bit aging counters: each tick shifts right and ORs the reference bit in; evict the smallest",
                parameters: [
                    PolicyParameter(
                        name: "bits", type: .integer, defaultValue: "8", summary: "counter width, 1 to 64 bits"),
                    PolicyParameter(
                        name: "interval", type: .integer, defaultValue: "100",
                        summary: "accesses between ticks (virtual time)"),
                ],
                module: "AgingPolicy",
                source: "Tanenbaum & Bos, Modern Operating Systems, 4th ed. 2015, §3.4.7")
        ) { context throws(VMError) in
            let bits = context.arguments.integer("bits")
            let interval = context.arguments.integer("interval")
            try context.arguments.require(bits >= 1 && bits <= 64, "bits", "between 1 and 64")
            try context.arguments.require(interval >= 1, "interval", "at least 1")
            return Aging(frames: context.frames, bits: bits, interval: interval)
        }
    ]
}
