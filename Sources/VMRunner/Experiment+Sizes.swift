import VMCore
public import VMExperiment
import VMTrace

extension Experiment {
    /// The experiment with every workload's sizes resolved (``resolvedSizes``): relative sizes (`5%`) become
    /// frames of that workload — its distinct pages (after its `limit`) times the fraction, truncated, at least
    /// 1 — and duplicates are dropped, so each workload sweeps each size once. Distinct pages are counted once
    /// per workload that has a relative size, in one streaming pass holding only the set of pages (checked
    /// against the memory budget); workloads with absolute sizes are not read.
    /// - Returns: the experiment, and one note per workload that lost duplicates.
    /// - Throws: ``TraceError`` from reading a trace; ``VMError/invalidConfiguration(_:)`` when a fraction of a
    ///   huge workload exceeds the largest machine.
    public func resolvingSizes() throws -> (experiment: Experiment, notes: [String]) {
        let pageShift = try AddressLayout(pageSize: pageSize).pageShift
        var resolved = self
        var notes: [String] = []
        for workload in workloads {
            let sizes = frameSizes(of: workload.name)
            let distinct = sizes.isRelative ? try workload.distinctPages(pageShift: pageShift) : 0
            let resolution: FrameSizes.Resolution
            do {
                resolution = try sizes.resolve(distinctPages: distinct, workload: workload.name)
            } catch {
                throw VMError.invalidConfiguration(error.message)
            }
            if !resolution.duplicates.isEmpty {
                notes.append(
                    "workload \(workload.name)"
                        + (sizes.isRelative ? " (\(distinct) distinct pages)" : "")
                        + ": \(resolution.duplicates.joined(separator: "; ")); each size runs once")
            }
            resolved.resolvedSizes[workload.name] = resolution
            if sizes.isRelative { resolved.distinctPages[workload.name] = distinct }
        }
        return (resolved, notes)
    }

    /// The relative size (`5%`) that gave `frames` for `workload`, when one did.
    public func relativeSize(of workload: String, frames: Int) -> String? {
        resolvedSizes[workload]?.relative[frames]
    }
}

extension Experiment.Workload {
    /// Distinct (process, page) pairs among the workload's accesses, its `limit` applied: a trace in one
    /// streaming pass, a page list directly, a synthetic workload once generated.
    public func distinctPages(pageShift: Int) throws -> Int {
        switch source {
        case .trace(let path, let format):
            let reader = try TraceReader(path: path, format: format, pageShift: pageShift)
            return try DistinctPages.count(reader, pageShift: pageShift, limit: limit)
        case .pages, .synthetic:
            let trace = try load(pageShift: pageShift, withNextUse: false)
            return DistinctPages.count(trace.accesses, pageShift: pageShift)
        }
    }
}
