public import VMCore

/// The outcome of one run: the settings, the totals, and a per-process breakdown. Encodes to the JSON object
/// `vmlab simulate --json` prints.
public struct RunResult: Sendable, Hashable, Codable {
    public struct ProcessResult: Sendable, Hashable, Codable {
        public var pid: UInt32
        public var name: String
        public var accesses: Int
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
        /// Pages resident at the end of the run.
        public var residentPages: Int
    }

    /// Workload name (trace path, `--pages`, or a generator).
    public var workload: String
    /// Replacement policy as specified (`random:seed=7`).
    public var policy: String
    public var allocator: String
    public var swap: String
    public var frames: Int
    public var pageSize: Int
    public var accesses: Int
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
    /// Faults per access.
    public var missRatio: Double
    public var processes: [ProcessResult]

    /// Reads the result off a machine at the end of a run.
    public init(workload: String, configuration: RunConfiguration, machine: Machine) {
        let total = machine.totals
        self.workload = workload
        policy = configuration.replacement.description
        allocator = configuration.allocator.description
        swap = configuration.swap.description
        frames = configuration.frames
        pageSize = configuration.pageSize
        accesses = total.accesses
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
        kernelAccesses =
            machine.kernel.directMapAccesses + machine.kernel.userPageAccesses + machine.kernel.badAccesses
        missRatio = total.missRatio
        processes = machine.processes.map { process in
            let c = machine.counters(ofProcess: process.index)
            return ProcessResult(
                pid: process.pid, name: process.name, accesses: c.accesses, hits: c.hits, faults: c.faults,
                minorFaults: c.minorFaults, majorFaults: c.majorFaults, evictions: c.evictions, swapIns: c.swapIns,
                swapOuts: c.swapOuts, segmentationFaults: c.segmentationFaults,
                protectionFaults: c.protectionFaults, oomKills: c.oomKills, droppedAccesses: c.droppedAccesses,
                residentPages: machine.residentPages(ofProcess: process.index))
        }
    }
}
