import Foundation
import Plot
import VMCore
import VMDiagram
import VMExperiment

/// `index.html`: one self-contained page (no server, no external files) with the summary, the plots and tables of
/// every workload, Belady's anomalies and the mapping diagrams asked for. Built with Plot; every text goes through
/// the escaping helpers of VMDiagram's `SafeHTML.swift` (names and captions come from input). The only raw markup is
/// the SVG this package generated, which escapes its own text (``SVGChart``, and ``VMDiagram`` through Graphviz).
struct ReportPage {
    struct WorkloadSection {
        var name: String
        var accesses: Int
        var distinctPages: Int
        var charts: [String]
    }

    struct Diagram {
        var caption: String
        var svg: String
    }

    var report: ExperimentReport
    var workloads: [WorkloadSection]
    var diagrams: [Diagram]

    static let css = """
        body { font-family: Helvetica, Arial, sans-serif; margin: 2em; color: #222; max-width: 1200px; }
        h1 { margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
        table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
        th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
        th { background: #f4f5f7; } td.text, th.text { text-align: left; }
        .chart { display: inline-block; margin: 0.5em 1em 0.5em 0; vertical-align: top; }
        .anomaly { color: #b00020; } .muted { color: #777; }
        .diagram { overflow: auto; border: 1px solid #ddd; margin: 1em 0; }
        """

    func html() -> String {
        let experiment = report.experiment
        let anomalies = report.anomalies()
        let settings =
            "page size \(experiment.pageSize) B · "
            + "\(report.sizesSummary()) · "
            + "scope \(experiment.scopes.map(\.description).joined(separator: ", ")) · "
            + "allocator \(experiment.allocators.map(\.description).joined(separator: ", ")) · "
            + "swap \(experiment.placements.map(\.description).joined(separator: ", "))"
            + (experiment.tlb.map { " · TLB \($0.entries) entries, \($0.ways) ways, \($0.policy)" } ?? "")
            + (experiment.warmup > 0 ? " · warm-up \(experiment.warmup) accesses" : "")
        let page = HTML(
            .head(.meta(.charset(.utf8)), .safeTitle("VMLab: \(experiment.name)"), .style(Self.css)),
            .body(
                .h1(.safeText("VMLab experiment: \(experiment.name)")),
                .p(.class("muted"), .safeText(settings)),
                .p(
                    .safeText(
                        "\(report.results.count) cells · policies "
                            + experiment.replacement.map(\.description).joined(separator: ", ")
                            + (report.results.contains(where: \.cell.isFloor) ? " (and OPT as the floor)" : ""))),
                .if(
                    !anomalies.isEmpty,
                    .div(
                        .h3(.class("anomaly"), .safeText("Belady's anomaly")),
                        .ul(
                            .forEach(anomalies) { anomaly in
                                .li(
                                    .class("anomaly"),
                                    .safeText(
                                        "\(anomaly.workload), \(anomaly.policy)"
                                            + (anomaly.setting.isEmpty ? "" : " (\(anomaly.setting))")
                                            + ": \(anomaly.faultsSmaller) faults with \(anomaly.smaller) frames, "
                                            + "\(anomaly.faultsLarger) with \(anomaly.larger)"))
                            }))),
                .forEach(workloads) { section in
                    .div(
                        .h2(.safeText(section.name)),
                        .p(
                            .class("muted"),
                            .safeText("\(section.accesses) accesses · \(section.distinctPages) distinct pages")),
                        .forEach(section.charts) { svg in .div(.class("chart"), .raw(svg)) },
                        table(for: section.name),
                        kills(for: section.name))
                },
                .if(
                    !diagrams.isEmpty,
                    .div(
                        .h2(.safeText("Mapping diagrams")),
                        .forEach(diagrams) { diagram in
                            .div(.h3(.safeText(diagram.caption)), .div(.class("diagram"), .raw(diagram.svg)))
                        }))
            )
        )
        return page.render(indentedBy: .spaces(1))
    }

    /// Faults per policy (rows) and memory size (columns); a size where the policy faulted more than at the
    /// next smaller size is marked as Belady's anomaly.
    private func table(for workload: String) -> Node<HTML.BodyContext> {
        let curves = report.curves().filter { $0.key.workload == workload }
        let sizes = Array(Set(curves.flatMap { $0.points.map(\.cell.frames) })).sorted()
        let anomalies = report.anomalies().filter { $0.workload == workload }
        return .table(
            .caption(
                .safeText(
                    "faults by policy and memory size (frames); ⚠ more faults than with less memory"
                        + (curves.contains { $0.points.contains { $0.result.killedProcesses > 0 } }
                            ? "; † a process was killed out of memory (below)" : ""))),
            .thead(
                .tr(
                    .th(.class("text"), .safeText("policy")),
                    .forEach(sizes) { size in .th(.safeText(String(size))) })),
            .tbody(
                .forEach(curves) { curve in
                    let setting = report.setting(of: curve.key)
                    let name =
                        curve.key.replacement + (setting.isEmpty ? "" : " (\(setting))")
                        + (curve.key.isFloor ? " (floor)" : "")
                    return .tr(
                        .td(.class("text"), .safeText(name)),
                        .forEach(sizes) { size in
                            guard let point = curve.points.first(where: { $0.cell.frames == size }) else {
                                return .td(.safeText(""))
                            }
                            let flagged = anomalies.contains {
                                $0.policy == curve.key.replacement && $0.setting == setting && $0.larger == size
                            }
                            let killed = point.result.killedProcesses > 0
                            return .td(
                                .class(flagged ? "anomaly" : ""),
                                .safeText(String(point.result.faults) + (flagged ? " ⚠" : "") + (killed ? " †" : "")))
                        })
                }))
    }

    /// The cells of `workload` in which the out-of-memory rule killed a process: which process, at which access,
    /// how many of its accesses were dropped, and the miss ratio over the executed accesses.
    private func kills(for workload: String) -> Node<HTML.BodyContext> {
        let cells = report.results.filter { $0.cell.workload == workload && $0.result.killedProcesses > 0 }
        return .if(
            !cells.isEmpty,
            .div(
                .h3(.safeText("Out of memory")),
                .ul(
                    .forEach(cells) { cell in
                        let r = cell.result
                        let setting = report.setting(of: cell.cell)
                        let processes = r.processes.filter(\.killed).map { process in
                            "pid \(process.pid)"
                                + (process.name == "pid \(process.pid)" ? "" : " (\(process.name))")
                                + (process.killedAtAccess.map { " killed at access \($0)" } ?? " killed")
                                + ((process.killedAtAccess ?? .max) <= report.experiment.warmup
                                    ? " in the warm-up" : "")
                                + " (\(process.droppedAccesses) of its \(process.accesses) accesses dropped)"
                        }
                        return .li(
                            .safeText(
                                "\(cell.cell.replacement)" + (setting.isEmpty ? "" : " (\(setting))")
                                    + ", \(cell.cell.frames) frames: " + processes.joined(separator: "; ")
                                    + "; miss ratio " + String(format: "%.4f", r.missRatio) + " over "
                                    + "\(r.executedAccesses) executed of \(r.accesses) accesses"))
                    })))
    }
}
