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
        let files = try SnapshotFiles(every: every, end: end, path: path, format: format)
        let total = workload.isComplete ? " of \(workload.accesses.count)" : ""
        var steps: [SnapshotPage.Step] = []
        var subtitle = ""
        var embedded = 0
        var counts: [Counts] = []
        let stepThrough = StepThrough(
            accesses: workload.accesses, nextUse: workload.nextUse, times: files.times, options: options,
            makeMachine: workload.makeMachine)
        try stepThrough.forEachSnapshot { snapshot in
            let file = files.file(snapshot.index)
            let data = try DiagramRenderer.render(snapshot.graph, format: format)
            try AtomicFile.write(data, to: files.path(of: file))
            embedded += data.count
            let title = snapshot.graph.title
            // Title lines: the title, the machine, the policies (when named), the progress and the caption.
            subtitle = title.dropFirst().dropLast(2).joined(separator: " · ")
            steps.append(
                SnapshotPage.Step(
                    file: file, image: data,
                    position: "after \(snapshot.time)\(total) accesses",
                    caption: snapshot.caption, note: snapshot.order ?? ""))
            counts.append(Counts(snapshot.state))
        }
        // Every step shows the same counters (those the window ever needs), so the row does not grow while stepping.
        let shown = counts.last?.shown() ?? []
        for index in steps.indices { steps[index].counters = counts[index].counters(shown) }
        let linked = embedded > Self.maximumEmbeddedBytes
        if linked { for index in steps.indices { steps[index].image = nil } }
        let page = SnapshotPage(title: options.title, subtitle: subtitle, steps: steps)
        try AtomicFile.write(page.html(), to: files.page)
        print(
            files.summary(
                linked
                    ? " (the images take more than \(Self.maximumEmbeddedBytes >> 20) MiB: the page links them)"
                    : " (self-contained)"))
    }

    /// The running totals the page shows under each caption, by label.
    private struct Counts {
        var values: [(label: String, value: Int)]

        init(_ state: MachineSnapshot) {
            let totals = state.totals
            values = [
                ("accesses", state.time), ("hits", totals.hits), ("faults", totals.faults),
                ("major faults", totals.majorFaults), ("evictions", totals.evictions), ("swap-outs", totals.swapOuts),
                ("swap-ins", totals.swapIns),
                ("by the kernel", state.kernel.directMapAccesses + state.kernel.userPageAccesses),
                ("invalid", totals.segmentationFaults + totals.protectionFaults),
                ("dropped", totals.droppedAccesses),
            ]
        }

        /// The labels to show: the first seven always, the rest when they are not zero (at the end of the window:
        /// the counts only grow).
        func shown() -> Set<String> {
            Set(values.enumerated().filter { $0.offset < 7 || $0.element.value > 0 }.map(\.element.label))
        }

        func counters(_ shown: Set<String>) -> [SnapshotPage.Counter] {
            values.filter { shown.contains($0.label) }.map { SnapshotPage.Counter($0.label, String($0.value)) }
        }
    }
}
