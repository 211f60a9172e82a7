import Testing
import VMCore
import WorkingSetPolicy

/// `WorkingSet` (heaps, O(log n) per fault) against `ScanningWorkingSet` (the textbook scan it replaced, O(n)):
/// both driven through the same `ReplacementPolicy` calls on thousands of seeded random operation sequences, as the
/// machine would drive them, and required to agree after every step on the victim, on ``ResidentOrder`` (frames
/// and notes) and on `state(of:at:)`.
struct WorkingSetDifferentialTests {
    /// Batches of seeds, run in parallel.
    static let batches = 8
    static let sequencesPerBatch = 250

    /// One sequence's parameters, drawn from its seed.
    struct Setting: CustomStringConvertible {
        var frames: Int
        var tau: Int
        var interval: Int
        var steps: Int
        /// Query `state(of:at:)` of every resident frame after every step; otherwise only now and then. The query
        /// samples R bits (in both classes alike), so querying every time would also hide the lazily applied scans
        /// and ticks that the other sequences exercise across many steps.
        var stateEveryStep: Bool

        var description: String {
            "frames \(frames), tau \(tau), interval \(interval), \(steps) steps, state every step: \(stateEveryStep)"
        }

        init(random: inout SplitMix64) {
            frames = 1 + random.next(below: 40)
            steps = 40 + random.next(below: 261)
            switch random.next(below: 20) {
            case 0: tau = Int.max
            case 1: tau = 1 << 40
            case 2: tau = 0
            default: tau = random.next(below: 201)
            }
            switch random.next(below: 20) {
            case 0: interval = Int.max
            case 1: interval = 1 << 40
            case 2: interval = 1
            default: interval = 1 + random.next(below: 50)
            }
            stateEveryStep = random.next(below: 2) == 0
        }
    }

    /// Drives both policies through one seeded sequence. Returns the first disagreement (nil: none) and how many
    /// victims each rule of the scan chose (see ``rule(_:resident:now:)``).
    static func run(seed: UInt64) -> (difference: String?, rules: [Int]) {
        var rules = [0, 0, 0, 0]
        var random = SplitMix64(seed: seed)
        let setting = Setting(random: &random)
        let fast = WorkingSet(frames: setting.frames, tau: setting.tau, interval: setting.interval)
        let oracle = ScanningWorkingSet(frames: setting.frames, tau: setting.tau, interval: setting.interval)
        var resident: [Int] = []
        var free = Array(0..<setting.frames)
        var time = random.next(below: 6)
        var nextPage: UInt64 = 0
        func place(_ step: Int) -> String { "seed \(seed), \(setting), step \(step), time \(time)" }

        for step in 0..<setting.steps {
            let kind: AccessKind = [.read, .read, .write, .fetch][random.next(below: 4)]
            let operation = random.next(below: 100)
            if operation < 5, !resident.isEmpty {
                // A process exits: the machine removes one of its pages.
                let frame = resident.remove(at: random.next(below: resident.count))
                fast.removed(frame: frame)
                oracle.removed(frame: frame)
                free.append(frame)
            } else if operation < 58, !resident.isEmpty {
                let frame = resident[random.next(below: resident.count)]
                let reference = PageReference(time: time, page: UInt64(frame), kind: kind)
                fast.accessed(frame: frame, reference: reference)
                oracle.accessed(frame: frame, reference: reference)
            } else {
                nextPage += 1
                let reference = PageReference(time: time, page: 1000 + nextPage, kind: kind)
                if free.isEmpty {
                    rules[rule(oracle, resident: resident, now: time)] += 1
                    let victim = fast.evict(for: reference)
                    let expected = oracle.evict(for: reference)
                    guard victim == expected else {
                        return ("\(place(step)): evicted frame \(victim), the scan evicts \(expected)", rules)
                    }
                    resident.removeAll { $0 == victim }
                    free.append(victim)
                    // Now and then the fault belongs to another process (local replacement): no insertion follows.
                    if operation >= 97 {
                        if let difference = compare(fast, oracle, resident: resident, time: nil, place(step)) {
                            return (difference, rules)
                        }
                        time += 1 + random.next(below: 30)
                        continue
                    }
                }
                let frame = free.remove(at: random.next(below: free.count))
                fast.inserted(frame: frame, reference: reference)
                oracle.inserted(frame: frame, reference: reference)
                resident.append(frame)
            }
            let queryTime = setting.stateEveryStep || random.next(below: 10) == 0 ? time : nil
            if let difference = compare(fast, oracle, resident: resident, time: queryTime, place(step)) {
                return (difference, rules)
            }
            do {
                var isResident = [Bool](repeating: false, count: setting.frames)
                for frame in resident { isResident[frame] = true }
                try fast.checkInvariants(residentCount: resident.count, isResident: { isResident[$0] })
            } catch {
                return ("\(place(step)): \(error)", rules)
            }
            // Virtual time moves on: mostly a few accesses, sometimes across many ticks.
            switch random.next(below: 100) {
            case 0..<55: time += 1 + random.next(below: 3)
            case 55..<90: time += 1 + random.next(below: 30)
            case 90..<98: time += 1 + random.next(below: 300)
            default: time += 1 + random.next(below: 20_000)
            }
            // Now and then look ahead: the state at a later time, which the next reference does not precede.
            if random.next(below: 25) == 0 {
                let ahead = time + random.next(below: 200)
                if let difference = compare(fast, oracle, resident: resident, time: ahead, place(step)) {
                    return (difference, rules)
                }
                time = ahead
            }
        }
        return (nil, rules)
    }

    /// Which rule of the scan picks the victim of a fault at `now`: 0 a page outside the window, 1 the R = 0 page
    /// with the greatest age, 2 the first clean page, 3 the first page. Read off the scan's own state just before
    /// its fault (sampling at `now` is what the fault's scan does first, so this changes none of its decisions).
    static func rule(_ oracle: ScanningWorkingSet, resident: [Int], now: Int) -> Int {
        let states = resident.map { oracle.state(of: $0, at: now) }
        if states.contains(where: { !$0.referenced && now - $0.lastUse > oracle.tau }) { return 0 }
        if states.contains(where: { !$0.referenced }) { return 1 }
        let order = oracle.residentOrder()?.groups.flatMap(\.entries) ?? []
        return order.contains { !($0.note ?? "").contains("m=1") } ? 2 : 3
    }

    /// Compares the resident order, and the state of every resident frame at `time` when one is given.
    static func compare(
        _ fast: WorkingSet, _ oracle: ScanningWorkingSet, resident: [Int], time: Int?, _ place: String
    ) -> String? {
        let order = fast.residentOrder()
        let expectedOrder = oracle.residentOrder()
        guard order == expectedOrder else {
            return
                "\(place): resident order \(String(describing: order)), the scan's \(String(describing: expectedOrder))"
        }
        guard let time else { return nil }
        for frame in resident.sorted() {
            let state = fast.state(of: frame, at: time)
            let expected = oracle.state(of: frame, at: time)
            guard state == expected else {
                return "\(place): state of frame \(frame) at \(time) is \(state), the scan's \(expected)"
            }
        }
        return nil
    }

    @Test(
        "Same victims, resident order and state as the textbook scan on seeded random sequences",
        arguments: 0..<batches)
    func sameAsScan(batch: Int) {
        var rules = [0, 0, 0, 0]
        for index in 0..<Self.sequencesPerBatch {
            let seed = UInt64(batch * Self.sequencesPerBatch + index)
            let (difference, counts) = Self.run(seed: seed)
            #expect(difference == nil, "\(difference ?? "")")
            if difference != nil { return }
            for rule in rules.indices { rules[rule] += counts[rule] }
        }
        // Every rule chose victims in every batch: outside tau, the oldest R = 0 page, a clean page, a dirty one.
        #expect(rules.allSatisfy { $0 >= 20 }, "victims by rule: \(rules)")
    }
}
