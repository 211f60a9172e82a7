public import VMChart
public import VMCore
public import VMExperiment
public import VMTrace

/// A whole experiment, as `vmlab run experiment.yaml` reads it: workloads, machine settings, policies, memory
/// sizes, seeds, warm-up and outputs. The runner expands it into cells (workload × machine × policies × size).
public struct Experiment: Sendable, Hashable {
    /// Where one workload's accesses come from.
    public enum Source: Sendable, Hashable {
        /// A trace file in any supported format (`auto` sniffs it).
        case trace(path: String, format: TraceFormat)
        /// An inline page list.
        case pages([UInt64])
        /// A seeded synthetic pattern: `accesses` references, each a write with probability `writeFraction`.
        case synthetic(SyntheticWorkload, accesses: Int, writeFraction: Double, seed: UInt64)
    }

    /// One named workload.
    public struct Workload: Sendable, Hashable {
        public var name: String
        public var source: Source
        /// Use at most this many accesses from the start (nil: all).
        public var limit: Int?
        /// Memory sizes for this workload only (nil: the machine's `frames`); relative sizes (`5%`) are fractions
        /// of this workload's distinct pages.
        public var frames: FrameSizes?
    }

    /// What to write under `Output/<name>/`.
    public struct Outputs: Sendable, Hashable {
        public var csv = true
        public var json = true
        /// The formats each plot is written in under `plots/` (`plots: [svg, png, pdf]` in the file; `true`
        /// means svg and png, `false` none). The report inlines the SVG whatever this says.
        public var plotFormats: [ChartFormat] = Self.defaultPlotFormats
        /// Whether plot files are written at all.
        public var plots: Bool {
            get { !plotFormats.isEmpty }
            set { plotFormats = newValue ? Self.defaultPlotFormats : [] }
        }
        public static let defaultPlotFormats: [ChartFormat] = [.svg, .png]
        public var html = true
        /// Cells whose mapping diagram the report shows.
        public var diagrams: [DiagramRequest] = []

        public init() {}
    }

    /// A mapping diagram of one cell at the end of its run (or after `at` accesses).
    public struct DiagramRequest: Sendable, Hashable {
        public var workload: String
        public var policy: String
        public var frames: Int
        public var at: Int?
    }

    public var name: String
    public var workloads: [Workload]
    public var pageSize: Int
    /// The machine's memory sizes: absolute, or relative to each workload's distinct pages (`5%`).
    public var frames: FrameSizes
    public var swapDevices: [SwapDeviceConfiguration]
    public var scopes: [ReplacementScope]
    public var tlb: TLBConfiguration?
    public var replacement: [PolicySpecification]
    public var allocators: [PolicySpecification]
    public var placements: [PolicySpecification]
    /// Where a value was written in the experiment file: for errors found only after reading it.
    public struct Location: Sendable, Hashable {
        public var file: String
        public var line: Int
        public var column: Int
    }

    /// Accesses at the start of each workload that run but are not counted; shorter than every workload
    /// (``checkWarmup(workload:length:)``).
    public var warmup: Int
    /// Where `warmup` was written; nil when the file gives none.
    public var warmupLocation: Location?
    /// Samples per run of the faults-over-time series.
    public var timeSamples: Int
    public var outputs: Outputs
    /// `compat:`: the published implementation whose defaults the policies take (`libcachesim`), applied by the
    /// tool (`--compat` overrides it); nil when the file names none.
    public var compat: String?
    /// `plugins:`: the run-time plugin libraries the file names, as absolute or resolved paths
    /// (``declaredPlugins(contentsOf:)``); their policies must be in the registry the file is read with.
    public var plugins: [String] = []
    /// The plugin file and content fingerprint of each plugin-provided policy the experiment uses, by
    /// `kind:name` (``notePluginOrigins(registry:)``); empty when no policy comes from a plugin.
    public var pluginOrigins: [String: String] = [:]

    /// Each workload's sizes once its relative sizes are resolved (``resolvingSizes()``), by workload.
    public var resolvedSizes: [String: FrameSizes.Resolution] = [:]
    /// Distinct pages of each workload whose sizes are relative, counted when they were resolved.
    public var distinctPages: [String: Int] = [:]

    /// The sizes as written for `workload`: its own, or the machine's.
    public func frameSizes(of workload: String) -> FrameSizes {
        workloads.first { $0.name == workload }?.frames ?? frames
    }

    /// The memory sizes swept for `workload`, each once, in the order given. Relative sizes count only once
    /// resolved: before ``resolvingSizes()`` a workload with one has no sizes.
    public func sizes(of workload: String) -> [Int] {
        if let resolved = resolvedSizes[workload] { return resolved.sizes }
        guard let absolute = frameSizes(of: workload).absolute else { return [] }
        var seen = Set<Int>()
        return absolute.filter { seen.insert($0).inserted }
    }
}
