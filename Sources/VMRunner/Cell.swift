import Foundation
public import VMCore
public import VMExperiment
import VMTrace

/// One run of an experiment: a workload on one machine with one set of policies at one memory size.
public struct Cell: Sendable, Hashable, Codable {
    /// Position in the experiment's cell order (workload, scope, allocator, swap, replacement, frames).
    public var index: Int
    public var workload: String
    public var replacement: String
    public var allocator: String
    public var swap: String
    public var scope: String
    public var frames: Int
    /// Added by the runner as the floor of the miss-ratio plots (OPT), not asked for by the experiment.
    public var isFloor: Bool
    /// The settings shared by all cells that also decide the numbers: the workload's source, page size, swap
    /// devices, TLB and warm-up.
    public var context: String

    /// Everything that decides the cell's numbers, as one line: a resumed run reuses a stored result only when
    /// its definition is the same.
    public var definition: String {
        "workload=\(workload) replacement=\(replacement) allocator=\(allocator) swap=\(swap) scope=\(scope) "
            + "frames=\(frames) \(context)"
    }

    /// A file name for the cell: readable, and unique through a hash of the definition.
    public var id: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in definition.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let readable = "\(workload)-\(replacement)-\(frames)".map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }
        return String(readable.prefix(60)) + "-" + String(hash, radix: 16)
    }
}

/// What one cell produced: the result and the faults-over-time series.
public struct CellResult: Sendable, Hashable, Codable {
    public var cell: Cell
    /// The definition the result was computed for (checked on resume).
    public var definition: String
    public var result: RunResult
    /// Accesses counted (after the warm-up) at each sample, and the faults counted by then.
    public var sampleTimes: [Int]
    public var faultsOverTime: [Int]
    /// Wall time of the run, in seconds (not part of the numbers: it varies from run to run).
    public var seconds: Double
}

extension Experiment {
    /// Every cell, in a fixed order. OPT cells are added (marked ``Cell/isFloor``) when plots are on and the
    /// experiment does not list OPT itself, so every miss-ratio plot has its floor.
    public func cells() -> [Cell] {
        var replacementNames = replacement.map(\.description)
        var floors: Set<String> = []
        if outputs.plots, !replacementNames.contains("opt") {
            replacementNames.append("opt")
            floors.insert("opt")
        }
        var cells: [Cell] = []
        for workload in workloads {
            let context = context(of: workload)
            for scope in scopes {
                for allocator in allocators {
                    for swap in placements {
                        for policy in replacementNames {
                            for size in sizes(of: workload.name) {
                                cells.append(
                                    Cell(
                                        index: cells.count, workload: workload.name, replacement: policy,
                                        allocator: allocator.description, swap: swap.description,
                                        scope: scope.description, frames: size, isFloor: floors.contains(policy),
                                        context: context
                                            + pluginOrigin(
                                                replacement: policy, allocator: allocator.description,
                                                swap: swap.description)))
                            }
                        }
                    }
                }
            }
        }
        return cells
    }

    /// The settings besides the cell's own that decide its numbers.
    func context(of workload: Workload) -> String {
        let source: String
        switch workload.source {
        case .trace(let path, let format):
            // By content, not by size: a trace replaced by another of the same size must not share results.
            let content = (try? TraceFingerprint.of(path: path)) ?? "unreadable"
            source = "trace=\(path) format=\(format.rawValue) \(content)"
        case .pages(let pages): source = "pages=\(pages.map(String.init).joined(separator: ","))"
        case .synthetic(let pattern, let accesses, let writes, let seed):
            source = "synthetic=\(pattern.name) accesses=\(accesses) writes=\(writes) seed=\(seed)"
        }
        let devices = swapDevices.map {
            "\($0.name):\($0.slots.map(String.init) ?? "unbounded"):\($0.priority.map(String.init) ?? "auto")"
        }
        let tlbText = tlb.map { "\($0.entries)x\($0.ways):\($0.policy):\($0.tagged)" } ?? "none"
        return "\(source) limit=\(workload.limit.map(String.init) ?? "all") page-size=\(pageSize) "
            + "swap=\(devices.joined(separator: "+")) tlb=\(tlbText) warmup=\(warmup) time-samples=\(timeSamples)"
    }

    /// The run configuration of `cell`.
    func configuration(of cell: Cell) throws(VMError) -> RunConfiguration {
        RunConfiguration(
            replacement: try PolicySpecification(parsing: cell.replacement),
            allocator: try PolicySpecification(parsing: cell.allocator),
            swap: try PolicySpecification(parsing: cell.swap),
            frames: cell.frames, pageSize: pageSize, swapDevices: swapDevices,
            scope: try ReplacementScope(parsing: cell.scope), tlb: tlb)
    }
}
