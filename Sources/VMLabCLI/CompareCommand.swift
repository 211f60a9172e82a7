import ArgumentParser
import Foundation
import VMCore
import VMExperiment
import VMPolicyCatalogue
import VMRunner

/// `vmlab compare`: a sweep of policies and memory sizes over one workload.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare replacement policies over a range of memory sizes on one workload.",
        discussion: """
            The trace is decoded once (in memory, or in a temporary file under $TMPDIR when it is larger than a
            quarter of --max-memory or 256 MiB); cells then run in parallel on all cores over that copy.
            Examples:
              vmlab compare --pages 1,2,3,4,1,2,5,1,2,3,4,5 --policies fifo,lru,opt --frames 1...6
              vmlab compare --trace sort.data.collapsed.pages.zst --policies lru,clock --frames 16,32,64 --csv
            """
    )

    @OptionGroup var workload: WorkloadOptions
    @OptionGroup var machine: MachineOptions
    @OptionGroup var plugins: PluginOptions
    @OptionGroup var compat: CompatOptions

    @Option(
        name: .long,
        help:
            "Replacement policies: fifo,lru,random:seed=3 (with several parameters: s3-fifo:threshold=2,small=0.2;lru)."
    )
    var policies: String

    @Option(
        name: .long, parsing: .unconditional,
        help: "Memory sizes: 8,16,32, ranges 4...64, 4...64:4 or 64...65536:x2, or 5% of the distinct pages.")
    var frames: String

    @Flag(name: .long, help: "Print CSV instead of a table.")
    var csv = false

    @Flag(name: .long, help: "Print a JSON array instead of a table.")
    var json = false

    @Option(name: .long, parsing: .unconditional, help: "Cells run at once (default: all cores).")
    var jobs: Int?

    @Option(name: .long, help: "Also write the results to this file (.csv or .json, atomically).")
    var output: String?

    @Option(name: .long, help: "Also draw the miss-ratio curves to this file (.svg, .png or .pdf, atomically).")
    var plot: String?

    func validate() throws {
        if csv && json { throw ValidationError("give --csv or --json, not both") }
        if let jobs, !(1...1024).contains(jobs) { throw ValidationError("--jobs \(jobs): expected 1 to 1024") }
        if let output, !output.hasSuffix(".csv") && !output.hasSuffix(".json") {
            throw ValidationError("--output \(output): expected a file ending in .csv or .json")
        }
        _ = try FrameListParser.parseSizes(frames)
        try PlotOption.validate(plot)
    }

    func run() async throws {
        let registry = try plugins.registry()
        let specifications = try compat.apply(registry.parseList(policies), registry: registry)
        let sizeList = try FrameListParser.parseSizes(frames)
        let base = try machine.configuration(replacement: specifications[0], frames: 1)
        var comparison = Comparison(
            workload: workload.source, policies: specifications, frames: sizeList.absolute ?? [1], base: base,
            parallelism: jobs ?? ProcessorInfo.activeCores)
        let reading = RunMonitor(expectedAccesses: workload.source.expectedAccesses)
        let trace = try comparison.prepare(registry: registry, afterBatch: reading.afterBatch)
        reading.clear()
        let distinct = sizeList.isRelative ? try DistinctPages.count(trace) : 0
        let resolution: FrameSizes.Resolution
        do {
            resolution = try sizeList.resolve(distinctPages: distinct, workload: trace.name)
        } catch {
            throw UsageError(error.message)
        }
        if !resolution.duplicates.isEmpty {
            Entry.printNote(
                (sizeList.isRelative ? "\(distinct) distinct pages: " : "")
                    + resolution.duplicates.joined(separator: "; ") + "; each size runs once")
        }
        comparison.frames = resolution.sizes
        let sweep = SweepMonitor(expectedAccesses: trace.count * comparison.cells.count)
        var results = try await comparison.run(registry: registry, trace: trace, afterBlock: sweep.afterBlock)
        sweep.clear()
        for index in results.indices { results[index].relativeSize = resolution.relative[results[index].frames] }
        let relative = results.map(\.relativeSize)
        if let output {
            let text =
                output.hasSuffix(".csv")
                ? ResultFormatting.csv(results, relativeSizes: relative) : try ResultFormatting.json(results)
            try AtomicFile.write(text, to: output)
        }
        if let plot {
            let chart = MissRatioPlot.chart(
                title: PlotOption.title(workload.source) + ": miss ratio against memory size",
                measurements: results.map(MissRatioPlot.Measurement.init),
                pageSize: PlotOption.pageSize(workload.source, base.pageSize))
            try PlotOption.write(chart, to: plot)
        }
        if csv {
            print(ResultFormatting.csv(results, relativeSizes: relative), terminator: "")
        } else if json {
            print(try ResultFormatting.json(results), terminator: "")
        } else {
            print(ResultFormatting.table(results), terminator: "")
        }
    }
}
