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
/// State: ``IndexedFrameList``, which finds the entry at an index and closes the gap behind a removal without
/// moving entries (a Fenwick tree over load slots).
///
/// Complexity: access O(1); insert, evict and remove O(log n) (insert amortised). (A plain array, like the script's
/// list, makes evict and remove O(n): a `memmove` of up to n entries.)
///
/// Order (``residentOrder()``): none (the victim is drawn at random); the pages are listed in load order, OSTEP's
/// `RAND` list, which is also the load order it gives.
public final class OSTEPRand: ReplacementPolicy {
    /// Resident frames in load order.
    @exclusivity(unchecked) private var order: IndexedFrameList
    @exclusivity(unchecked) private var generator: CPythonRandom

    public init(frames: Int, seed: UInt64) {
        order = IndexedFrameList(capacity: frames)
        generator = CPythonRandom(seed: seed)
    }

    public func inserted(frame: Int, reference: PageReference) { order.append(frame) }

    public func accessed(frame: Int, reference: PageReference) {}

    public func evict(for reference: PageReference) -> Int {
        let victim = order.frame(at: generator.index(below: order.count))
        order.remove(victim)
        return victim
    }

    public func removed(frame: Int) { order.remove(frame) }

    /// No order: the victim's index in the load-ordered list is drawn at random; the list is given as it is, and as
    /// the load order. O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        let frames = order.frames()
        return ResidentOrder(
            frames: frames, meaning: "no order: the victim is drawn at random (load order)", loadOrder: frames)
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        guard order.count == residentCount else {
            throw .contractViolation("ostep-rand tracks \(order.count) frames, \(residentCount) are resident")
        }
        try order.checkInvariants(name: "ostep-rand", isValid: isResident)
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
