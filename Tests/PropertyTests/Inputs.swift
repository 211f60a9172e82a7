import PropertyBased
import VMCore

/// One access of a generated workload: a user read or write of `page` by `pid`, or (when `kernel`) a kernel write
/// through the direct map to frame `page mod frames`.
struct Step: Hashable, Sendable, CustomStringConvertible {
    var pid: UInt32
    var page: UInt64
    var write: Bool
    var kernel: Bool

    var description: String { kernel ? "k\(page)" : "\(pid):\(page)\(write ? "w" : "r")" }

    /// The page this step touches, whatever the access does to it.
    var key: Key { Key(pid: pid, page: page) }

    /// A page of a process.
    struct Key: Hashable, CustomStringConvertible {
        var pid: UInt32
        var page: UInt64

        var description: String { "page \(page) of pid \(pid)" }
    }

    /// Random pids in `pids`, pages from `pages`; about 30% writes, and a fraction `kernel` of kernel writes.
    static func generator(
        pids: ClosedRange<UInt32>, pages: Generator<UInt64, some SendableSequenceType>, kernel: Float = 0.04
    ) -> Generator<Step, some SendableSequenceType> {
        zip(Gen.uint32(in: pids), pages, Gen.bool(0.3), Gen.bool(kernel))
            .map { Step(pid: $0.0, page: $0.1, write: $0.2, kernel: $0.3) }
    }

    /// Random pids in `pids`, pages in `pages`; about 30% writes, and a fraction `kernel` of kernel writes.
    static func generator(
        pids: ClosedRange<UInt32>, pages: ClosedRange<UInt64>, kernel: Float = 0.04
    ) -> Generator<Step, some SendableSequenceType> {
        generator(pids: pids, pages: Gen.uint64(in: pages), kernel: kernel)
    }

    /// Library shrink steps: pid towards 1, page towards 0, a write to a read, a kernel access to a user one.
    static func shrink(_ step: Step) -> some Sequence<Step> {
        Shrink.shrinkTuple(
            (step.pid, step.page, step.write, step.kernel),
            shrinkers: { (pid: UInt32) in pid.shrink(towards: 1) }, { (page: UInt64) in page.shrink(towards: 0) },
            shrinkFlag,
            shrinkFlag
        ).lazy.map { Step(pid: $0.0, page: $0.1, write: $0.2, kernel: $0.3) }
    }

    /// True shrinks to false (as PropertyBased's own `Gen.bool` does); false does not shrink.
    static func shrinkFlag(_ flag: Bool) -> Repeated<Bool> { repeatElement(false, count: flag ? 1 : 0) }

    /// The access this step makes on `machine`.
    func access(on machine: Machine) -> Access {
        let layout = machine.layout
        if kernel {
            let frame = Int(page % UInt64(machine.memory.frameCount))
            return Access(
                pid: Access.kernelPID, address: layout.directMapAddress(ofFrame: frame), kind: .write, mode: .kernel)
        }
        return Access(pid: pid, page: page, kind: write ? .write : .read, pageShift: layout.pageShift)
    }
}

/// A whole-machine input: frames, swap devices, a TLB or none, and an access sequence over several processes.
struct Workload: Sendable, CustomStringConvertible {
    var frames: Int
    /// Slots of each bounded swap device; empty for one unbounded device (only RAM is scarce).
    var swapSlots: [Int]
    /// An index into ``tlbs``: 0 for no TLB.
    var tlb: Int
    var steps: [Step]

    var description: String {
        let swap = swapSlots.isEmpty ? "unbounded" : swapSlots.map(String.init).joined(separator: "+")
        let tlb = Self.tlbs[tlb].map { "\($0.entries)-entry \($0.ways)-way \($0.policy) TLB" } ?? "no TLB"
        let steps = steps.map(\.description).joined(separator: " ")
        return "\(frames) frames, swap \(swap), \(tlb), \(self.steps.count) steps: \(steps)"
    }

    /// TLB shapes: none, direct-mapped, set-associative and fully associative; tagged and flushed on every process
    /// switch; with policies that keep ghosts or queues of their own.
    static let tlbs: [TLBConfiguration?] = [
        nil,
        TLBConfiguration(entries: 1, ways: 1),
        TLBConfiguration(entries: 4, ways: 2, policy: PolicySpecification(name: "fifo")),
        TLBConfiguration(entries: 8, ways: 8, policy: PolicySpecification(name: "arc"), tagged: false),
        TLBConfiguration(entries: 4, ways: 1, tagged: false),
        TLBConfiguration(entries: 8, ways: 4, policy: PolicySpecification(name: "clock-pro")),
        TLBConfiguration(entries: 16, ways: 4, policy: PolicySpecification(name: "s3-fifo"), tagged: false),
        TLBConfiguration(entries: 6, ways: 3, policy: PolicySpecification(name: "lirs")),
        TLBConfiguration(entries: 8, ways: 2, policy: PolicySpecification(name: "random"), tagged: false),
    ]

    /// Pages that need page tables of their own at every level, up to the last page below the user limit of the
    /// x86-64 layout.
    static let farPages: [UInt64] = [1 << 9 | 1, 1 << 18 | 2, 1 << 27 | 3, 1 << 35 - 1]

    /// The swap devices: the first two of equal priority (round-robin for priority placement), the rest lower.
    var swapDevices: [SwapDeviceConfiguration] {
        guard !swapSlots.isEmpty else { return [.unbounded] }
        return swapSlots.enumerated().map { index, slots in
            SwapDeviceConfiguration(name: "swap\(index)", slots: slots, priority: index < 2 ? 5 : 1)
        }
    }

    /// Time of the next user access to the same (pid, page) after each step, `Int.max` when none. Times count every
    /// step, as the machine's clock does.
    var nextUse: [Int] {
        var result = [Int](repeating: .max, count: steps.count)
        var seen: [Step.Key: Int] = [:]
        for index in steps.indices.reversed() where !steps[index].kernel {
            result[index] = seen[steps[index].key] ?? .max
            seen[steps[index].key] = index
        }
        return result
    }

    static func generator(
        frames: ClosedRange<Int> = 1...8, pids: ClosedRange<UInt32> = 1...3, length: ClosedRange<Int> = 1...160
    ) -> Generator<Workload, some SendableSequenceType> {
        // Half the workloads have one unbounded device; the rest one to three small bounded ones (out of memory is
        // likely: the kill path runs too). Half have a TLB. Pages are 0 ... 9 (one leaf table); a quarter of the
        // workloads also use the far pages (each far page makes page tables, which every invariant check walks).
        let swap = zip(Gen.bool, Gen.int(in: 0...14).array(of: 1...3)).map { $0.0 ? [] : $0.1 }
        let tlb = zip(Gen.bool, Gen.int(in: 1...(tlbs.count - 1))).map { $0.0 ? 0 : $0.1 }
        let steps = Step.generator(pids: pids, pages: 0...UInt64(9 + farPages.count)).array(of: length)
        return zip(Gen.int(in: frames), swap, tlb, steps, Gen.bool(0.25)).map { frames, swap, tlb, steps, far in
            let steps = steps.map { step in
                var step = step
                if step.page >= 10 { step.page = far ? farPages[Int(step.page) - 10] : step.page - 10 }
                return step
            }
            return Workload(frames: frames, swapSlots: swap, tlb: tlb, steps: steps)
        }
    }

    /// Drops halves, then the library's array shrink of the steps (drop one, shrink one), then fewer frames, then
    /// smaller or fewer swap devices, then a simpler TLB or none.
    static func shrink(_ workload: Workload) -> AnySequence<Workload> {
        let swap = Shrink.shrinkArray(workload.swapSlots) { (slots: Int) in slots.shrink(towards: 0) }
        return AnySequence(
            replacing(\.steps, of: workload, with: shrinkArray(workload.steps, element: Step.shrink))
                .append(replacing(\.frames, of: workload, with: workload.frames.shrink(towards: 1)))
                .append(replacing(\.swapSlots, of: workload, with: swap))
                .append(replacing(\.tlb, of: workload, with: workload.tlb.shrink(towards: 0))))
    }
}

/// A reference string (process 1, reads) and a memory size.
struct ReferenceString: Sendable, CustomStringConvertible {
    var pages: [UInt64]
    var frames: Int

    var description: String { "\(frames) frames: \(pages.map(String.init).joined(separator: ","))" }

    static func generator(
        pages: ClosedRange<UInt64> = 0...9, length: ClosedRange<Int> = 1...80, frames: ClosedRange<Int> = 1...8
    ) -> Generator<ReferenceString, some SendableSequenceType> {
        zip(Gen.uint64(in: pages).array(of: length), Gen.int(in: frames))
            .map { ReferenceString(pages: $0.0, frames: $0.1) }
    }

    /// Drops halves, then the library's array shrink (drop one page, move one towards 0), then fewer frames.
    static func shrink(_ string: ReferenceString) -> AnySequence<ReferenceString> {
        let pages = shrinkArray(string.pages) { (page: UInt64) in page.shrink(towards: 0) }
        return AnySequence(
            replacing(\.pages, of: string, with: pages)
                .append(replacing(\.frames, of: string, with: string.frames.shrink(towards: 1))))
    }
}

/// `value` with the field at `path` replaced by each of `candidates` in turn: a shrink sequence of one field as one of
/// the whole value.
func replacing<Value, Field>(
    _ path: WritableKeyPath<Value, Field>, of value: Value, with candidates: some Sequence<Field>
) -> some Sequence<Value> {
    candidates.lazy.map { candidate in
        var copy = value
        copy[keyPath: path] = candidate
        return copy
    }
}

/// The first and the second half of `array`, or nothing when it has fewer than two elements.
func halves<Element>(_ array: [Element]) -> [[Element]] {
    array.count < 2 ? [] : [Array(array.prefix(array.count / 2)), Array(array.dropFirst(array.count / 2))]
}

/// The ``halves(_:)`` of `array`, then PropertyBased's `Shrink.shrinkArray`: every array with one element dropped,
/// then with one element shrunk by `element`. The halves make long failing inputs short in a logarithmic number of
/// steps; the library's candidates finish the job.
func shrinkArray<Element, Candidates: Sequence<Element>>(
    _ array: [Element], element: @escaping (Element) -> Candidates
) -> some Sequence<[Element]> {
    halves(array).append(Shrink.shrinkArray(array, shrinker: element))
}
