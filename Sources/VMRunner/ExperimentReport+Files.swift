public import Foundation
import VMChart
public import VMCore
import VMDiagram
import VMExperiment
import VMTrace

extension ExperimentReport {
    /// Writes the outputs the experiment asks for under `directory` (each file atomically) and returns their
    /// paths: `results.csv`, `processes.csv`, `results.json`, `plots/*.svg` (and `.png`, `.pdf`: the formats
    /// `outputs.plotFormats` names), `diagrams/*.svg`, `index.html`.
    /// `extraDiagrams` (caption, SVG) are shown in the report after the requested ones.
    public func write(
        to directory: URL, registry: PolicyRegistry, extraDiagrams: [(caption: String, svg: String)] = []
    ) throws -> [String] {
        var written: [String] = []
        func save(_ data: Data, _ name: String) throws {
            let path = directory.appendingPathComponent(name).path
            try AtomicFile.write(data, to: path)
            written.append(path)
        }
        let outputs = experiment.outputs
        if outputs.csv {
            try save(Data(resultsCSV().utf8), "results.csv")
            try save(Data(processesCSV().utf8), "processes.csv")
        }
        if outputs.json { try save(try resultsJSON(), "results.json") }
        guard outputs.plots || outputs.html else { return written }

        let pageShift = try AddressLayout(pageSize: experiment.pageSize).pageShift
        var sections: [ReportPage.WorkloadSection] = []
        for workload in experiment.workloads {
            // LRU's curve at every size from the same pass, when LRU runs under global replacement (what it
            // computes) and no LRU cell dropped accesses (the curve knows nothing of processes killed out of memory).
            let withLRU =
                experiment.replacement.contains(where: { $0.description == "lru" })
                && experiment.scopes.contains(.global) && experiment.warmup == 0
                && !results.contains(where: {
                    $0.cell.workload == workload.name && $0.cell.replacement == "lru" && $0.result.droppedAccesses > 0
                })
            let trace = try workload.shared(pageShift: pageShift, withNextUse: false)
            let profile = try WorkloadProfile(trace: trace, samples: experiment.timeSamples, withLRU: withLRU)
            var lruCurve: MissRatioCurve?
            if let histogram = profile.lruHistogram {
                let largest = max(experiment.sizes(of: workload.name).max() ?? 1, 1)
                let sizes =
                    largest <= 512 ? Array(1...largest) : MissRatioCurve.defaultSizes(distinctPages: largest, count: 96)
                lruCurve = MissRatioCurve(
                    workload: trace.name, accesses: trace.count, histogram: histogram, sizes: sizes)
            }
            let charts = [
                missRatioChart(workload: workload.name, lruCurve: lruCurve),
                faultsOverTimeChart(workload: workload.name),
                Self.workingSetChart(profile),
            ]
            let names = ["miss-ratio", "faults-over-time", "working-set"]
            var svgs: [String] = []
            for (chart, name) in zip(charts, names) {
                let svg = ChartSVG(chart).render()
                svgs.append(svg)
                for format in outputs.plotFormats {
                    let data = format == .svg ? Data(svg.utf8) : try chart.data(format)
                    try save(data, "plots/\(workload.name)-\(name).\(format.fileExtension)")
                }
            }
            sections.append(
                ReportPage.WorkloadSection(
                    name: workload.name, accesses: trace.count, distinctPages: profile.distinctPages, charts: svgs))
        }

        var diagrams: [ReportPage.Diagram] = []
        for request in outputs.diagrams {
            let svg = try diagram(request, registry: registry, pageShift: pageShift)
            let name = "diagrams/\(request.workload)-\(request.policy)-\(request.frames).svg"
                .map { $0.isLetter || $0.isNumber || "-_./".contains($0) ? $0 : "_" }
            try save(Data(svg.utf8), String(name))
            diagrams.append(
                ReportPage.Diagram(
                    caption: "\(request.workload), \(request.policy), \(request.frames) frames"
                        + (request.at.map { ", after \($0) accesses" } ?? ", at the end"),
                    svg: svg))
        }
        diagrams += extraDiagrams.map { ReportPage.Diagram(caption: $0.caption, svg: $0.svg) }
        if outputs.html {
            let page = ReportPage(report: self, workloads: sections, diagrams: diagrams)
            try save(Data(page.html().utf8), "index.html")
        }
        return written
    }

    /// The mapping diagram of one cell (the experiment's first scope, allocator and swap placement) as SVG.
    func diagram(_ request: Experiment.DiagramRequest, registry: PolicyRegistry, pageShift: Int) throws -> String {
        guard let workload = experiment.workloads.first(where: { $0.name == request.workload }) else {
            throw VMError.invalidConfiguration("diagram: no workload \(request.workload)")
        }
        let configuration = RunConfiguration(
            replacement: try PolicySpecification(parsing: request.policy),
            allocator: experiment.allocators[0], swap: experiment.placements[0], frames: request.frames,
            pageSize: experiment.pageSize, swapDevices: experiment.swapDevices, scope: experiment.scopes[0],
            tlb: experiment.tlb)
        let machine = try configuration.makeMachine(registry: registry)
        let trace = try workload.shared(pageShift: pageShift, withNextUse: machine.replacement.needsFuture)
        let end = min(request.at ?? trace.count, trace.count)
        try trace.forEachBlock(in: 0..<end, wantsNextUse: machine.replacement.needsFuture) { accesses, nextUse in
            try machine.step(batch: accesses, nextUse: nextUse)
        }
        let options = DiagramOptions(
            title: "\(request.workload) · \(request.policy) · \(request.frames) frames",
            replacement: configuration.replacement.description, allocator: configuration.allocator.description,
            swapPlacement: configuration.swap.description, totalAccesses: trace.count)
        let graph = try MappingGraph(snapshot: MachineSnapshot(machine: machine), options: options)
        let svg = String(decoding: try DiagramRenderer.render(graph, format: .svg), as: UTF8.self)
        // Inline in HTML: from the <svg> element on (no XML declaration or doctype inside a page).
        return svg.range(of: "<svg").map { String(svg[$0.lowerBound...]) } ?? svg
    }
}
