import ArgumentParser
import Foundation
import VMChart
import VMCore
import VMExperiment
import VMRunner

/// `--plot FILE.svg|.png|.pdf` of `compare` and `mrc`: the miss-ratio chart of what the command computed, written
/// atomically in the format the extension names (``MissRatioPlot``).
enum PlotOption {
    /// Refuses a path whose extension is not a chart format (a usage error, exit 2).
    static func validate(_ path: String?) throws {
        guard let path, ChartFormat(path: path) == nil else { return }
        throw ValidationError(
            "--plot \(SafeText.escaped(path, limit: 100)): expected a file ending in \(ChartFormat.extensionList)")
    }

    /// Writes the chart and says so on standard error (standard output keeps the table, CSV or JSON).
    static func write(_ chart: Chart, to path: String) throws {
        let bytes = try MissRatioPlot.write(chart, to: path)
        let panels = chart.panels.count
        Entry.printNote(
            "wrote \(SafeText.escaped(path, limit: 100)) (\(bytes) bytes; \(panels) \(panels == 1 ? "panel" : "panels"))"
        )
    }

    /// What a chart title calls the workload: the trace's file name, or `reference string` for `--pages`.
    static func title(_ source: WorkloadSource) -> String {
        if case .inlinePages = source { return "reference string" }
        return (source.name as NSString).lastPathComponent
    }

    /// The bytes of a page, when the workload is a trace (a `--pages` list has page numbers, not addresses).
    static func pageSize(_ source: WorkloadSource, _ pageSize: Int) -> Int? {
        if case .inlinePages = source { return nil }
        return pageSize
    }
}
