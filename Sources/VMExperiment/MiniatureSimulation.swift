import Dispatch
public import VMCore
public import VMTrace

/// Approximate miss-ratio curves of any replacement policy — stack algorithm or not (FIFO, CLOCK, ARC, S3-FIFO...)
/// — by miniature simulation (Waldspurger, Saemundsson, Ahmad & Park, "Cache modeling and optimization using
/// miniature simulations", USENIX ATC 2017).
///
/// The trace is sampled spatially at rate R with the same hash as SHARDS (``SpatialSampler``): every reference to
/// about a fraction R of the pages, none to the others. For each target size S the real policy, from the registry,
/// runs on the real machine (reference-string mode, ``RunConfiguration``) with `max(1, round(S·R))` frames over the
/// sampled references: a cache scaled down as the page set was. The miniature's misses scaled by `1 / R` estimate
/// the full cache's faults, and the miss ratio is that estimate over all the trace's accesses. (Dividing the
/// misses by the references sampled instead is biased: whether a very popular page is sampled swings the count of
/// sampled hits, as SHARDS-adj corrects for LRU. On the 10M Zipf trace that estimator was off by 0.07–0.09 in miss
/// ratio on average at R = 0.01, scaling by `1 / R` by 0.002–0.006.)
///
/// At R = 1 the miniature is the full simulation, so the curve is exact. Error grows as `S·R` shrinks (a handful
/// of frames cannot behave like thousands) and as the sampled pages become few: ``resolvedFrames`` is where it is
/// meaningful, as for SHARDS.
///
/// Cost: one streaming pass over the trace (decoded on a second thread), and per pass each machine simulates only
/// the sampled references: O(N) hashing plus O(R·N) simulation per (policy, size), in memory proportional to the
/// sampled distinct pages, never the trace length. Machines of a pass run in parallel on `parallelism` threads;
/// machines fed every reference (R = 1, or the full simulations of ``run(registry:checkingExact:afterBatch:)``)
/// are grouped at most ``fullMachinesPerPass`` per pass, the trace being read again for each group.
public struct MiniatureSimulation: Sendable {
    /// One memory size of one policy's curve.
    public struct Point: Sendable, Hashable, Codable {
        /// The target size.
        public var frames: Int
        /// The miniature cache's size, `max(1, round(frames · rate))`.
        public var simulatedFrames: Int
        /// Estimated faults (cold misses included): the miniature's misses over the rate, rounded, at most the
        /// trace's accesses.
        public var faults: Int
        public var missRatio: Double
    }

    /// One policy's curve.
    public struct Curve: Sendable, Hashable, Codable {
        /// The policy as given (with its parameters).
        public var policy: String
        public var samplingRate: Double
        /// References the miniature caches saw.
        public var sampledAccesses: Int
        public var points: [Point]

        /// Mean and largest absolute miss-ratio difference from `exact` at the sizes both have, from
        /// `minimumFrames` up.
        public func error(against exact: Curve, minimumFrames: Int) -> (mean: Double, maximum: Double) {
            let reference = Dictionary(exact.points.map { ($0.frames, $0.missRatio) }, uniquingKeysWith: { a, _ in a })
            var total = 0.0
            var largest = 0.0
            var count = 0
            for point in points where point.frames >= minimumFrames {
                guard let other = reference[point.frames] else { continue }
                total += abs(point.missRatio - other)
                largest = max(largest, abs(point.missRatio - other))
                count += 1
            }
            return (count == 0 ? 0 : total / Double(count), largest)
        }
    }

    /// What a run returns.
    public struct Result: Sendable {
        public var workload: String
        public var accesses: Int
        /// One curve per policy, in the order of ``policies``.
        public var curves: [Curve]
        /// The full simulations at the same sizes, when asked for (rate 1).
        public var exact: [Curve]?
    }

    /// Machines fed every reference that one pass over the trace runs at once (memory: each holds page tables
    /// for every distinct page).
    public static let fullMachinesPerPass = 16

    public var workload: WorkloadSource
    public var policies: [PolicySpecification]
    /// Target sizes, positive, in the order results come back.
    public var sizes: [Int]
    public var sampler: SpatialSampler
    /// Settings shared by every machine (its `replacement` and `frames` are replaced).
    public var base: RunConfiguration
    public var parallelism: Int

    public init(
        workload: WorkloadSource, policies: [PolicySpecification], sizes: [Int], sampler: SpatialSampler,
        base: RunConfiguration, parallelism: Int = ProcessorInfo.activeCores
    ) {
        self.workload = workload
        self.policies = policies
        self.sizes = sizes
        self.sampler = sampler
        self.base = base
        self.parallelism = max(1, parallelism)
    }

    /// The miniature cache's size for target size `frames` at `rate`: `max(1, round(frames · rate))`.
    public static func simulatedFrames(_ frames: Int, rate: Double) -> Int {
        max(1, Int(min(Double(Int.max / 2), (Double(frames) * rate).rounded())))
    }

    /// The smallest target size whose miniature cache has at least 10 frames (`10 / rate`); below it the curve is
    /// coarse (every size from 1 to `1.5 / rate` shares a one-frame miniature).
    public var resolvedFrames: Int {
        sampler.keepsEveryPage ? 1 : Int(min(1e15, (10 / sampler.rate).rounded(.up)))
    }

    /// Checks every policy (known, parameters valid, not needing the future), the allocator and the swap
    /// placement, before any trace is read.
    public func validate(registry: PolicyRegistry) throws(VMError) {
        guard !policies.isEmpty else { throw .invalidConfiguration("--policies: no policy given") }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= 1 }) else {
            throw .invalidConfiguration("--frames: every memory size must be at least 1 frame")
        }
        for policy in policies {
            try registry.validate(policy, kind: .replacement)
            if registry.needsFuture(policy) {
                throw .invalidConfiguration(
                    "--policies: \(policy) needs the future (next-use times), which miniature simulation of a "
                        + "streamed, sampled trace does not have; 'vmlab compare' simulates it in full")
            }
        }
        try registry.validate(base.allocator, kind: .allocation)
        try registry.validate(base.swap, kind: .swap)
    }

    /// One machine and what it stands for.
    private struct Cell {
        var policy: Int
        /// Index of the curve set: 0 miniature, 1 exact.
        var set: Int
        var frames: Int
        /// Fed every reference (not only the sampled ones).
        var full: Bool
    }

    /// Runs every policy at every size; with `checkingExact`, also the full simulation at each size. `afterBatch`
    /// is called after each batch of the first pass with the accesses read so far.
    public func run(
        registry: PolicyRegistry, checkingExact: Bool = false, afterBatch: ((Int) throws -> Void)? = nil
    ) throws -> Result {
        try validate(registry: registry)
        let rate = sampler.rate
        // Distinct miniature sizes per policy (nearby target sizes share one), then the full ones.
        var cells: [Cell] = []
        for policy in policies.indices {
            for frames in Set(sizes.map { Self.simulatedFrames($0, rate: rate) }).sorted() {
                cells.append(Cell(policy: policy, set: 0, frames: frames, full: sampler.keepsEveryPage))
            }
        }
        if checkingExact {
            for policy in policies.indices {
                for frames in Set(sizes).sorted() {
                    cells.append(Cell(policy: policy, set: 1, frames: frames, full: true))
                }
            }
        }
        // Passes: every sampled machine in the first, full ones at most `fullMachinesPerPass` per pass.
        var passes: [[Int]] = [[]]
        var fullInPass = 0
        for (index, cell) in cells.enumerated() {
            if cell.full {
                if fullInPass == Self.fullMachinesPerPass {
                    passes.append([])
                    fullInPass = 0
                }
                fullInPass += 1
            }
            passes[passes.count - 1].append(index)
        }
        var faults = [Int](repeating: 0, count: cells.count)
        var seenAccesses = [Int](repeating: 0, count: cells.count)
        var accesses = 0
        for (number, pass) in passes.enumerated() {
            let configurations = pass.map { index in
                var configuration = base
                configuration.replacement = policies[cells[index].policy]
                configuration.frames = cells[index].frames
                return configuration
            }
            try RunConfiguration.checkMemory(of: configurations, runningAtOnce: configurations.count)
            let machines = try configurations.map { configuration throws(VMError) in
                try configuration.makeMachine(registry: registry)
            }
            let full = pass.map { cells[$0].full }
            accesses = try Self.simulate(
                workload, pageShift: try base.layout().pageShift, sampler: sampler, machines: machines, full: full,
                parallelism: parallelism, afterBatch: number == 0 ? afterBatch : nil)
            for (slot, index) in pass.enumerated() {
                let result = RunResult(
                    workload: workload.name, configuration: configurations[slot], machine: machines[slot])
                faults[index] = result.faults
                seenAccesses[index] = result.accesses
            }
        }
        let sampledAccesses = cells.indices.first { !cells[$0].full }.map { seenAccesses[$0] } ?? accesses
        guard sampledAccesses > 0 else {
            throw VMError.invalidConfiguration(
                "--sample \(rate): none of the trace's pages was sampled (\(accesses) accesses); "
                    + "give a larger rate or another --seed")
        }
        func curves(set: Int, rate: Double) -> [Curve] {
            policies.indices.map { policy in
                var byFrames: [Int: (faults: Int, accesses: Int)] = [:]
                for (index, cell) in cells.enumerated() where cell.policy == policy && cell.set == set {
                    byFrames[cell.frames] = (faults[index], seenAccesses[index])
                }
                let points = sizes.map { size in
                    let simulated = set == 0 ? Self.simulatedFrames(size, rate: rate) : size
                    let misses = byFrames[simulated]!.faults
                    let estimate = min(accesses, Int((Double(misses) / rate).rounded()))
                    return Point(
                        frames: size, simulatedFrames: simulated, faults: estimate,
                        missRatio: accesses == 0 ? 0 : Double(estimate) / Double(accesses))
                }
                return Curve(
                    policy: policies[policy].description, samplingRate: set == 0 ? rate : 1,
                    sampledAccesses: set == 0 ? sampledAccesses : accesses, points: points)
            }
        }
        return Result(
            workload: workload.name, accesses: accesses, curves: curves(set: 0, rate: rate),
            exact: checkingExact ? curves(set: 1, rate: 1) : nil)
    }

    /// One streaming pass: machines marked `full` step through every batch, the others through its sampled
    /// accesses; machines are spread over `parallelism` threads, batch by batch (results do not depend on it).
    /// Returns the trace's accesses.
    private static func simulate(
        _ workload: WorkloadSource, pageShift: Int, sampler: SpatialSampler, machines: [Machine], full: [Bool],
        parallelism: Int, afterBatch: ((Int) throws -> Void)?
    ) throws -> Int {
        let lanes = MachineLanes(machines: machines, full: full, count: min(parallelism, machines.count))
        let needsSample = full.contains(false)
        let sampled = UnsafeMutableBufferPointer<Access>.allocate(capacity: TraceStream.batchSize)
        defer { sampled.deallocate() }
        return try TraceStream.forEachBatch(workload, pageShift: pageShift, afterBatch: afterBatch) { batch in
            let kept = needsSample ? sampler.filter(batch, pageShift: pageShift, into: sampled) : 0
            try lanes.step(batch: batch, sample: UnsafeBufferPointer(rebasing: sampled[0..<kept]))
        }
    }
}

/// Machines spread over lanes, one thread each per batch. Each lane touches only its own machines and its own error
/// slot, and `concurrentPerform` returns only when every lane is done, so no state is shared while lanes run.
private final class MachineLanes: @unchecked Sendable {
    private let machines: [Machine]
    private let full: [Bool]
    private let lanes: [[Int]]
    private let errors: UnsafeMutableBufferPointer<VMError?>
    @exclusivity(unchecked) private var batch = UnsafeBufferPointer<Access>(start: nil, count: 0)
    @exclusivity(unchecked) private var sample = UnsafeBufferPointer<Access>(start: nil, count: 0)

    init(machines: [Machine], full: [Bool], count: Int) {
        self.machines = machines
        self.full = full
        let count = max(1, count)
        // Round-robin, machines fed every reference first, so each lane gets a similar share of the work.
        let order = machines.indices.sorted { (full[$0] ? 0 : 1, $0) < (full[$1] ? 0 : 1, $1) }
        lanes = (0..<count).map { lane in stride(from: lane, to: order.count, by: count).map { order[$0] } }
        errors = .allocate(capacity: count)
        errors.initialize(repeating: nil)
    }

    deinit {
        errors.deinitialize()
        errors.deallocate()
    }

    /// Steps every machine through `batch` (full ones) or `sample` (the others); rethrows the first error.
    func step(batch: UnsafeBufferPointer<Access>, sample: UnsafeBufferPointer<Access>) throws(VMError) {
        self.batch = batch
        self.sample = sample
        if lanes.count == 1 {
            run(lane: 0)
        } else {
            DispatchQueue.concurrentPerform(iterations: lanes.count) { [self] lane in run(lane: lane) }
        }
        if let error = errors.lazy.compactMap({ $0 }).first { throw error }
    }

    private func run(lane: Int) {
        for index in lanes[lane] where errors[lane] == nil {
            do throws(VMError) {
                try machines[index].step(batch: full[index] ? batch : sample, nextUse: nil)
            } catch {
                errors[lane] = error
            }
        }
    }
}
