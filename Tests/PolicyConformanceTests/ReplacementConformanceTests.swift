import Testing
import VMCore
import VMTestSupport

/// The suite every registered replacement policy passes: contract, invariants after every step, determinism,
/// and the bounds the theory gives (OPT is a floor, stack algorithms never show Belady's anomaly).
struct ReplacementConformanceTests {
    static let policies = Workbench.registry.names(of: .replacement)
    static let sizes = [1, 2, 3, 5, 8, 13]
    static let strings: [[UInt64]] = (0..<6).map { seed in
        Workbench.randomPages(count: 400, distinct: 6 + Int(seed) * 5, seed: UInt64(seed) + 11)
    }

    @Test("Invariants hold after every step, with every size, on seeded strings", arguments: policies)
    func invariantsEveryStep(policy: String) throws {
        for pages in Self.strings {
            for frames in Self.sizes {
                let machine = try Workbench.run(policy, pages: pages, frames: frames, checks: true)
                let totals = machine.totals
                let distinct = Set(pages).count
                #expect(totals.accesses == pages.count)
                #expect(totals.hits + totals.faults == pages.count)
                #expect(totals.faults >= distinct, "cold misses are counted")
                #expect(totals.evictions == max(0, totals.faults - frames), "evict only when full")
                #expect(machine.residentPages == min(frames, distinct))
            }
        }
    }

    @Test("Writes, several processes and a bounded swap device keep every invariant", arguments: policies)
    func processesAndWrites(policy: String) throws {
        let machine = try Workbench.machine(
            policy: policy, frames: 6, swapDevices: [SwapDeviceConfiguration(name: "s", slots: 40)])
        var generator = SplitMix64(seed: 99)
        let shift = machine.layout.pageShift
        for time in 0..<1500 {
            let pid = UInt32(1 + generator.next(below: 3))
            let page = UInt64(generator.next(below: 12))
            let kind: AccessKind = generator.next(below: 3) == 0 ? .write : .read
            let nextUse = machine.replacement.needsFuture ? time + 1 + generator.next(below: 50) : .max
            try machine.step(Access(pid: pid, page: page, kind: kind, pageShift: shift), nextUse: nextUse)
        }
        #expect(machine.totals.accesses == 1500)
    }

    @Test("The out-of-memory kill removes frames through removed(frame:) and keeps invariants", arguments: policies)
    func removalPath(policy: String) throws {
        let machine = try Workbench.machine(
            policy: policy, frames: 4, swapDevices: [SwapDeviceConfiguration(name: "s", slots: 2)])
        let shift = machine.layout.pageShift
        var time = 0
        for round in 0..<4 {
            for pid: UInt32 in [1, 2] {
                for page in 0..<UInt64(3 + round) {
                    try machine.step(Access(pid: pid, page: page, kind: .write, pageShift: shift), nextUse: time + 7)
                    time += 1
                }
            }
        }
        #expect(machine.oomEvents >= 1)
        #expect(machine.totals.oomKills == machine.oomEvents)
    }

    @Test("Same inputs, same faults: runs are deterministic", arguments: policies)
    func deterministic(policy: String) throws {
        let pages = Self.strings[3]
        let first = try Workbench.run(policy, pages: pages, frames: 7, checks: false).totals
        let second = try Workbench.run(policy, pages: pages, frames: 7, checks: false).totals
        #expect(first == second)
    }

    @Test("OPT is never worse than any policy", arguments: policies)
    func optIsAFloor(policy: String) throws {
        for pages in Self.strings {
            for frames in Self.sizes {
                let optimal = try Workbench.faults("opt", pages: pages, frames: frames, checks: false)
                let other = try Workbench.faults(policy, pages: pages, frames: frames, checks: false)
                #expect(optimal <= other, "\(policy) at \(frames) frames")
            }
        }
    }

    @Test("Stack algorithms (LRU, OPT) never fault more with more memory", arguments: ["lru", "opt"])
    func noBeladyAnomaly(policy: String) throws {
        for seed in 0..<40 {
            let pages = Workbench.randomPages(count: 60, distinct: 7, seed: UInt64(seed))
            var previous = Int.max
            for frames in 1...8 {
                let faults = try Workbench.faults(policy, pages: pages, frames: frames, checks: false)
                #expect(faults <= previous, "\(policy), seed \(seed), \(frames) frames")
                previous = faults
            }
        }
    }

    @Test("LRU's resident set at n frames is contained in the one at n + 1 (inclusion property)")
    func lruInclusion() throws {
        let pages = Workbench.randomPages(count: 300, distinct: 25, seed: 5)
        for frames in 1..<12 {
            let small = try Workbench.run("lru", pages: pages, frames: frames, checks: false)
            let large = try Workbench.run("lru", pages: pages, frames: frames + 1, checks: false)
            let smallSet = Set((0..<frames).compactMap { small.contents(ofFrame: $0)?.page })
            let largeSet = Set((0...frames).compactMap { large.contents(ofFrame: $0)?.page })
            #expect(smallSet.isSubset(of: largeSet))
        }
    }
}

/// Every registered policy also runs one instance per process under local replacement.
struct LocalScopeConformanceTests {
    @Test(
        "Per-process instances keep every invariant under local replacement",
        arguments: ReplacementConformanceTests.policies)
    func localScope(policy: String) throws {
        for scope in ["local:equal", "local:pff:grow=4,shrink=40"] {
            let machine = try Workbench.machine(
                policy: policy, frames: 9, swapDevices: [SwapDeviceConfiguration(name: "s", slots: 30)],
                scope: ReplacementScope(parsing: scope))
            var generator = SplitMix64(seed: 5)
            let shift = machine.layout.pageShift
            for time in 0..<1200 {
                let pid = UInt32(1 + generator.next(below: 3))
                let page = UInt64(generator.next(below: 10))
                let kind: AccessKind = generator.next(below: 3) == 0 ? .write : .read
                let nextUse = machine.replacement.needsFuture ? time + 1 + generator.next(below: 40) : .max
                try machine.step(Access(pid: pid, page: page, kind: kind, pageShift: shift), nextUse: nextUse)
            }
            #expect(machine.totals.accesses == 1200, "\(policy) under \(scope)")
        }
    }
}
