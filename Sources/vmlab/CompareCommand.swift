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
            Cells run in parallel on all cores over one in-memory copy of the trace.
            Examples:
              vmlab compare --pages 1,2,3,4,1,2,5,1,2,3,4,5 --policies fifo,lru,opt --frames 1...6
              vmlab compare --trace sort.data.collapsed.pages.zst --policies lru,clock --frames 16,32,64 --csv
            """
    )

    @OptionGroup var workload: WorkloadOptions
    @OptionGroup var machine: MachineOptions
    @OptionGroup var plugins: PluginOptions

    @Option(name: .long, help: "Replacement policies, comma-separated (a policy's own parameters use ';' here).")
    var policies: String

    @Option(
        name: .long, parsing: .unconditional,
        help: "Memory sizes in frames: 8,16,32 or a range 4...64 (step: 4...64:4).")
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
        _ = try FrameListParser.parse(frames)
        try PlotOption.validate(plot)
    }

    /// Policies are separated by commas; inside one, parameters are separated by ';' (`random:seed=1;...`).
    static func parsePolicies(_ text: String) throws -> [PolicySpecification] {
        let items = text.split(separator: ",").map { $0.replacingOccurrences(of: ";", with: ",") }
        guard !items.isEmpty else { throw UsageError("--policies: no policy given") }
        return try items.map { item throws(VMError) in try PolicySpecification(parsing: item) }
    }

    func run() async throws {
        let registry = try plugins.registry()
        let specifications = try Self.parsePolicies(policies)
        let sizes = try FrameListParser.parse(frames)
        let base = try machine.configuration(replacement: specifications[0], frames: sizes[0])
        let comparison = Comparison(
            workload: workload.source, policies: specifications, frames: sizes, base: base,
            parallelism: jobs ?? ProcessorInfo.activeCores)
        let results = try await comparison.run(registry: registry)
        if let output {
            let text = output.hasSuffix(".csv") ? ResultFormatting.csv(results) : try ResultFormatting.json(results)
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
            print(ResultFormatting.csv(results), terminator: "")
        } else if json {
            print(try ResultFormatting.json(results), terminator: "")
        } else {
            print(ResultFormatting.table(results), terminator: "")
        }
    }
}
