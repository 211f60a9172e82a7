import Testing
import VMCore
import VMTestSupport

/// Every registered replacement policy explains its order (``ReplacementPolicy/residentOrder()``): after every step
/// it lists each resident frame exactly once, explaining changes no decision, and the policies that promise it name
/// their next victim first.
struct ResidentOrderConformanceTests {
    /// Deterministic policies whose next victim is the first entry (global scope, RAM full): the order is the one
    /// their eviction follows, and nothing that happens between the explanation and the fault changes it.
    static let victimFirst: Set<String> = ["fifo", "lru", "mru", "opt", "unopt", "lfu", "lru-k", "2q", "lirs"]
    /// Clock-like policies, whose only note is the reference (or visited) bit: the next victim is the first entry
    /// without a note, or the first entry when every page has one (the sweep clears them all and comes back).
    static let firstWithoutNote: Set<String> = ["clock", "second-chance", "fifo-reinsertion", "sieve"]
    /// Policies whose load order OSTEP prints as its memory list; they give it whenever one process holds frames.
    static let givesLoadOrder: Set<String> = ["fifo", "opt", "unopt", "ostep-rand", "ostep-clock"]

    /// Two processes, 9 pages each, a quarter of the accesses writes; next uses exact per (process, page).
    static func trace(seed: UInt64, count: Int = 240) -> [(
        access: (pid: UInt32, page: UInt64, kind: AccessKind), next: Int
    )] {
        var generator = SplitMix64(seed: seed)
        let accesses = (0..<count).map { _ in
            (
                pid: UInt32(1 + generator.next(below: 2)), page: UInt64(generator.next(below: 9)),
                kind: generator.next(below: 4) == 0 ? AccessKind.write : .read
            )
        }
        var next = [Int](repeating: .max, count: count)
        var seen: [UInt64: Int] = [:]
        for index in accesses.indices.reversed() {
            let key = UInt64(accesses[index].pid) << 32 | accesses[index].page
            next[index] = seen[key] ?? .max
            seen[key] = index
        }
        return accesses.indices.map { (accesses[$0], next[$0]) }
    }

    /// The frame the policy names as its next victim, or nil when it promises none.
    static func predictedVictim(_ policy: String, _ order: ResidentOrder) -> Int? {
        let entries = order.entries
        if victimFirst.contains(policy) { return entries.first?.frame }
        if firstWithoutNote.contains(policy) { return (entries.first { $0.note == nil } ?? entries.first)?.frame }
        return nil
    }

    @Test(
        "The order lists every resident frame once, changes no decision, and names the promised victim",
        arguments: ReplacementConformanceTests.policies)
    func orderAfterEveryStep(policy: String) throws {
        for frames in [4, 7] {
            for scope in ["global", "local:equal"] {
                let parsed = try ReplacementScope(parsing: scope)
                let explained = try Workbench.machine(policy: policy, frames: frames, scope: parsed)
                let plain = try Workbench.machine(policy: policy, frames: frames, scope: parsed)
                let shift = explained.layout.pageShift
                var placed: [Int] = []  // frames in the order pages were placed, from the records
                for (time, step) in Self.trace(seed: UInt64(frames) * 31 + 7).enumerated() {
                    let access = Access(
                        pid: step.access.pid, page: step.access.page, kind: step.access.kind, pageShift: shift)
                    let nextUse = explained.replacement.needsFuture ? step.next : .max
                    let before =
                        parsed == .global && explained.residentPages == frames
                        ? explained.replacement.residentOrder().flatMap { Self.predictedVictim(policy, $0) } : nil
                    let record = try explained.explainStep(access, nextUse: nextUse)
                    try plain.step(access, nextUse: nextUse)
                    let context = "\(policy), \(frames) frames, \(scope), step \(time + 1)"
                    #expect(explained.totals == plain.totals, "\(context): explaining changed a decision")

                    let order = try #require(explained.replacement.residentOrder(), "\(context)")
                    if parsed == .global {
                        #expect(order.meaning != "frame order", "\(context): the policy describes no order")
                    }
                    let resident = (0..<frames).filter { explained.contents(ofFrame: $0) != nil }
                    let listed = order.entries.map(\.frame)
                    #expect(listed.sorted() == resident, "\(context): listed \(listed), resident \(resident)")
                    #expect(record.resident.count == resident.count, "\(context)")
                    if parsed == .global, let hand = order.hand {
                        #expect(hand == listed.first, "\(context): the hand is listed first")
                    }

                    placed.removeAll { frame in record.evictions.contains { $0.frame == frame } }
                    if record.outcome.isFault, let frame = record.frame { placed.append(frame) }
                    if let loadOrder = order.loadOrder {
                        #expect(loadOrder == placed, "\(context): load order")
                    } else if parsed == .global {
                        #expect(!Self.givesLoadOrder.contains(policy), "\(context): no load order")
                    }
                    if let before, !record.evictions.isEmpty {
                        #expect(record.evictions[0].frame == before, "\(context): the promised victim")
                    }
                }
            }
        }
    }
}
