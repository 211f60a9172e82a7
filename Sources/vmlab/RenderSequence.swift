import Foundation
import VMCore
import VMDiagram
import VMExperiment

/// `vmlab render --every K`: a snapshot every K accesses (and at the end), each written to `<stem>-NNNN.<ext>`,
/// and `<stem>.html`, a page that steps through them with a caption saying what the last access did.
///
/// The snapshots come from ``StepThrough`` (the same rows at the same size in every one, the last access
/// highlighted and captioned); this writes them and the page.
struct RenderSequence {
    let every: Int
    let end: Int
    let path: String
    let format: DiagramFormat
    let options: DiagramOptions

    /// Images embedded in the page, in bytes, beyond which the page links the image files instead.
    static let maximumEmbeddedBytes = 64 << 20

    func run(_ workload: RenderWorkload) throws {
        var times = Array(stride(from: 0, through: end, by: every))
        if times.last != end { times.append(end) }
        guard times.count <= 10_000 else {
            throw UsageError("--every \(every) would write \(times.count) snapshots; at most 10000")
        }
        let url = URL(fileURLWithPath: path)
        let stem = url.deletingPathExtension().lastPathComponent
        let directory = url.deletingLastPathComponent()
        let digits = max(4, String(times.count).count)
        let total = workload.accesses.count
        var steps: [SnapshotPage.Step] = []
        var subtitle = ""
        var embedded = 0
        let stepThrough = StepThrough(
            accesses: workload.accesses, nextUse: workload.nextUse, times: times, options: options,
            makeMachine: workload.makeMachine)
        try stepThrough.forEachSnapshot { snapshot in
            let number = String(snapshot.index + 1)
            let file = "\(stem)-\(String(repeating: "0", count: digits - number.count) + number).\(format.rawValue)"
            let data = try DiagramRenderer.render(snapshot.graph, format: format)
            try AtomicFile.write(data, to: directory.appendingPathComponent(file).path)
            embedded += data.count
            let title = snapshot.graph.title
            // Title lines: the title, the machine, the policies (when named), the progress and the caption.
            subtitle = title.dropFirst().dropLast(2).joined(separator: " · ")
            steps.append(
                SnapshotPage.Step(
                    file: file, image: data,
                    position: "after \(snapshot.time) of \(total) accesses",
                    caption: snapshot.caption, note: snapshot.order ?? "", counters: Self.counters(snapshot.state)))
        }
        let linked = embedded > Self.maximumEmbeddedBytes
        if linked { for index in steps.indices { steps[index].image = nil } }
        let page = directory.appendingPathComponent("\(stem).html").path
        try AtomicFile.write(SnapshotPage(title: options.title, subtitle: subtitle, steps: steps).html(), to: page)
        print(
            "wrote \(times.count) snapshots \(stem)-*.\(format.rawValue) and \(page)"
                + (linked
                    ? " (the images take more than \(Self.maximumEmbeddedBytes >> 20) MiB: the page links them)"
                    : " (self-contained)"))
    }

    /// The running totals the page shows under each caption.
    private static func counters(_ state: MachineSnapshot) -> [SnapshotPage.Counter] {
        let totals = state.totals
        var counters: [SnapshotPage.Counter] = [
            .init("accesses", String(state.time)), .init("hits", String(totals.hits)),
            .init("faults", String(totals.faults)), .init("major faults", String(totals.majorFaults)),
            .init("evictions", String(totals.evictions)), .init("swap-outs", String(totals.swapOuts)),
            .init("swap-ins", String(totals.swapIns)),
        ]
        let kernel = state.kernel.directMapAccesses + state.kernel.userPageAccesses
        if kernel > 0 { counters.append(.init("by the kernel", String(kernel))) }
        let invalid = totals.segmentationFaults + totals.protectionFaults
        if invalid > 0 { counters.append(.init("invalid", String(invalid))) }
        if totals.droppedAccesses > 0 { counters.append(.init("dropped", String(totals.droppedAccesses))) }
        return counters
    }
}
