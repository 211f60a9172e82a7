public import VMCore

/// Not recently used: each resident page has a reference bit R (set when the page is loaded and on every hit) and
/// a modified bit M (set by a write: a faulting write or a write hit). Every `interval` accesses a tick clears all
/// R bits. Pages fall in four classes, 2·R + M: (0) not referenced, clean; (1) not referenced, modified;
/// (2) referenced, clean; (3) referenced, modified. The victim is drawn uniformly at random from the lowest
/// non-empty class, with a seeded ``SplitMix64`` stream. M is cleared only when the page leaves (the machine
/// writes dirty pages on eviction; there is no cleaning daemon that would clear it earlier).
///
/// A. S. Tanenbaum & H. Bos, *Modern Operating Systems*, 4th ed., §3.4.2 (2015).
///
/// Time is virtual: the tick at time `k · interval` (k ≥ 1) runs before the policy handles the access at that
/// time; missed ticks (local replacement) are caught up on the next event.
///
/// Complexity: insert, access, evict and remove O(1) (four dense class arrays with a position index per frame);
/// a tick O(n), so O(n / interval) amortised per access.
///
/// Growable (``GrowableReplacementPolicy``): decisions never depend on frame numbers, so under local scope an
/// instance stores only its process's frames; growing is O(capacity), amortised O(1) per frame.
///
/// Order (``residentOrder()``): one group per non-empty class, lowest first (`r=1`, `m=1` on the pages), frame
/// order within a class: the victim is drawn at random from the first group.
public final class NRU: GrowableReplacementPolicy {
    @exclusivity(unchecked) private var capacity: Int
    /// Class `c` holds `members[c · capacity ..< c · capacity + size[c]]`.
    @exclusivity(unchecked) private var members: UnsafeMutablePointer<Int32>
    private let size: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private var classOf: UnsafeMutablePointer<Int8>
    @exclusivity(unchecked) private var position: UnsafeMutablePointer<Int32>
    private let interval: Int
    @exclusivity(unchecked) private var nextTick: Int
    @exclusivity(unchecked) private var generator: SplitMix64

    public init(frames: Int, interval: Int, seed: UInt64) {
        precondition(interval >= 1)
        capacity = frames
        self.interval = interval
        nextTick = interval
        members = .allocate(capacity: 4 * frames)
        size = .allocate(capacity: 4)
        size.initialize(repeating: 0, count: 4)
        classOf = .allocate(capacity: frames)
        classOf.initialize(repeating: -1, count: frames)
        position = .allocate(capacity: frames)
        position.initialize(repeating: -1, count: frames)
        generator = SplitMix64(seed: seed)
    }

    deinit {
        members.deallocate()
        size.deallocate()
        classOf.deallocate()
        position.deallocate()
    }

    private func add(_ frame: Int, to pageClass: Int) {
        let index = size[pageClass]
        members[pageClass * capacity + index] = Int32(truncatingIfNeeded: frame)
        position[frame] = Int32(truncatingIfNeeded: index)
        classOf[frame] = Int8(pageClass)
        size[pageClass] = index + 1
    }

    private func take(_ frame: Int) {
        let pageClass = Int(classOf[frame])
        let index = Int(position[frame])
        let last = size[pageClass] - 1
        let moved = members[pageClass * capacity + last]
        members[pageClass * capacity + index] = moved
        position[Int(moved)] = Int32(truncatingIfNeeded: index)
        size[pageClass] = last
        classOf[frame] = -1
        position[frame] = -1
    }

    @inline(__always)
    private func advance(to time: Int) {
        guard time >= nextTick else { return }
        nextTick += ((time - nextTick) / interval + 1) * interval
        // Clear R: classes 2 and 3 move down to 0 and 1.
        for pageClass in 2...3 {
            while size[pageClass] > 0 {
                let frame = Int(members[pageClass * capacity + size[pageClass] - 1])
                take(frame)
                add(frame, to: pageClass - 2)
            }
        }
    }

    public func inserted(frame: Int, reference: PageReference) {
        advance(to: reference.time)
        add(frame, to: reference.kind == .write ? 3 : 2)
    }

    public func accessed(frame: Int, reference: PageReference) {
        advance(to: reference.time)
        let current = Int(classOf[frame])
        let updated = 2 | (current & 1) | (reference.kind == .write ? 1 : 0)
        if updated != current {
            take(frame)
            add(frame, to: updated)
        }
    }

    public func evict(for reference: PageReference) -> Int {
        advance(to: reference.time)
        var pageClass = 0
        while size[pageClass] == 0 { pageClass += 1 }
        let victim = Int(members[pageClass * capacity + generator.next(below: size[pageClass])])
        take(victim)
        return victim
    }

    public func removed(frame: Int) { take(frame) }

    public var frameCapacity: Int { capacity }

    /// Each class's members move to their rows in the wider table, in the same order.
    public func growFrames(to newCapacity: Int) {
        let grown = UnsafeMutablePointer<Int32>.allocate(capacity: 4 * newCapacity)
        for pageClass in 0..<4 {
            (grown + pageClass * newCapacity).initialize(from: members + pageClass * capacity, count: size[pageClass])
        }
        members.deallocate()
        members = grown
        classOf = FrameBuffer.grow(classOf, from: capacity, to: newCapacity, filling: -1)
        position = FrameBuffer.grow(position, from: capacity, to: newCapacity, filling: -1)
        capacity = newCapacity
    }

    /// The class (2·R + M) of the page in `frame`, or nil when the frame is not tracked (for tests).
    public func pageClass(ofFrame frame: Int) -> Int? { classOf[frame] < 0 ? nil : Int(classOf[frame]) }

    /// The classes lowest first, each in frame order (the draw picks any member). O(n log n), allocating.
    public func residentOrder() -> ResidentOrder? {
        let groups = (0..<4).filter { size[$0] > 0 }.map { pageClass in
            ResidentOrder.Group(
                name: "class \(pageClass)",
                entries: (0..<size[pageClass]).map { Int(members[pageClass * capacity + $0]) }.sorted().map {
                    ResidentOrder.Entry(
                        frame: $0,
                        note: ResidentOrder.note(pageClass >= 2 ? "r=1" : nil, pageClass & 1 == 1 ? "m=1" : nil))
                })
        }
        return ResidentOrder(
            groups: groups, meaning: "lowest class first; no order within a class: the victim is drawn at random")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        let total = size[0] + size[1] + size[2] + size[3]
        guard total == residentCount else {
            throw .contractViolation("nru tracks \(total) frames, \(residentCount) are resident")
        }
        for pageClass in 0..<4 {
            for index in 0..<size[pageClass] {
                let frame = Int(members[pageClass * capacity + index])
                guard isResident(frame), Int(classOf[frame]) == pageClass, Int(position[frame]) == index else {
                    throw .contractViolation("nru: frame \(frame) in class \(pageClass) is mis-indexed or not resident")
                }
            }
        }
    }
}

/// Registers `nru`.
public enum NRUPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "nru", kind: .replacement,
                summary:
                    "not recently used: random page of the lowest (referenced, modified) class; R cleared per tick",
                parameters: [
                    PolicyParameter(
                        name: "interval", type: .integer, defaultValue: "100",
                        summary: "accesses between clearings of the reference bits (virtual time)"),
                    .seed(),
                ],
                module: "NRUPolicy",
                source: "Tanenbaum & Bos, Modern Operating Systems, 4th ed. 2015, §3.4.2")
        ) { context throws(VMError) in
            let interval = context.arguments.integer("interval")
            try context.arguments.require(interval >= 1, "interval", "at least 1")
            return NRU(frames: context.frames, interval: interval, seed: context.arguments.unsigned("seed"))
        }
    ]
}
