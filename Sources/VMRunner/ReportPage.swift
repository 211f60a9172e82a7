import Foundation
import Plot
import VMCore
import VMDiagram
import VMExperiment

/// `index.html`: one self-contained page (no server, no external file, no network) with the summary and, per
/// workload, the chart panels, the policy toggles, the results table and the anomalies, then the mapping diagrams.
///
/// Contracts:
/// - Built with Plot; every text and attribute value goes through the escaping helpers of VMDiagram's
///   `SafeHTML.swift` (names and captions come from input), so the page also reads as XML. The only raw markup is
///   the SVG this package generated, which escapes its own text (``SVGChart``, and ``VMDiagram`` through Graphviz),
///   the fixed stylesheet (``css``) and the fixed script (``script``); no input text reaches the script, which reads
///   names from the page's attributes and compares them as strings.
/// - Charts are used through their SVG only: per series `g.series[data-series=NAME]`, per point `.point` with a
///   `<title>`, per panel `g.panel`, per legend entry `g.legend-entry[data-series=NAME]`.
/// - Without the script everything is shown; the script adds policy toggles, table sorting, point tooltips and the
///   diagram zoom. With `#selfcheck` in the address it also checks the page and writes the verdict to
///   `body[data-selfcheck]` (`ok`, or `fail: …`; see ``script``).
struct ReportPage {
    struct WorkloadSection {
        var name: String
        var accesses: Int
        var distinctPages: Int
        /// The workload's chart panels, as SVG documents (from `<svg` on).
        var charts: [String]
    }

    struct Diagram {
        var caption: String
        var svg: String
    }

    var report: ExperimentReport
    var workloads: [WorkloadSection]
    var diagrams: [Diagram]

    func html() -> String {
        let experiment = report.experiment
        let page = HTML(
            .head(
                .meta(.charset(.utf8)),
                .meta(.safe("name", "viewport"), .safe("content", "width=device-width, initial-scale=1")),
                .safeTitle("VMLab: \(experiment.name)"),
                .style(Self.css)),
            .body(
                .h1(.safeText("VMLab experiment: \(experiment.name)")),
                .p(.class("muted"), .safeText(settings)),
                .p(
                    .safeText(
                        "\(report.results.count) cells · policies "
                            + experiment.replacement.map(\.description).joined(separator: ", ")
                            + (report.results.contains(where: \.cell.isFloor) ? " (and OPT as the floor)" : ""))),
                anomalySummary(),
                .forEach(workloads.enumerated()) { index, section in workloadSection(section, number: index + 1) },
                .if(
                    !diagrams.isEmpty,
                    .section(
                        .class("diagrams"),
                        .h2(.safeText("Mapping diagrams")),
                        .p(.class("muted js-only"), .safeHidden(true), .safeText("Click a diagram to zoom in or out.")),
                        .forEach(diagrams) { diagram in
                            .div(
                                .class("diagram-block"),
                                .h3(.safeText(diagram.caption)),
                                .div(.class("diagram"), .raw(diagram.svg)))
                        })),
                .div(.id("tooltip"), .safeHidden(true)),
                .script(.raw(Self.script))
            )
        )
        return page.render(indentedBy: .spaces(1))
    }

    /// The machine settings of the experiment, as one line.
    private var settings: String {
        let experiment = report.experiment
        return "page size \(experiment.pageSize) B · "
            + "\(report.sizesSummary()) · "
            + "scope \(experiment.scopes.map(\.description).joined(separator: ", ")) · "
            + "allocator \(experiment.allocators.map(\.description).joined(separator: ", ")) · "
            + "swap \(experiment.placements.map(\.description).joined(separator: ", "))"
            + (experiment.tlb.map { " · TLB \($0.entries) entries, \($0.ways) ways, \($0.policy)" } ?? "")
            + (experiment.warmup > 0 ? " · warm-up \(experiment.warmup) accesses" : "")
    }

    /// How many anomalies each workload has, linking to its section (the list itself is in the section).
    private func anomalySummary() -> Node<HTML.BodyContext> {
        let anomalies = report.anomalies()
        let counted = workloads.enumerated().compactMap { index, section in
            let count = anomalies.filter { $0.workload == section.name }.count
            return count == 0 ? nil : (number: index + 1, name: section.name, count: count)
        }
        return .if(
            !counted.isEmpty,
            .p(
                .class("anomaly"),
                .safeText("Belady's anomaly (faults rose with memory): "),
                .forEach(counted.enumerated()) { position, entry in
                    .group(
                        .safeText(position == 0 ? "" : ", "),
                        .a(.safeAttribute("href", "#workload-\(entry.number)"), .safeText(entry.name)),
                        .safeText(" (\(entry.count))"))
                }))
    }

    /// One workload: its facts, the toggles of its policies, its chart panels, its table, its anomalies and kills.
    private func workloadSection(_ section: WorkloadSection, number: Int) -> Node<HTML.BodyContext> {
        let anomalies = report.anomalies().filter { $0.workload == section.name }
        return .section(
            .class("workload"),
            .id("workload-\(number)"),
            .h2(.safeText(section.name)),
            .p(.class("muted"), .safeText("\(section.accesses) accesses · \(section.distinctPages) distinct pages")),
            toggles(for: section.name),
            .div(.class("charts"), .forEach(section.charts) { svg in .div(.class("chart"), .raw(svg)) }),
            table(for: section.name),
            .if(
                !anomalies.isEmpty,
                .div(
                    .class("anomalies"),
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
            kills(for: section.name))
    }

    /// The name a policy's series has in the charts and its row in the table: the replacement policy, and the
    /// other settings when the experiment varies them.
    func seriesName(of cell: Cell) -> String {
        let setting = report.setting(of: cell)
        return cell.replacement + (setting.isEmpty ? "" : " (\(setting))")
    }

    /// One checkbox per policy of `workload` (the series names of its charts) in a `details.toggles`, hidden until
    /// the script runs (open from 600 px up, a line to tap on a phone): unticking one hides that policy's series in
    /// every chart panel of the workload.
    private func toggles(for workload: String) -> Node<HTML.BodyContext> {
        var names: [String] = []
        for (key, _) in report.curves() where key.workload == workload && !names.contains(seriesName(of: key)) {
            names.append(seriesName(of: key))
        }
        return .if(
            !names.isEmpty,
            .details(
                .class("toggles"),
                .safeHidden(true),
                .summary(.safeText("Policies in the charts (\(names.count))")),
                .div(
                    .class("chips"),
                    .button(.safeAttribute("type", "button"), .class("toggle-all"), .safeText("all")),
                    .button(.safeAttribute("type", "button"), .class("toggle-none"), .safeText("none")),
                    .forEach(names) { name in
                        .label(
                            .input(.safe("type", "checkbox"), .safe("checked", "checked"), .safe("data-series", name)),
                            .safeText(name))
                    })))
    }
}
