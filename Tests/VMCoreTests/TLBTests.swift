import Testing
import VMCore
import VMTestSupport

/// The TLB: set-associative lookups, per-set replacement from the catalogue, shootdowns when pages leave RAM,
/// flushes, and the page-walk count.
struct TLBTests {
    static func machine(frames: Int, entries: Int, ways: Int, policy: String = "lru", tagged: Bool = true) throws
        -> Machine
    {
        let configuration = MachineConfiguration(frames: frames, checksInvariants: true)
        let registry = Workbench.registry
        let specification = try PolicySpecification(parsing: policy)
        let tlb = try TLB(
            configuration: TLBConfiguration(entries: entries, ways: ways, policy: specification, tagged: tagged),
            pageTableLevels: configuration.layout.pageTableLevels
        ) { ways throws(VMError) in try registry.makeReplacement(specification, frames: ways) }
        return try Machine(
            configuration: configuration,
            replacement: registry.makeReplacement(PolicySpecification(name: "lru"), frames: frames),
            allocator: registry.makeAllocator(PolicySpecification(name: "first-free"), frames: frames),
            placement: registry.makePlacement(PolicySpecification(name: "first-free"), frames: frames),
            tlb: tlb)
    }

    static func run(_ machine: Machine, _ pages: [UInt64], pid: UInt32 = 1) throws {
        for page in pages { try machine.step(Access(pid: pid, page: page, pageShift: machine.layout.pageShift)) }
    }

    @Test("A fully associative LRU TLB: hits, misses, and the least recently used entry goes")
    func fullyAssociative() throws {
        let machine = try Self.machine(frames: 16, entries: 2, ways: 2)
        try Self.run(machine, [0, 1, 0, 1, 2, 0, 1])
        let counters = try #require(machine.tlb?.counters)
        // 0 1 miss miss; 0 1 hit hit; 2 miss (evicts 0); 0 miss (evicts 1); 1 miss.
        #expect(counters.hits == 2 && counters.misses == 5)
        #expect(counters.walkLevels == 5 * machine.layout.pageTableLevels)
    }

    @Test("A direct-mapped TLB: pages whose low bits agree evict each other")
    func directMapped() throws {
        let machine = try Self.machine(frames: 16, entries: 4, ways: 1)
        try Self.run(machine, [0, 4, 0, 4, 1, 2, 3, 1, 2, 3])
        let counters = try #require(machine.tlb?.counters)
        #expect(counters.misses == 7 && counters.hits == 3)
    }

    @Test("A page leaving RAM loses its translation (shootdown); its next access misses")
    func shootdown() throws {
        let machine = try Self.machine(frames: 2, entries: 8, ways: 8)
        try Self.run(machine, [0, 1, 2])
        #expect(machine.tlb?.counters.invalidations == 1, "page 0 left RAM")
        try Self.run(machine, [2, 0])
        #expect(machine.tlb?.counters.hits == 1)
        #expect(machine.tlb?.counters.misses == 4)
    }

    @Test("An untagged TLB flushes on every process switch; a tagged one keeps both processes' entries")
    func processSwitch() throws {
        for tagged in [true, false] {
            let machine = try Self.machine(frames: 16, entries: 8, ways: 8, tagged: tagged)
            for _ in 0..<3 {
                try Self.run(machine, [0, 1], pid: 1)
                try Self.run(machine, [0, 1], pid: 2)
            }
            let counters = try #require(machine.tlb?.counters)
            if tagged {
                #expect(counters.misses == 4 && counters.flushes == 0)
            } else {
                #expect(counters.misses == 12 && counters.flushes == 5)
            }
        }
    }

    @Test("Bad geometry and policies that need the future are refused")
    func validation() throws {
        #expect(throws: VMError.self) { try TLBConfiguration(entries: 12, ways: 5).validate() }
        #expect(throws: VMError.self) { try TLBConfiguration(entries: 12, ways: 4).validate() }
        #expect(throws: VMError.self) { try Self.machine(frames: 4, entries: 4, ways: 2, policy: "opt") }
    }

    @Test(
        "Every replacement policy can run the TLB's sets, with every invariant checked",
        arguments: ["fifo", "clock", "random:seed=3", "arc", "sieve"])
    func setPolicies(policy: String) throws {
        let machine = try Self.machine(frames: 12, entries: 8, ways: 4, policy: policy)
        var generator = SplitMix64(seed: 4)
        for _ in 0..<600 {
            try Self.run(machine, [UInt64(generator.next(below: 20))], pid: UInt32(1 + generator.next(below: 2)))
        }
        let counters = try #require(machine.tlb?.counters)
        #expect(counters.hits + counters.misses == 600)
    }
}
