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
    /// accesses, for two window lengths (2% and 10% of the trace).
    static func workingSetChart(trace: LoadedTrace, samples: Int) -> Chart {
        let count = trace.accesses.count
        let windows = Array(Set([max(2, count / 50), max(2, count / 10)])).sorted()
        let curves = windows.map { window in
            Curve(
                label: "τ = \(window)",
                samples: workingSetSizes(trace, window: window, samples: samples).map {
                    Curve.Sample(x: $0.x, y: $0.y)
                })
        }
        return CurveChartBuilder(
            title: "\(trace.name): working-set size W(t, τ)", curves: curves,
            xAxis: Axis.linear(curves.flatMap(\.samples).map(\.x), label: "accesses"), xUnit: "accesses",
            yLabel: "distinct pages in window", yBounds: 0...Double.greatestFiniteMagnitude, allowLogY: false
        ).build()
    }

    /// W(t, τ) at `samples` evenly spaced times: one pass with a count per page inside the window. O(N).
    static func workingSetSizes(_ trace: LoadedTrace, window: Int, samples: Int) -> [(x: Double, y: Double)] {
        let shift = UInt64(trace.pageShift)
        var ids: [UInt64: Int] = [:]
        let pages = trace.accesses.map { access in
            let key = (UInt64(access.pid) << 48) ^ (access.address >> shift)
            if let id = ids[key] { return id }
            ids[key] = ids.count
            return ids.count - 1
        }
        var inWindow = [Int](repeating: 0, count: ids.count)
        var distinct = 0
        var points: [(x: Double, y: Double)] = []
        let count = pages.count
        let step = max(1, count / max(samples, 1))
        for time in 0..<count {
            if inWindow[pages[time]] == 0 { distinct += 1 }
            inWindow[pages[time]] += 1
            if time >= window {
                let leaving = pages[time - window]
                inWindow[leaving] -= 1
                if inWindow[leaving] == 0 { distinct -= 1 }
            }
            if (time + 1) % step == 0 || time == count - 1 { points.append((Double(time + 1), Double(distinct))) }
        }
        return points
    }
}
