public import VMCore

/// The `CLOCK` of OSTEP's homework simulator, bit for bit. Despite the name it has no hand: resident pages are kept
/// in one list in load order, each with a small use counter. To evict, draw an index `int(random() * count)`; if
/// that page's counter is at least 1, decrement it and draw again; otherwise evict it (its counter is forgotten).
/// After every access, hit or miss, the page's counter becomes 1 if it had none (a page just loaded), else
/// `min(counter + 1, bits)`. `random()` is CPython's generator seeded by `random.seed(seed)` (``CPythonRandom``):
/// one draw per probe, none on hits or while memory fills.
///
/// R. H. & A. C. Arpaci-Dusseau, *Operating Systems: Three Easy Pieces*, ch. 22 homework,
/// `vm-beyondphys-policy/paging-policy.py -p CLOCK -b BITS -s SEED -C FRAMES` (with `-a` given). Its cache size in
/// pages is the frame count. Defaults follow the script: `seed=0`, `bits=2`. With `bits=0` a hit sets the counter
/// to 0, as the script does.
///
/// Complexity: insert and access O(1); evict O(n · bits) worst case — each probe is O(1) and every probe but the
/// last decrements a counter, so there are at most (sum of counters) + 1 ≤ n · max(bits, 1) + 1 of them — plus
/// O(n) to close the victim's gap in the list; remove O(n).
///
/// Order (``residentOrder()``): none (probes are drawn at random); the pages are listed in load order, OSTEP's
/// `CLOCK` list, each with its use counter (`r=2`), and the same list is the load order it gives.
public final class OSTEPClock: ReplacementPolicy {
    /// Resident frames in load order.
    private let order: UnsafeMutablePointer<Int32>
    private let counter: UnsafeMutablePointer<Int>
    private let bits: Int
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var generator: CPythonRandom

    public init(frames: Int, seed: UInt64, bits: Int) {
        precondition(bits >= 0, "ostep-clock needs bits >= 0")
        self.bits = bits
        order = .allocate(capacity: frames)
        counter = .allocate(capacity: frames)
        counter.initialize(repeating: 0, count: frames)
        generator = CPythonRandom(seed: seed)
    }

    deinit {
        order.deallocate()
        counter.deallocate()
    }

    public func inserted(frame: Int, reference: PageReference) {
        order[count] = Int32(truncatingIfNeeded: frame)
        count += 1
        counter[frame] = 1
    }

    public func accessed(frame: Int, reference: PageReference) { counter[frame] = min(counter[frame] + 1, bits) }

    public func evict(for reference: PageReference) -> Int {
        while true {
            let index = generator.index(below: count)
            let frame = Int(order[index])
            if counter[frame] >= 1 {
                counter[frame] -= 1
            } else {
                remove(at: index)
                return frame
            }
        }
    }

    public func removed(frame: Int) {
        var index = 0
        while Int(order[index]) != frame { index += 1 }
        remove(at: index)
    }

    /// The use counter of the page in `frame` (for tests).
    public func counter(ofFrame frame: Int) -> Int { counter[frame] }

    private func remove(at index: Int) {
        counter[Int(order[index])] = 0
        (order + index).update(from: order + index + 1, count: count - index - 1)
        count -= 1
    }

    /// No order: probes are drawn at random; the load-ordered list as it is, each page noted with a non-zero use
    /// counter (`r=2`), and the same list as the load order. O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        let frames = (0..<count).map { Int(order[$0]) }
        return ResidentOrder(
            frames.map { ResidentOrder.Entry(frame: $0, note: counter[$0] > 0 ? "r=\(counter[$0])" : nil) },
            meaning: "no order: probes are drawn at random (load order)", loadOrder: frames)
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        guard count == residentCount else {
            throw .contractViolation("ostep-clock tracks \(count) frames, \(residentCount) are resident")
        }
        var seen = Set<Int32>()
        for index in 0..<count {
            let frame = order[index]
            guard isResident(Int(frame)), seen.insert(frame).inserted else {
                throw .contractViolation("ostep-clock: frame \(frame) is listed twice or is not resident")
            }
            guard counter[Int(frame)] >= 0, counter[Int(frame)] <= max(bits, 1) else {
                throw .contractViolation("ostep-clock: frame \(frame) has counter \(counter[Int(frame)])")
            }
        }
    }
}

/// Registers `ostep-clock`.
public enum OSTEPClockPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "ostep-clock", kind: .replacement,
                summary: "OSTEP paging-policy.py CLOCK, bit for bit: random probes decrement use counters",
                parameters: [
                    .seed(default: 0),
                    PolicyParameter(
                        name: "bits", type: .integer, defaultValue: "2",
                        summary: "ceiling of each page's use counter (the script's -b, clock bits)"),
                ],
                module: "OSTEPClockPolicy",
                source: "Arpaci-Dusseau, Operating Systems: Three Easy Pieces, ch. 22, paging-policy.py")
        ) { context throws(VMError) in
            let bits = context.arguments.integer("bits")
            try context.arguments.require(bits >= 0 && bits <= 1 << 20, "bits", "between 0 and 1048576")
            return OSTEPClock(frames: context.frames, seed: context.arguments.unsigned("seed"), bits: bits)
        }
    ]
}
