import Foundation
import VMCore
import VMExperiment
import VMPolicyCatalogue
import VMScenario
import VMTrace

/// A machine and the accesses to run through it, ready to be stepped to any point: what `vmlab render` draws.
struct RenderWorkload {
    let name: String
    let title: String
    let machine: Machine
    let accesses: [Access]
    /// Next-use times when the replacement policy needs them.
    let nextUse: [Int]?
    let configuration: RunConfiguration
    /// Pages are numbers, not addresses: a page list or a trace in the `pages` format (a reference string).
    let pageNumbers: Bool
    /// Whether ``accesses`` is the whole workload; false when reading stopped early (`--at` on a trace), so that
    /// its length is not the workload's.
    let isComplete: Bool
    private(set) var position = 0
    /// Builds a fresh machine, as it was before the first access (a step-through replays the workload).
    let makeMachine: () throws -> Machine

    /// Policy and machine choices from the command line; nil leaves the scenario's (or the default) choice.
    struct Overrides {
        var frames: Int?
        var pageSize: Int?
        var policy: String?
        var allocator: String?
        var swap: String?
        var swapSlots: Int?
    }

    /// The workload of a scenario file, or of the built-in classic scenario when `path` is nil.
    init(scenarioPath path: String?, overrides: Overrides, registry: PolicyRegistry) throws {
        var scenario = try path.map { try Scenario(contentsOf: $0) } ?? Scenario.classic()
        if let frames = overrides.frames { scenario.frames = frames }
        if let policy = overrides.policy { scenario.replacement = policy }
        if let allocator = overrides.allocator { scenario.allocator = allocator }
        if let swap = overrides.swap { scenario.swap = swap }
        if let slots = overrides.swapSlots {
            scenario.swapDevices = [SwapDeviceConfiguration(name: "swap0", slots: slots)]
        }
        if let pageSize = overrides.pageSize, pageSize != scenario.pageSize {
            throw UsageError("--page-size: a scenario sets its page size in the file (machine: page-size)")
        }
        try Self.validate(scenario.replacement, scenario.allocator, scenario.swap, registry: registry)
        let machine = try scenario.makeMachine(registry: registry)
        let ready = scenario
        makeMachine = { try ready.makeMachine(registry: registry) }
        pageNumbers = false
        isComplete = true
        name = path.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent } ?? "classic"
        title = scenario.title
        self.machine = machine
        accesses = scenario.accesses
        nextUse = machine.replacement.needsFuture ? computeNextUse(accesses, pageShift: machine.layout.pageShift) : nil
        configuration = try scenario.configuration()
    }

    /// The workload of a trace or page list. With `upTo`, reading stops after that many accesses (the rest is
    /// never decoded) unless the policy needs the future, whose choices before `upTo` depend on what comes after.
    init(source: WorkloadSource, overrides: Overrides, registry: PolicyRegistry, upTo: Int? = nil) throws {
        let policy = overrides.policy ?? "lru"
        let allocator = overrides.allocator ?? "first-free"
        let swap = overrides.swap ?? "first-free"
        try Self.validate(policy, allocator, swap, registry: registry)
        guard let frames = overrides.frames else {
            throw UsageError("--frames: a trace or page list needs a memory size (e.g. --frames 64)")
        }
        configuration = RunConfiguration(
            replacement: try PolicySpecification(parsing: policy),
            allocator: try PolicySpecification(parsing: allocator),
            swap: try PolicySpecification(parsing: swap),
            frames: frames, pageSize: overrides.pageSize ?? 4096,
            swapDevices: [SwapDeviceConfiguration(name: "swap0", slots: overrides.swapSlots)])
        machine = try configuration.makeMachine(registry: registry)
        let configuration = configuration
        makeMachine = { try configuration.makeMachine(registry: registry) }
        let trace = try LoadedTrace.load(
            source, pageShift: machine.layout.pageShift, withNextUse: machine.replacement.needsFuture,
            limit: machine.replacement.needsFuture ? nil : upTo.map { $0 + 1 })
        accesses = trace.accesses
        nextUse = trace.nextUse
        pageNumbers = trace.format == .pages
        isComplete = machine.replacement.needsFuture || upTo.map { trace.accesses.count <= $0 } ?? true
        if case .inlinePages(let list) = source {
            // A page list is named by its pages (the first 60 characters), and its files `pages.<ext>`.
            name = "pages"
            title = "pages " + (list.count > 60 ? String(list.prefix(59)) + "…" : list)
        } else {
            name = URL(fileURLWithPath: source.name).deletingPathExtension().lastPathComponent
                .replacingOccurrences(of: ".", with: "-")
            title = source.name
        }
    }

    private static func validate(_ policy: String, _ allocator: String, _ swap: String, registry: PolicyRegistry) throws
    {
        try registry.validate(try PolicySpecification(parsing: policy), kind: .replacement)
        try registry.validate(try PolicySpecification(parsing: allocator), kind: .allocation)
        try registry.validate(try PolicySpecification(parsing: swap), kind: .swap)
    }

    /// Runs the machine until `time` accesses have been stepped (never backwards).
    mutating func advance(to time: Int) throws {
        while position < time {
            try machine.step(accesses[position], nextUse: nextUse?[position] ?? .max)
            position += 1
        }
    }
}
