import ArgumentParser
import Foundation
import VMCore
import VMDiagram
import VMExperiment

/// What `vmlab render` draws.
enum RenderView: String, CaseIterable, ExpressibleByArgument {
    /// Virtual pages → RAM frames, swap slots and the kernel's direct map (the default).
    case mapping
    /// One process's multi-level page table, with the walk of one address.
    case pageTables = "page-tables"
}

/// `vmlab render --view page-tables`: the page table of one process (`--process NAME|PID`) and the walk of
/// `--address A`, at the end, at `--at N`, or every `--every K` accesses.
struct PageTableRender {
    let process: String?
    let address: String?
    let detail: DiagramDetail
    let title: String

    /// `0x7f3a2000` or a decimal number, below the user limit.
    static func parseAddress(_ text: String, layout: AddressLayout) throws -> UInt64 {
        let value =
            text.hasPrefix("0x") || text.hasPrefix("0X") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
        guard let value else {
            throw UsageError("--address \(SafeText.quoted(text)): expected an address like 0x400000 or 4194304")
        }
        guard value < layout.userLimit else {
            throw UsageError(
                "--address \(SafeText.escaped(text)): outside the user range 0x0–0x"
                    + String(layout.userLimit - 1, radix: 16) + " that page tables map")
        }
        return value
    }

    /// Processes of the workload: those the machine knows (a scenario declares them), then every other pid its
    /// accesses use, in order of appearance.
    static func processes(of workload: RenderWorkload) -> [(pid: UInt32, name: String)] {
        var list = workload.machine.processes.map { (pid: $0.pid, name: $0.name) }
        var seen = Set(list.map(\.pid))
        for access in workload.accesses where access.pid != Access.kernelPID && !seen.contains(access.pid) {
            seen.insert(access.pid)
            list.append((access.pid, "pid \(access.pid)"))
        }
        return list
    }

    /// The process `--process` names (a name first, then a pid); the only one when left out.
    func resolve(in workload: RenderWorkload) throws -> (pid: UInt32, name: String) {
        let known = Self.processes(of: workload)
        let valid =
            known.isEmpty
            ? "the workload has none"
            : "processes: " + SafeText.escaped(known.map { "\($0.name) (pid \($0.pid))" }.joined(separator: ", "))
        guard let process else {
            if known.count == 1 { return known[0] }
            throw UsageError("--view page-tables draws one process: give --process NAME or PID; \(valid)")
        }
        if let match = known.first(where: { $0.name == process }) { return match }
        if let pid = UInt32(process), let match = known.first(where: { $0.pid == pid }) { return match }
        throw UsageError("--process \(SafeText.quoted(process)): no such process; \(valid)")
    }

    /// Draws the table after `end` accesses to `path`.
    func render(_ workload: inout RenderWorkload, end: Int, path: String, format: DiagramFormat) throws {
        let target = try resolve(in: workload)
        let options = try self.options(workload)
        try workload.advance(to: end)
        let clock = ContinuousClock()
        let start = clock.now
        let graph = try graph(workload, target: target, options: options)
        let data = try DiagramRenderer.render(graph, format: format)
        let elapsed = clock.now - start
        try AtomicFile.write(data, to: path)
        let rows = graph.tables.reduce(0) { $0 + $1.rows.count }
        print(
            "wrote \(path) (\(data.count) bytes; \(graph.tables.count) tables, \(rows) rows; drawn in "
                + "\(elapsed.milliseconds) ms)")
        if let walk = graph.walk { print(walk.split) }
    }

    /// Snapshots of the table every `every` accesses (and at `end`), each to `<stem>-NNNN.<ext>`, and `<stem>.html`.
    func renderSequence(
        _ workload: inout RenderWorkload, every: Int, end: Int, path: String, format: DiagramFormat
    ) throws {
        let target = try resolve(in: workload)
        let options = try self.options(workload)
        let files = try SnapshotFiles(every: every, end: end, path: path, format: format)
        var steps: [SnapshotPage.Step] = []
        for (index, time) in files.times.enumerated() {
            try workload.advance(to: time)
            let graph = try graph(workload, target: target, options: options)
            let file = files.file(index)
            try AtomicFile.write(try DiagramRenderer.render(graph, format: format), to: files.path(of: file))
            steps.append(SnapshotPage.Step(file: file, caption: caption(workload, target: target, time: time)))
        }
        try AtomicFile.write(SnapshotPage(title: title, steps: steps).html(), to: files.page)
        print(files.summary())
    }

    private func options(_ workload: RenderWorkload) throws -> PageTableOptions {
        let parsed = try address.map { try Self.parseAddress($0, layout: workload.machine.layout) }
        return PageTableOptions(detail: detail, title: title, address: parsed)
    }

    private func graph(_ workload: RenderWorkload, target: (pid: UInt32, name: String), options: PageTableOptions)
        throws -> PageTableGraph
    {
        let snapshot = PageTableSnapshot(
            machine: workload.machine, pid: target.pid, name: target.name, totalAccesses: workload.accesses.count)
        return try PageTableGraph(snapshot: snapshot, options: options)
    }

    /// What one step shows: the time, the kernel's own accesses so far (physical mode, direct map), and the
    /// process's table.
    private func caption(_ workload: RenderWorkload, target: (pid: UInt32, name: String), time: Int) -> String {
        let machine = workload.machine
        var text = "after \(time) of \(workload.accesses.count) accesses"
        let kernel = machine.kernel
        var kernelParts: [String] = []
        if kernel.physicalAccesses > 0 { kernelParts.append("\(kernel.physicalAccesses) with paging off") }
        if kernel.directMapAccesses > 0 { kernelParts.append("\(kernel.directMapAccesses) through the direct map") }
        if kernel.userPageAccesses > 0 { kernelParts.append("\(kernel.userPageAccesses) on user pages") }
        if !kernelParts.isEmpty { text += "; kernel: " + kernelParts.joined(separator: ", ") }
        if let process = machine.process(pid: target.pid) {
            let table = process.pageTable
            let pages = machine.counters(ofProcess: process.index)
            text += "; \(target.name): \(pages.faults == 1 ? "1 fault" : "\(pages.faults) faults"), table "
            text +=
                table.isCompact
                ? "compact (\(Formatting.pages(table)))"
                : "radix, "
                    + table.tablesPerLevel.enumerated().map { "\($1) L\(table.levels - $0)" }.joined(
                        separator: " + ")
        } else {
            text += "; \(target.name) has not run yet: no page table"
        }
        return text
    }
}

private enum Formatting {
    static func pages(_ table: PageTable) -> String {
        var count = 0
        table.forEachTouchedPage { _, _, _ in count += 1 }
        return count == 1 ? "1 page" : "\(count) pages"
    }
}
