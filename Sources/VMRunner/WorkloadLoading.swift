import Foundation
import VMCore
public import VMExperiment
import VMTrace

extension Experiment.Workload {
    /// How many accesses the workload makes, its limit applied, when that is known without reading a file (a
    /// pages list, a synthetic workload); nil for a trace (known once it is loaded).
    public var knownLength: Int? {
        let length: Int
        switch source {
        case .trace: return nil
        case .pages(let pages): length = pages.count
        case .synthetic(_, let accesses, _, _): length = accesses
        }
        return limit.map { min($0, length) } ?? length
    }

    /// The workload's accesses in memory (its `limit` applied), with next-use times when `withNextUse`.
    public func load(pageShift: Int, withNextUse: Bool) throws -> LoadedTrace {
        var trace: LoadedTrace
        switch source {
        case .trace(let path, let format):
            trace = try LoadedTrace.load(
                .trace(path: path, format: format), pageShift: pageShift, withNextUse: false, limit: limit)
        case .pages(let pages):
            trace = LoadedTrace(
                name: name, accesses: pages.map { Access(page: $0, pageShift: pageShift) }, nextUse: nil,
                pageShift: pageShift)
        case .synthetic(let pattern, let accesses, let writes, let seed):
            // Generated in memory (every cell replays it), so it is checked against the budget first; a limit
            // shortens what is generated.
            let count = min(accesses, limit ?? Int.max)
            let bytes = UInt64(count).multipliedReportingOverflow(
                by: LoadedTrace.bytesPerAccess(withNextUse: withNextUse))
            try MemoryBudget.current.check(
                bytes.overflow ? .max : bytes.partialValue + MemoryBudget.baseBytes,
                for: "synthetic workload \(name) of \(count) accesses")
            trace = LoadedTrace(
                name: name,
                accesses: pattern.accesses(count: count, seed: seed, writeFraction: writes, pageShift: pageShift),
                nextUse: nil, pageShift: pageShift)
        }
        var accesses = trace.accesses
        if let limit, accesses.count > limit { accesses = Array(accesses.prefix(limit)) }
        guard !accesses.isEmpty else { throw VMError.invalidConfiguration("workload \(name) has no accesses") }
        let nextUse = withNextUse ? computeNextUse(accesses, pageShift: pageShift) : nil
        return LoadedTrace(name: name, accesses: accesses, nextUse: nextUse, pageShift: pageShift)
    }

    /// The workload decoded once for the cells of a sweep (its `limit` applied), with next-use times when
    /// `withNextUse`: a trace file is streamed into a ``SharedTrace`` (spilled to a temporary file when large), so
    /// its length is not bounded by memory; page lists and synthetic workloads are made in memory first.
    public func shared(pageShift: Int, withNextUse: Bool, spill: SpillSettings = .standard) throws -> SharedTrace {
        switch source {
        case .trace(let path, let format):
            return try SharedTrace.build(
                .trace(path: path, format: format), name: name, pageShift: pageShift, withNextUse: withNextUse,
                limit: limit, spill: spill)
        case .pages, .synthetic:
            let trace = try load(pageShift: pageShift, withNextUse: false)
            return try SharedTrace.build(
                name: name, accesses: trace.accesses, pageShift: pageShift, withNextUse: withNextUse, spill: spill)
        }
    }
}
