import Foundation
import VMChart
import VMCore
import VMExperiment
import VMPolicyCatalogue
import VMTrace

extension ExperimentReport {
    /// The label of a curve in the plots: the policy, then the settings the experiment varies.
    func plotLabel(_ cell: Cell) -> String {
        let setting = setting(of: cell)
        return cell.replacement + (setting.isEmpty ? "" : " (\(setting))")
    }

    /// Miss ratio against memory size for one workload (``MissRatioPlot``): one line per policy (and setting),
    /// OPT as the dashed grey floor, LRU's one-pass curve (Mattson) dotted at every size when LRU runs under global
    /// replacement and everything fits one panel, small multiples by family past eight lines, Belady's anomalies
    /// ringed in the colour of the policy that shows them.
    func missRatioChart(workload: String, lruCurve: MissRatioCurve?) -> Chart {
        var measurements: [MissRatioPlot.Measurement] = []
        for (key, points) in curves() where key.workload == workload {
            let label = plotLabel(key)
            measurements += points.map {
                MissRatioPlot.Measurement(
                    label: label, frames: $0.cell.frames, faults: $0.result.faults, missRatio: $0.result.missRatio,
                    droppedAccesses: $0.result.droppedAccesses)
            }
        }
        let anomalies = anomalies().filter { $0.workload == workload }.map { anomaly in
            CurveChartBuilder.Anomaly(
                label: anomaly.policy + (anomaly.setting.isEmpty ? "" : " (\(anomaly.setting))"),
                smaller: anomaly.smaller, larger: anomaly.larger, faultsSmaller: anomaly.faultsSmaller,
                faultsLarger: anomaly.faultsLarger)
        }
        return MissRatioPlot.chart(
            title: "\(workload): miss ratio against memory size", measurements: measurements,
            pageSize: isPageList(workload) ? nil : experiment.pageSize, lruCurve: lruCurve, anomalies: anomalies)
    }

    /// Whether `workload` is an inline page list (a reference string: sizes in bytes would mean nothing).
    func isPageList(_ workload: String) -> Bool {
        guard case .pages = experiment.workloads.first(where: { $0.name == workload })?.source else { return false }
        return true
    }

    /// Faults over time for one workload: one line per policy at the middle memory size of the sweep.
    func faultsOverTimeChart(workload: String) -> Chart {
        let sizes = experiment.sizes(of: workload).sorted()
        let middle = sizes[sizes.count / 2]
        var lines: [Curve] = []
        for (key, points) in curves() where key.workload == workload {
            guard let cell = points.first(where: { $0.cell.frames == middle }) else { continue }
            lines.append(
                Curve(
                    label: plotLabel(key), family: PolicyCatalogue.family(ofReplacement: key.replacement),
                    samples: zip(cell.sampleTimes, cell.faultsOverTime).map {
                        Curve.Sample(x: Double($0), y: Double($1))
                    }))
        }
        let times = lines.flatMap(\.samples).map(\.x)
        return CurveChartBuilder(
            title: "\(workload): faults over time at \(middle) frames", curves: lines,
            xAxis: Axis.linear(times, label: "accesses"), xUnit: "accesses", yLabel: "faults so far",
            yBounds: 0...Double.greatestFiniteMagnitude, allowLogY: false
        ).build()
    }

    /// Denning's working-set size W(t, τ) over time for one workload: the distinct pages referenced in the last τ
    /// accesses, for two window lengths (2% and 10% of the trace), from ``WorkloadProfile``'s samples.
    static func workingSetChart(_ profile: WorkloadProfile) -> Chart {
        let curves = profile.windows.indices.map { window in
            Curve(
                label: "τ = \(profile.windows[window])",
                samples: profile.workingSet.map { Curve.Sample(x: Double($0.time), y: Double($0.sizes[window])) })
        }
        return CurveChartBuilder(
            title: "\(profile.workload): working-set size W(t, τ)", curves: curves,
            xAxis: Axis.linear(curves.flatMap(\.samples).map(\.x), label: "accesses"), xUnit: "accesses",
            yLabel: "distinct pages in window", yBounds: 0...Double.greatestFiniteMagnitude, allowLogY: false
        ).build()
    }
}
