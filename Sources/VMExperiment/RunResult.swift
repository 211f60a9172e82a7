public import VMCore

/// The outcome of one run: the settings, the totals, and a per-process breakdown. Encodes to the JSON object
/// `vmlab simulate --json` prints.
///
/// ## How the counts add up
/// `accesses == executedAccesses + droppedAccesses`: an access is *dropped* when its process had been killed by
/// the out-of-memory rule (or is killed while the access waits for a frame); every other access is *executed*.
/// Executed accesses end in a hit, a fault, or a segmentation or protection fault, so `hits + faults ==
/// executedAccesses` when the workload makes no invalid access. `missRatio` is `faults / executedAccesses` (0 when
/// nothing was executed): dropped accesses neither hit nor fault, and must not dilute the ratio. The same holds
/// for each process, whose ``ProcessResult/killed`` says whether the out-of-memory rule killed it.
public struct RunResult: Sendable, Hashable, Codable {
    public struct ProcessResult: Sendable, Hashable, Codable {
        public var pid: UInt32
        public var name: String
        public var accesses: Int
        /// Accesses carried out: `accesses - droppedAccesses`.
        public var executedAccesses: Int
        public var hits: Int
        public var faults: Int
        public var minorFaults: Int
        public var majorFaults: Int
        public var evictions: Int
        public var swapIns: Int
        public var swapOuts: Int
        public var segmentationFaults: Int
        public var protectionFaults: Int
        public var oomKills: Int
        public var droppedAccesses: Int
        /// Faults per executed access (0 when none was executed).
        public var missRatio: Double
        /// Whether the out-of-memory rule killed the process (during the counted accesses or the warm-up before
        /// them): its later accesses were dropped.
        public var killed: Bool
        /// When it was killed: the 1-based position in the workload (warm-up and kernel accesses included) of
        /// the access whose handling killed it; nil when it was not killed.
        public var killedAtAccess: Int?
        /// Pages resident at the end of the run.
        public var residentPages: Int
        /// Frame budget at the end of the run under local replacement; nil under global replacement.
        public var budget: Int?
    }

    /// Workload name (trace path, `--pages`, or a generator).
    public var workload: String
    /// Replacement policy as specified (`random:seed=7`).
    public var policy: String
    public var allocator: String
    public var swap: String
    /// `global`, or `local:` and the budget rule.
    public var scope: String
    public var frames: Int
    public var pageSize: Int
    /// User accesses, executed or dropped (kernel accesses are counted apart, in `kernelAccesses`).
    public var accesses: Int
    /// Accesses carried out: `accesses - droppedAccesses`.
    public var executedAccesses: Int
    public var hits: Int
    /// Minor plus major faults (cold misses included).
    public var faults: Int
    public var minorFaults: Int
    public var majorFaults: Int
    public var evictions: Int
    public var swapIns: Int
    public var swapOuts: Int
    public var segmentationFaults: Int
    public var protectionFaults: Int
    public var oomKills: Int
    public var droppedAccesses: Int
    public var kernelAccesses: Int
    /// Faults per executed access (0 when none was executed; never NaN).
    public var missRatio: Double
    /// Processes the out-of-memory rule killed (during the counted accesses or the warm-up before them).
    public var killedProcesses: Int { processes.count(where: \.killed) }
    public var processes: [ProcessResult]
    /// TLB hits, misses, shootdowns and page-walk levels; nil without a TLB.
    public var tlb: TLBCounters?
    /// The relative size (`5%`) that gave `frames` in a `compare` sweep; nil (left out of the JSON) for an
    /// absolute size and outside `compare` (an experiment's `results.json` carries it per entry).
    public var relativeSize: String? = nil
    /// Free frames and free swap slots at the end, and how scattered they are.
    public var fragmentation: FragmentationReport
    /// Distances between consecutive swap writes and between consecutive swap reads.
    public var swapLocality: SwapLocality
    /// Figures the policies report themselves (``ReportsStatistics``), keyed `replacement.`, `allocator.` or
    /// `swap.` followed by the policy's own name for it.
    public var policyStatistics: [String: Double]

    /// Removes what `baseline` (a result read off the same machine earlier: the end of a warm-up) counted, so the
    /// counters cover only the accesses after it. End-of-run state (resident pages, budgets, fragmentation, swap
    /// locality, TLB, policy statistics) is kept as it is.
    public mutating func subtract(_ baseline: RunResult) {
        accesses -= baseline.accesses
        hits -= baseline.hits
        faults -= baseline.faults
        minorFaults -= baseline.minorFaults
        majorFaults -= baseline.majorFaults
        evictions -= baseline.evictions
        swapIns -= baseline.swapIns
        swapOuts -= baseline.swapOuts
        segmentationFaults -= baseline.segmentationFaults
        protectionFaults -= baseline.protectionFaults
        oomKills -= baseline.oomKills
        droppedAccesses -= baseline.droppedAccesses
        kernelAccesses -= baseline.kernelAccesses
        executedAccesses = accesses - droppedAccesses
        missRatio = MemoryCounters.ratio(faults, executedAccesses)
        // Pids are unique within a run: one dictionary makes this O(processes), not O(processes²).
        let baselineByPID = Dictionary(baseline.processes.map { ($0.pid, $0) }, uniquingKeysWith: { first, _ in first })
        for index in processes.indices {
            guard let before = baselineByPID[processes[index].pid] else { continue }
            processes[index].accesses -= before.accesses
            processes[index].hits -= before.hits
            processes[index].faults -= before.faults
            processes[index].minorFaults -= before.minorFaults
            processes[index].majorFaults -= before.majorFaults
            processes[index].evictions -= before.evictions
            processes[index].swapIns -= before.swapIns
            processes[index].swapOuts -= before.swapOuts
            processes[index].segmentationFaults -= before.segmentationFaults
            processes[index].protectionFaults -= before.protectionFaults
            processes[index].oomKills -= before.oomKills
            processes[index].droppedAccesses -= before.droppedAccesses
            processes[index].executedAccesses = processes[index].accesses - processes[index].droppedAccesses
            processes[index].missRatio = MemoryCounters.ratio(
                processes[index].faults, processes[index].executedAccesses)
        }
        if var tlb, let before = baseline.tlb {
            tlb.hits -= before.hits
            tlb.misses -= before.misses
            tlb.invalidations -= before.invalidations
            tlb.flushes -= before.flushes
            tlb.walkLevels -= before.walkLevels
            self.tlb = tlb
        }
    }

    /// Reads the result off a machine at the end of a run.
    public init(workload: String, configuration: RunConfiguration, machine: Machine) {
        let processes = machine.processes.map { process in
            ProcessResult(
                pid: process.pid, name: process.name, counters: machine.counters(ofProcess: process.index),
                killed: machine.isKilled(process: process.index),
                killedAtAccess: machine.killedAtAccess(process: process.index),
                residentPages: machine.residentPages(ofProcess: process.index),
                budget: machine.budget(ofProcess: process.index))
        }
        self.init(
            workload: workload, configuration: configuration, totals: machine.totals,
            kernelAccesses: machine.kernel.directMapAccesses + machine.kernel.userPageAccesses
                + machine.kernel.badAccesses + machine.kernel.physicalAccesses,
            processes: processes, tlb: machine.tlb?.counters, fragmentation: machine.fragmentationReport(),
            swapLocality: machine.swapLocality,
            reporters: [
                ("replacement", machine.replacement), ("allocator", machine.allocator), ("swap", machine.placement),
            ])
    }

    /// Reads the result off a single-space machine at the end of a run: the same fields as from the ``Machine``
    /// it stands in for (its `first-free` allocator and placement report no statistics).
    public init(workload: String, configuration: RunConfiguration, machine: SingleSpaceMachine) {
        let processes = machine.pid.map { pid in
            [
                ProcessResult(
                    pid: pid, name: "pid \(pid)", counters: machine.counters, killed: false, killedAtAccess: nil,
                    residentPages: machine.residentPages, budget: nil)
            ]
        }
        self.init(
            workload: workload, configuration: configuration, totals: machine.counters, kernelAccesses: 0,
            processes: processes ?? [], tlb: nil, fragmentation: machine.fragmentationReport(),
            swapLocality: machine.swapLocality, reporters: [("replacement", machine.replacement)])
    }

    private init(
        workload: String, configuration: RunConfiguration, totals total: MemoryCounters, kernelAccesses: Int,
        processes: [ProcessResult], tlb: TLBCounters?, fragmentation: FragmentationReport,
        swapLocality: SwapLocality, reporters: [(String, AnyObject)]
    ) {
        self.workload = workload
        policy = configuration.replacement.description
        allocator = configuration.allocator.description
        swap = configuration.swap.description
        scope = configuration.scope.description
        frames = configuration.frames
        pageSize = configuration.pageSize
        accesses = total.accesses
        executedAccesses = total.executedAccesses
        hits = total.hits
        faults = total.faults
        minorFaults = total.minorFaults
        majorFaults = total.majorFaults
        evictions = total.evictions
        swapIns = total.swapIns
        swapOuts = total.swapOuts
        segmentationFaults = total.segmentationFaults
        protectionFaults = total.protectionFaults
        oomKills = total.oomKills
        droppedAccesses = total.droppedAccesses
        self.kernelAccesses = kernelAccesses
        missRatio = total.missRatio
        self.processes = processes
        self.tlb = tlb
        self.fragmentation = fragmentation
        self.swapLocality = swapLocality
        var statistics: [String: Double] = [:]
        for (prefix, policy) in reporters {
            guard let reporter = policy as? any ReportsStatistics else { continue }
            for (key, value) in reporter.statistics() { statistics["\(prefix).\(key)"] = value }
        }
        policyStatistics = statistics
    }
}

extension RunResult.ProcessResult {
    /// One process's result from its counters.
    init(
        pid: UInt32, name: String, counters c: MemoryCounters, killed: Bool, killedAtAccess: Int?,
        residentPages: Int, budget: Int?
    ) {
        self.init(
            pid: pid, name: name, accesses: c.accesses, executedAccesses: c.executedAccesses, hits: c.hits,
            faults: c.faults, minorFaults: c.minorFaults, majorFaults: c.majorFaults, evictions: c.evictions,
            swapIns: c.swapIns, swapOuts: c.swapOuts, segmentationFaults: c.segmentationFaults,
            protectionFaults: c.protectionFaults, oomKills: c.oomKills, droppedAccesses: c.droppedAccesses,
            missRatio: c.missRatio, killed: killed, killedAtAccess: killedAtAccess, residentPages: residentPages,
            budget: budget)
    }
}
