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

    /// Random pids in `pids`, pages in `pages`; about 30% writes, and a fraction `kernel` of kernel writes.
    static func generator(
        pids: ClosedRange<UInt32>, pages: ClosedRange<UInt64>, kernel: Float = 0.04
    ) -> Generator<Step, some SendableSequenceType> {
        zip(Gen.uint32(in: pids), Gen.uint64(in: pages), Gen.bool(0.3), Gen.bool(kernel))
            .map { Step(pid: $0.0, page: $0.1, write: $0.2, kernel: $0.3) }
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

/// A whole-machine input: frames, swap devices and an access sequence over several processes.
struct Workload: Sendable, CustomStringConvertible {
    var frames: Int
    /// Slots of each bounded swap device; empty for one unbounded device (only RAM is scarce).
    var swapSlots: [Int]
    var steps: [Step]

    var description: String {
        let swap = swapSlots.isEmpty ? "unbounded" : swapSlots.map(String.init).joined(separator: "+")
        return
            "\(frames) frames, swap \(swap), \(steps.count) steps: \(steps.map(\.description).joined(separator: " "))"
    }

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
        var seen: [Step: Int] = [:]
        for index in steps.indices.reversed() where !steps[index].kernel {
            let key = Step(pid: steps[index].pid, page: steps[index].page, write: false, kernel: false)
            result[index] = seen[key] ?? .max
            seen[key] = index
        }
        return result
    }

    static func generator(
        frames: ClosedRange<Int> = 1...8, pids: ClosedRange<UInt32> = 1...3, pages: ClosedRange<UInt64> = 0...11,
        length: ClosedRange<Int> = 1...160
    ) -> Generator<Workload, some SendableSequenceType> {
        // Half the workloads have one unbounded device; the rest one to three small bounded ones (out of memory is
        // likely: the kill path runs too).
        let swap = zip(Gen.bool, Gen.int(in: 0...14).array(of: 1...3)).map { $0.0 ? [] : $0.1 }
        return zip(Gen.int(in: frames), swap, Step.generator(pids: pids, pages: pages).array(of: length))
            .map { Workload(frames: $0.0, swapSlots: $0.1, steps: $0.2) }
    }

    /// Drops halves, then the library's array shrink of the steps (drop one, shrink one), then fewer frames, then
    /// smaller or fewer swap devices.
    static func shrink(_ workload: Workload) -> AnySequence<Workload> {
        let steps = shrinkArray(workload.steps, element: Step.shrink).lazy.map { steps in
            Workload(frames: workload.frames, swapSlots: workload.swapSlots, steps: steps)
        }
        let frames = workload.frames.shrink(towards: 1).lazy.map { frames in
            Workload(frames: frames, swapSlots: workload.swapSlots, steps: workload.steps)
        }
        let swap = Shrink.shrinkArray(workload.swapSlots, shrinker: { (slots: Int) in slots.shrink(towards: 0) }).lazy
            .map { slots in
                Workload(frames: workload.frames, swapSlots: slots, steps: workload.steps)
            }
        return AnySequence(steps.append(frames).append(swap))
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
        let pages = shrinkArray(string.pages) { (page: UInt64) in page.shrink(towards: 0) }.lazy.map { pages in
            ReferenceString(pages: pages, frames: string.frames)
        }
        let frames = string.frames.shrink(towards: 1).lazy.map { frames in
            ReferenceString(pages: string.pages, frames: frames)
        }
        return AnySequence(pages.append(frames))
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
