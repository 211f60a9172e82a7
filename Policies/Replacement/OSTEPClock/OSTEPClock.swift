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
/// last decrements a counter, so there are at most (sum of counters) + 1 ≤ n · max(bits, 1) + 1 of them — each
/// O(log n) to find the entry at the drawn index; insert and remove O(log n) (insert amortised). State:
/// ``IndexedFrameList`` (a plain array, like the script's list, costs O(n) to close the victim's gap).
///
/// Order (``residentOrder()``): none (probes are drawn at random); the pages are listed in load order, OSTEP's
/// `CLOCK` list, each with its use counter (`r=2`), and the same list is the load order it gives.
public final class OSTEPClock: ReplacementPolicy {
    /// Resident frames in load order.
    @exclusivity(unchecked) private var order: IndexedFrameList
    private let counter: UnsafeMutablePointer<Int>
    private let bits: Int
    @exclusivity(unchecked) private var generator: CPythonRandom

    public init(frames: Int, seed: UInt64, bits: Int) {
        precondition(bits >= 0, "ostep-clock needs bits >= 0")
        self.bits = bits
        order = IndexedFrameList(capacity: frames)
        counter = .allocate(capacity: max(1, frames))
        counter.initialize(repeating: 0, count: max(1, frames))
        generator = CPythonRandom(seed: seed)
    }

    deinit { counter.deallocate() }

    public func inserted(frame: Int, reference: PageReference) {
        order.append(frame)
        counter[frame] = 1
    }

    public func accessed(frame: Int, reference: PageReference) { counter[frame] = min(counter[frame] + 1, bits) }

    public func evict(for reference: PageReference) -> Int {
        while true {
            let frame = order.frame(at: generator.index(below: order.count))
            if counter[frame] >= 1 {
                counter[frame] -= 1
            } else {
                removed(frame: frame)
                return frame
            }
        }
    }

    public func removed(frame: Int) {
        order.remove(frame)
        counter[frame] = 0
    }

    /// The use counter of the page in `frame` (for tests).
    public func counter(ofFrame frame: Int) -> Int { counter[frame] }

    /// No order: probes are drawn at random; the load-ordered list as it is, each page noted with a non-zero use
    /// counter (`r=2`), and the same list as the load order. O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        let frames = order.frames()
        return ResidentOrder(
            frames.map { ResidentOrder.Entry(frame: $0, note: counter[$0] > 0 ? "r=\(counter[$0])" : nil) },
            meaning: "no order: probes are drawn at random (load order)", loadOrder: frames)
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        guard order.count == residentCount else {
            throw .contractViolation("ostep-clock tracks \(order.count) frames, \(residentCount) are resident")
        }
        try order.checkInvariants(name: "ostep-clock", isValid: isResident)
        for frame in order.frames() where counter[frame] < 0 || counter[frame] > max(bits, 1) {
            throw .contractViolation("ostep-clock: frame \(frame) has counter \(counter[frame])")
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
