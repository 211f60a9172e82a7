import Foundation
import VMCore
import VMExperiment
import VMTrace

extension ExperimentReport {
    /// Miss ratio against memory size for one workload: one line per policy (and setting), OPT dashed black as the
    /// floor, LRU's one-pass curve (Mattson) dotted at every size when LRU runs under global replacement, and
    /// Belady's anomalies ringed in red.
    func missRatioChart(workload: String, lruCurve: MissRatioCurve?) -> SVGChart {
        let anomalies = anomalies().filter { $0.workload == workload }
        var series: [SVGChart.Series] = []
        for (key, points) in curves() where key.workload == workload {
            let setting = setting(of: key)
            let name = key.replacement + (setting.isEmpty ? "" : " (\(setting))")
            var line = SVGChart.Series(
                name: name, points: points.map { (Double($0.cell.frames), $0.result.missRatio) },
                dashed: key.replacement == "opt")
            line.flagged = anomalies.filter { $0.policy == key.replacement && $0.setting == setting }.compactMap {
                anomaly in
                points.first { $0.cell.frames == anomaly.larger }.map { (Double($0.cell.frames), $0.result.missRatio) }
            }
            series.append(line)
        }
        if let lruCurve {
            series.append(
                SVGChart.Series(
                    name: "lru (one pass)", points: lruCurve.points.map { (Double($0.frames), $0.missRatio) },
                    dashed: true, markers: false))
        }
        let sizes = experiment.sizes(of: workload)
        let spread = (sizes.max() ?? 1) / max(sizes.min() ?? 1, 1)
        var chart = SVGChart(
            title: "\(workload): miss ratio against memory size", xLabel: "frames",
            yLabel: "miss ratio (faults / executed accesses)",
            series: series, logX: spread >= 50)
        chart.yRange = 0...1
        return chart
    }

    /// Faults over time for one workload: one line per policy at the middle memory size of the sweep.
    func faultsOverTimeChart(workload: String) -> SVGChart {
        let sizes = experiment.sizes(of: workload).sorted()
        let middle = sizes[sizes.count / 2]
        var series: [SVGChart.Series] = []
        for (key, points) in curves() where key.workload == workload {
            guard let cell = points.first(where: { $0.cell.frames == middle }) else { continue }
            let setting = setting(of: key)
            series.append(
                SVGChart.Series(
                    name: key.replacement + (setting.isEmpty ? "" : " (\(setting))"),
                    points: zip(cell.sampleTimes, cell.faultsOverTime).map { (Double($0), Double($1)) },
                    dashed: key.replacement == "opt", markers: cell.sampleTimes.count <= 30))
        }
        return SVGChart(
            title: "\(workload): faults over time at \(middle) frames", xLabel: "accesses",
            yLabel: "faults so far", series: series)
    }

    /// Denning's working-set size W(t, τ) over time for one workload: the distinct pages referenced in the last τ
    /// accesses, for two window lengths (2% and 10% of the trace).
    static func workingSetChart(trace: LoadedTrace, samples: Int) -> SVGChart {
        let count = trace.accesses.count
        let windows = Array(Set([max(2, count / 50), max(2, count / 10)])).sorted()
        var series: [SVGChart.Series] = []
        for window in windows {
            series.append(
                SVGChart.Series(
                    name: "τ = \(window)", points: workingSetSizes(trace, window: window, samples: samples),
                    markers: samples <= 30))
        }
        return SVGChart(
            title: "\(trace.name): working-set size W(t, τ)", xLabel: "accesses", yLabel: "distinct pages in window",
            series: series)
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
