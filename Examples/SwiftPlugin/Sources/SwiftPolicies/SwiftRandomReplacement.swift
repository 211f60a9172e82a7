import VMCore

/// Random replacement in Swift: the victim is drawn uniformly among the resident frames with a seeded SplitMix64
/// stream, exactly as the built-in `random` draws it, so the same seed gives the same numbers.
///
/// Source: Belady, "A study of replacement algorithms for a virtual-storage computer", IBM Systems Journal 5(2),
/// 1966 (RAND). Complexity: every operation O(1) (a dense array of resident frames and each frame's position in
/// it, swap-removal on eviction). Storage lives in buffers the policy owns: nothing is allocated per access.
final class SwiftRandomReplacement: ReplacementPolicy {
    private let resident: UnsafeMutablePointer<Int32>
    private let position: UnsafeMutablePointer<Int32>
    private let frames: Int
    private var count = 0
    private var generator: SplitMix64

    init(frames: Int, seed: UInt64) {
        self.frames = frames
        resident = .allocate(capacity: frames)
        position = .allocate(capacity: frames)
        position.initialize(repeating: -1, count: frames)
        generator = SplitMix64(seed: seed)
    }

    deinit {
        resident.deallocate()
        position.deallocate()
    }

    func inserted(frame: Int, reference: PageReference) {
        resident[count] = Int32(truncatingIfNeeded: frame)
        position[frame] = Int32(truncatingIfNeeded: count)
        count += 1
    }

    func accessed(frame: Int, reference: PageReference) {}

    func evict(for reference: PageReference) -> Int {
        let victim = Int(resident[generator.next(below: count)])
        removed(frame: victim)
        return victim
    }

    func removed(frame: Int) {
        let index = Int(position[frame])
        count -= 1
        let last = resident[count]
        resident[index] = last
        position[Int(last)] = Int32(truncatingIfNeeded: index)
        position[frame] = -1
    }

    func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        guard count == residentCount else {
            throw .contractViolation("swift-random tracks \(count) frames, \(residentCount) are resident")
        }
    }

    static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "swift-random", kind: .replacement,
                summary:
                    "random replacement written in Swift, exported through VMPluginKit (the built-in random's draws)",
                parameters: [.seed()], module: "SwiftPolicies",
                source: "Belady, IBM Systems Journal 5(2), 1966 (Examples/SwiftPlugin)")
        ) { context throws(VMError) in
            SwiftRandomReplacement(frames: context.frames, seed: context.arguments.unsigned("seed"))
        }
    ]
}
