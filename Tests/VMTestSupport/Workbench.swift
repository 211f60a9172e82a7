public import VMCore
public import VMPolicyCatalogue

/// Runs small reference strings and scenarios through real machines with every invariant checked after every
/// step. Shared by the core, conformance and per-policy tests.
public enum Workbench {
    /// Every built-in policy.
    public static let registry = PolicyCatalogue.standard()

    /// A machine with the named policies, its invariant checks on.
    public static func machine(
        policy: String, frames: Int, allocator: String = "first-free", swap: String = "first-free",
        swapDevices: [SwapDeviceConfiguration] = [.unbounded], checks: Bool = true,
        layout: AddressLayout = .x86_64, scope: ReplacementScope = .global
    ) throws -> Machine {
        let specification = try PolicySpecification(parsing: policy)
        return try Machine(
            configuration: MachineConfiguration(
                layout: layout, frames: frames, swapDevices: swapDevices, scope: scope, checksInvariants: checks),
            replacement: registry.makeReplacement(specification, frames: frames, layout: layout),
            makeReplacement: { frames throws(VMError) in
                try registry.makeReplacement(specification, frames: frames, layout: layout)
            },
            allocator: registry.makeAllocator(PolicySpecification(parsing: allocator), frames: frames, layout: layout),
            placement: registry.makePlacement(PolicySpecification(parsing: swap), frames: frames, layout: layout))
    }

    /// Runs `pages` (process 1, reads unless `kinds` says otherwise) and returns the machine at the end.
    /// Next-use times are supplied to policies that need them.
    @discardableResult
    public static func run(
        _ policy: String, pages: [UInt64], frames: Int, kinds: [AccessKind]? = nil, checks: Bool = true,
        swapDevices: [SwapDeviceConfiguration] = [.unbounded]
    ) throws -> Machine {
        let machine = try self.machine(policy: policy, frames: frames, swapDevices: swapDevices, checks: checks)
        let future = nextUse(of: pages)
        for (time, page) in pages.enumerated() {
            let access = Access(page: page, kind: kinds?[time] ?? .read, pageShift: machine.layout.pageShift)
            try machine.step(access, nextUse: machine.replacement.needsFuture ? future[time] : .max)
        }
        return machine
    }

    /// Faults (minor plus major) of `policy` on `pages` with `frames` frames.
    public static func faults(_ policy: String, pages: [UInt64], frames: Int, checks: Bool = true) throws -> Int {
        try run(policy, pages: pages, frames: frames, checks: checks).totals.faults
    }

    /// Position of the next reference to the same page, `Int.max` when none.
    public static func nextUse(of pages: [UInt64]) -> [Int] {
        var result = [Int](repeating: .max, count: pages.count)
        var seen: [UInt64: Int] = [:]
        for index in pages.indices.reversed() {
            result[index] = seen[pages[index]] ?? .max
            seen[pages[index]] = index
        }
        return result
    }

    /// A seeded reference string over `distinct` pages with some locality: mostly a small hot set, sometimes any page.
    public static func randomPages(count: Int, distinct: Int, seed: UInt64) -> [UInt64] {
        var generator = SplitMix64(seed: seed)
        let hot = max(1, distinct / 4)
        return (0..<count).map { _ in
            generator.next(below: 10) < 7
                ? UInt64(generator.next(below: hot)) : UInt64(generator.next(below: distinct))
        }
    }

    /// The textbook string of Belady's anomaly (Silberschatz et al., Operating System Concepts, §10.4).
    public static let beladyString: [UInt64] = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5]
}
