public import ArgumentParser
import VMExperiment
import VMTrace

extension TraceFormat: ExpressibleByArgument {}

/// Where the accesses come from: a trace file or an inline page list.
struct WorkloadOptions: ParsableArguments {
    @Option(name: .long, help: "Trace file ('-' for standard input; .gz and .zst are read directly).")
    var trace: String?

    @Option(
        name: .long,
        help: "Trace format: \(TraceFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: TraceFormat = .auto

    @Option(name: .long, parsing: .unconditional, help: "Inline page list, e.g. 1,2,3,4,1,2,5 (decimal or 0x hex).")
    var pages: String?

    func validate() throws {
        switch (trace, pages) {
        case (nil, nil): throw ValidationError("give a workload: --trace PATH or --pages LIST")
        case (.some, .some): throw ValidationError("give either --trace or --pages, not both")
        default: break
        }
        if pages != nil, format != .auto {
            throw ValidationError("--format applies to --trace only; --pages is always a page list")
        }
    }

    var source: WorkloadSource {
        if let pages { return .inlinePages(pages) }
        return .trace(path: trace!, format: format)
    }
}
