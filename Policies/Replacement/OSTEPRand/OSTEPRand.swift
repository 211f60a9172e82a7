public import VMCore

/// Random replacement exactly as OSTEP's homework simulator computes it, so its answers can be checked here:
/// resident pages are kept in one list in load order (a victim leaves the list, a new page is appended); the
/// victim is the entry at index `int(random() * count)`, with `random()` CPython's generator seeded by
/// `random.seed(seed)` (``CPythonRandom``). One draw per eviction; none on hits or while memory fills.
///
/// R. H. & A. C. Arpaci-Dusseau, *Operating Systems: Three Easy Pieces*, ch. 22 homework,
/// `vm-beyondphys-policy/paging-policy.py -p RAND -s SEED -C FRAMES` (with `-a` given, so no address generation
/// draws from the stream first). Its cache size in pages is the frame count; `count` is the number of pages this
/// instance holds, which is the frame count whenever the machine asks for a victim in reference-string mode.
/// Seeds are unsigned 64-bit values (the script's default is 0).
///
/// Complexity: insert and access O(1); evict O(n) (the list closes the gap, a `memmove` of at most n entries);
/// remove O(n) (a scan, then the same move).
///
/// Order (``residentOrder()``): none (the victim is drawn at random); the pages are listed in load order, OSTEP's
/// `RAND` list, which is also the load order it gives.
public final class OSTEPRand: ReplacementPolicy {
    /// Resident frames in load order.
    private let order: UnsafeMutablePointer<Int32>
    private let capacity: Int
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var generator: CPythonRandom

    public init(frames: Int, seed: UInt64) {
        capacity = frames
        order = .allocate(capacity: frames)
        generator = CPythonRandom(seed: seed)
    }

    deinit { order.deallocate() }

    public func inserted(frame: Int, reference: PageReference) {
        order[count] = Int32(truncatingIfNeeded: frame)
        count += 1
    }

    public func accessed(frame: Int, reference: PageReference) {}

    public func evict(for reference: PageReference) -> Int {
        let index = generator.index(below: count)
        let victim = Int(order[index])
        remove(at: index)
        return victim
    }

    public func removed(frame: Int) {
        var index = 0
        while Int(order[index]) != frame { index += 1 }
        remove(at: index)
    }

    private func remove(at index: Int) {
        (order + index).update(from: order + index + 1, count: count - index - 1)
        count -= 1
    }

    /// No order: the victim's index in the load-ordered list is drawn at random; the list is given as it is, and as
    /// the load order. O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        let frames = (0..<count).map { Int(order[$0]) }
        return ResidentOrder(
            frames: frames, meaning: "no order: the victim is drawn at random (load order)", loadOrder: frames)
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        guard count == residentCount else {
            throw .contractViolation("ostep-rand tracks \(count) frames, \(residentCount) are resident")
        }
        var seen = Set<Int32>()
        for index in 0..<count {
            guard isResident(Int(order[index])), seen.insert(order[index]).inserted else {
                throw .contractViolation("ostep-rand: frame \(order[index]) is listed twice or is not resident")
            }
        }
    }
}

/// Registers `ostep-rand`.
public enum OSTEPRandPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "ostep-rand", kind: .replacement,
                summary: "OSTEP paging-policy.py RAND, bit for bit (CPython's random stream, load-ordered list)",
                parameters: [.seed(default: 0)],
                module: "OSTEPRandPolicy",
                source: "Arpaci-Dusseau, Operating Systems: Three Easy Pieces, ch. 22, paging-policy.py")
        ) { context throws(VMError) in
            OSTEPRand(frames: context.frames, seed: context.arguments.unsigned("seed"))
        }
    ]
}
