public import ArgumentParser
import Foundation
import VMCore
import VMDiagram
import VMExperiment
import VMPolicyCatalogue
import VMScenario
import VMTrace

extension DiagramDetail: ExpressibleByArgument {}

/// `vmlab render`: the address-space mapping diagram of a machine state, drawn in-process through libgvc.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw the mapping of virtual pages onto RAM frames, swap slots and the kernel's direct map.",
        discussion: """
            With no workload, draws the built-in classic scenario (Examples/scenarios/classic.yaml).
            The format follows the extension of --out: .svg, .png, .pdf or .dot.

            Examples:
              vmlab render
              vmlab render --scenario Examples/scenarios/classic.yaml --out Output/classic.png
              vmlab render --trace grep.all.pages.zst --frames 64 --at 5000 --out Output/grep.svg
              vmlab render --pages 1,2,3,4,1,2,5 --frames 3 --policy fifo --every 1 --out Output/belady.svg
              vmlab render --view page-tables --process editor --address 0x600000 --out Output/editor-tables.png
            """
    )

    @Option(name: .long, help: "Scenario file (YAML): processes, regions and accesses.")
    var scenario: String?

    @Option(name: .long, help: "Trace file ('-' for standard input; .gz and .zst are read directly).")
    var trace: String?

    @Option(name: .long, help: "Trace format: \(TraceFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: TraceFormat = .auto

    @Option(name: .long, parsing: .unconditional, help: "Inline page list, e.g. 1,2,3,4,1,2,5.")
    var pages: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: "Physical memory in frames (required for traces; overrides a scenario's).")
    var frames: Int?

    @Option(name: .long, help: "Replacement policy (default lru, or the scenario's).")
    var policy: String?

    @Option(name: .long, help: "Frame allocator (default first-free, or the scenario's).")
    var allocator: String?

    @Option(name: .long, help: "Swap placement (default first-free, or the scenario's).")
    var swap: String?

    @Option(name: .long, parsing: .unconditional, help: "Slots of a single swap device; unbounded when left out.")
    var swapSlots: Int?

    @Option(name: .long, parsing: .unconditional, help: "Page size in bytes for traces (a power of two).")
    var pageSize: Int?

    @Option(name: .long, parsing: .unconditional, help: "Draw the state after this many accesses (default: the end).")
    var at: Int?

    @Option(
        name: .long, parsing: .unconditional,
        help: "Write a snapshot every K accesses, plus an HTML page that steps through them.")
    var every: Int?

    @Option(name: .long, help: "runs: collapse consecutive pages and frames (default); pages: one row per page.")
    var detail: DiagramDetail = .runs

    @Option(name: .long, help: "Output file; its extension picks the format (.svg, .png, .pdf, .dot).")
    var out: String?

    @OptionGroup var plugins: PluginOptions

    @Option(name: .long, help: "Title of the diagram (default: the scenario's title or the trace's name).")
    var title: String?

    @Option(name: .long, help: "mapping: pages onto frames and swap (default); page-tables: one process's table.")
    var view: RenderView = .mapping

    @Option(name: .long, help: "With --view page-tables: the process, by name or pid (default: the only one).")
    var process: String?

    @Option(name: .long, help: "With --view page-tables: a virtual address whose walk is highlighted.")
    var address: String?

    func validate() throws {
        let sources = [scenario != nil, trace != nil, pages != nil].filter { $0 }.count
        guard sources <= 1 else { throw ValidationError("give one of --scenario, --trace and --pages") }
        if pages != nil || scenario != nil, format != .auto {
            throw ValidationError("--format applies to --trace only")
        }
        if let frames, frames < 1 { throw ValidationError("--frames \(frames): the machine needs at least 1 frame") }
        if let at, at < 0 { throw ValidationError("--at \(at): expected a number of accesses, 0 or more") }
        if let every, every < 1 { throw ValidationError("--every \(every): expected a positive number of accesses") }
        if let pageSize, pageSize <= 0 || pageSize & (pageSize - 1) != 0 {
            throw ValidationError("--page-size \(pageSize) is not a power of two")
        }
        if let out, DiagramFormat(path: out) == nil {
            throw ValidationError("--out \(out): expected a file ending in \(DiagramFormat.extensionList)")
        }
        if view == .mapping, process != nil || address != nil {
            throw ValidationError("--process and --address apply to --view page-tables only")
        }
        if every != nil, let out, let format = DiagramFormat(path: out), format != .svg, format != .png {
            throw ValidationError("--every writes images for an HTML page: --out must end in .svg or .png")
        }
    }

    func run() throws {
        let registry = try plugins.registry()
        let overrides = RenderWorkload.Overrides(
            frames: frames, pageSize: pageSize, policy: policy, allocator: allocator, swap: swap,
            swapSlots: swapSlots)
        var workload: RenderWorkload
        if let trace {
            workload = try RenderWorkload(
                source: .trace(path: trace, format: format), overrides: overrides, registry: registry, upTo: at)
        } else if let pages {
            workload = try RenderWorkload(source: .inlinePages(pages), overrides: overrides, registry: registry)
        } else {
            workload = try RenderWorkload(scenarioPath: scenario, overrides: overrides, registry: registry)
        }
        let end = at ?? workload.accesses.count
        guard end <= workload.accesses.count else {
            throw UsageError("--at \(end): the workload has only \(workload.accesses.count) accesses")
        }
        let path = out ?? "Output/\(workload.name)\(view == .pageTables ? "-page-tables" : "").svg"
        let format = DiagramFormat(path: path)!
        if view == .pageTables {
            let render = PageTableRender(
                process: process, address: address, detail: detail, title: title ?? workload.title)
            if let every {
                try render.renderSequence(&workload, every: every, end: end, path: path, format: format)
            } else {
                try render.render(&workload, end: end, path: path, format: format)
            }
            return
        }
        let options = DiagramOptions(
            detail: detail, title: title ?? workload.title, replacement: workload.configuration.replacement.description,
            allocator: workload.configuration.allocator.description,
            swapPlacement: workload.configuration.swap.description,
            totalAccesses: workload.isComplete ? workload.accesses.count : nil,
            pageNumbers: workload.pageNumbers)
        if let every {
            try RenderSequence(every: every, end: end, path: path, format: format, options: options).run(workload)
        } else {
            try workload.advance(to: end)
            let clock = ContinuousClock()
            let start = clock.now
            let graph = try MappingGraph(snapshot: MachineSnapshot(machine: workload.machine), options: options)
            let data = try DiagramRenderer.render(graph, format: format)
            let elapsed = clock.now - start
            try AtomicFile.write(data, to: path)
            let rows = graph.regions.reduce(0) { $0 + $1.rows.count }
            print(
                "wrote \(path) (\(data.count) bytes; \(rows) rows, \(graph.edges.count) edges; drawn in \(elapsed.milliseconds) ms)"
            )
        }
    }
}

extension Duration {
    /// Whole milliseconds.
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
