public import VMCore

/// Gives each faulting page a free frame chosen uniformly at random (seeded), so physical placement carries no
/// order at all: the baseline against which first-free and next-free show their locality, and what a long-running
/// system's free list looks like after memory has been churned.
///
/// The free frames are kept in a dense pool with each frame's position in it: a draw swaps the chosen frame with
/// the last one and shrinks the pool; a released frame is appended. Random numbers: SplitMix64 (Steele, Lea &
/// Flood, OOPSLA 2014). Complexity: allocate and release O(1); memory O(frames).
public final class RandomFreeFrameAllocator: FrameAllocator {
    @exclusivity(unchecked) private var generator: SplitMix64
    private let frameCount: Int
    /// Free frames, `pool[0 ..< available]`.
    private let pool: UnsafeMutablePointer<Int32>
    /// Position of each free frame in `pool`, or -1 when the frame is in use.
    private let position: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) private var available: Int

    /// An allocator over `frames` frames, all free.
    public init(frames: Int, seed: UInt64) {
        generator = SplitMix64(seed: seed)
        frameCount = frames
        pool = .allocate(capacity: max(frames, 1))
        position = .allocate(capacity: max(frames, 1))
        for frame in 0..<frames {
            pool[frame] = Int32(frame)
            position[frame] = Int32(frame)
        }
        available = frames
    }

    deinit {
        pool.deallocate()
        position.deallocate()
    }

    public func allocate(for reference: PageReference, in memory: PhysicalMemory) -> Int? {
        guard available > 0 else { return nil }
        let index = generator.next(below: available)
        let frame = Int(pool[index])
        available -= 1
        let last = pool[available]
        pool[index] = last
        position[Int(last)] = Int32(index)
        position[frame] = -1
        return frame
    }

    public func released(frame: Int) {
        pool[available] = Int32(frame)
        position[frame] = Int32(available)
        available += 1
    }

    /// The pool holds exactly the machine's free frames, each at its recorded position.
    public func checkInvariants(memory: PhysicalMemory) throws(VMError) {
        guard available == memory.freeCount else {
            throw .contractViolation("random-free: pool holds \(available) frames; \(memory.freeCount) are free")
        }
        for frame in 0..<frameCount {
            let at = Int(position[frame])
            guard memory.free.isFree(frame) == (at >= 0), at < 0 || (at < available && Int(pool[at]) == frame) else {
                throw .contractViolation("random-free: frame \(frame) is misplaced in the pool")
            }
        }
    }
}

/// Registers `random-free`.
public enum RandomFreeAllocatorModule {
    public static let entries: [FrameAllocatorEntry] = [
        FrameAllocatorEntry(
            info: PolicyInfo(
                name: "random-free", kind: .allocation,
                summary: "a free frame chosen uniformly at random (seeded)",
                parameters: [.seed()],
                module: "RandomFreeAllocator",
                source: "random placement baseline (seeded SplitMix64: Steele, Lea & Flood, OOPSLA 2014)")
        ) { context throws(VMError) in
            RandomFreeFrameAllocator(frames: context.frames, seed: context.arguments.unsigned("seed"))
        }
    ]
}
