import Foundation
import Plot
import VMCore
import VMDiagram
import VMExperiment

extension ReportPage {
    /// The results of `workload`: one row per policy (and setting), one column per memory size, each cell the miss
    /// ratio (faults over executed accesses, 4 decimals; the faults in its tooltip). A size where the policy faulted
    /// more than at the next smaller size is marked ⚠ (Belady's anomaly), a cell where a process was killed †.
    ///
    /// The table sits in a `div.table-scroll` that scrolls sideways with the first column sticky, so 27 policies ×
    /// 32 sizes stay readable at any width. Header cells are `th.sortable` (the script sorts the rows by the column
    /// clicked); `data-rows` holds the number of body rows for the self-check.
    func table(for workload: String) -> Node<HTML.BodyContext> {
        let curves = report.curves().filter { $0.key.workload == workload }
        let sizes = Array(Set(curves.flatMap { $0.points.map(\.cell.frames) })).sorted()
        let anomalies = report.anomalies().filter { $0.workload == workload }
        let killedAnywhere = curves.contains { $0.points.contains { $0.result.killedProcesses > 0 } }
        let note =
            "Miss ratio (faults / executed accesses) by policy and memory size in frames; "
            + "⚠ more faults than with less memory"
            + (killedAnywhere ? "; † a process was killed out of memory (below)" : "")
        // The note is outside the scrolling box, so it is never cut at a phone's width.
        return .group(
            .p(
                .class("table-note"), .safeText(note),
                .span(.class("js-only"), .safeHidden(true), .safeText(" · click a header to sort"))),
            .div(
                .class("table-scroll"),
                .table(
                    .class("results"),
                    .safeAttribute("data-rows", String(curves.count)),
                    .safeAttribute("aria-label", note),
                    .thead(
                        .tr(
                            .th(.class("text sortable"), .safeText("policy")),
                            .forEach(sizes) { size in .th(.class("sortable"), .safeText(String(size))) })),
                    .tbody(
                        .forEach(curves) { curve in
                            let setting = report.setting(of: curve.key)
                            return .tr(
                                .td(
                                    .class("text"),
                                    .safeText(seriesName(of: curve.key) + (curve.key.isFloor ? " (floor)" : ""))),
                                .forEach(sizes) { size in
                                    guard let point = curve.points.first(where: { $0.cell.frames == size }) else {
                                        return .td(.safeText(""))
                                    }
                                    let flagged = anomalies.contains {
                                        $0.policy == curve.key.replacement && $0.setting == setting && $0.larger == size
                                    }
                                    let killed = point.result.killedProcesses > 0
                                    let faults = point.result.faults
                                    return .td(
                                        .class(flagged ? "anomaly" : ""),
                                        .safeAttribute("title", "\(faults) \(faults == 1 ? "fault" : "faults")"),
                                        .safeText(
                                            String(format: "%.4f", point.result.missRatio) + (flagged ? " ⚠" : "")
                                                + (killed ? " †" : "")))
                                })
                        }))))
    }

    /// The cells of `workload` in which the out-of-memory rule killed a process: which process, at which access,
    /// how many of its accesses were dropped, and the miss ratio over the executed accesses.
    func kills(for workload: String) -> Node<HTML.BodyContext> {
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
