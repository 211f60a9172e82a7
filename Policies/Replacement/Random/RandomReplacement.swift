public import VMCore

/// Random replacement: evict a resident page chosen uniformly at random from a seeded SplitMix64 stream.
///
/// The baseline of L. A. Belady, "A study of replacement algorithms for a virtual-storage computer", IBM Systems
/// Journal 5(2), 1966. The same seed gives the same evictions everywhere.
///
/// Complexity: insert, access, evict and remove are O(1): a dense array of resident frames with a position index.
///
/// Growable (``GrowableReplacementPolicy``): decisions never depend on frame numbers, so under local scope an
/// instance stores only its process's frames; growing is O(capacity), amortised O(1) per frame.
///
/// Order (``residentOrder()``): none; the pages are listed in frame order.
public final class RandomReplacement: GrowableReplacementPolicy {
    @exclusivity(unchecked) private var resident: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) private var position: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var generator: SplitMix64

    public init(frames: Int, seed: UInt64) {
        capacity = frames
        resident = .allocate(capacity: frames)
        position = .allocate(capacity: frames)
        position.initialize(repeating: -1, count: frames)
        generator = SplitMix64(seed: seed)
    }

    deinit {
        resident.deallocate()
        position.deallocate()
    }

    public func inserted(frame: Int, reference: PageReference) {
        resident[count] = Int32(truncatingIfNeeded: frame)
        position[frame] = Int32(truncatingIfNeeded: count)
        count += 1
    }

    public func accessed(frame: Int, reference: PageReference) {}

    public func evict(for reference: PageReference) -> Int {
        let victim = Int(resident[generator.next(below: count)])
        removed(frame: victim)
        return victim
    }

    public var frameCapacity: Int { capacity }

    public func growFrames(to capacity: Int) {
        resident = FrameBuffer.grow(resident, from: self.capacity, to: capacity, filling: -1)
        position = FrameBuffer.grow(position, from: self.capacity, to: capacity, filling: -1)
        self.capacity = capacity
    }

    public func removed(frame: Int) {
        let index = Int(position[frame])
        count -= 1
        let last = resident[count]
        resident[index] = last
        position[Int(last)] = Int32(truncatingIfNeeded: index)
        position[frame] = -1
    }

    /// No order: the victim is drawn at random, so the pages are listed in frame order. O(n log n), allocating.
    public func residentOrder() -> ResidentOrder? {
        ResidentOrder(
            frames: (0..<count).map { Int(resident[$0]) }.sorted(),
            meaning: "no order: the victim is drawn at random (frame order)")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        guard count == residentCount else {
            throw .contractViolation("random tracks \(count) frames, \(residentCount) are resident")
        }
        for index in 0..<count {
            let frame = Int(resident[index])
            guard isResident(frame), Int(position[frame]) == index else {
                throw .contractViolation("random: frame \(frame) at \(index) is not resident or mis-indexed")
            }
        }
    }
}

/// Registers `random`.
public enum RandomPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "random", kind: .replacement,
                summary: "evict a resident page chosen uniformly at random (seeded)",
                parameters: [.seed()],
                module: "RandomPolicy",
                source: "Belady, IBM Systems Journal 1966")
        ) { context throws(VMError) in
            RandomReplacement(frames: context.frames, seed: context.arguments.unsigned("seed"))
        }
    ]
}
