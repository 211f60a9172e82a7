import VMCore

extension MappingGraph {
    /// Rows one region may have; a state that needs more is refused with ``DiagramError/tooLarge(_:)``.
    public static let maximumRowsPerRegion = 250_000

    /// The picture of `snapshot`: one region per process (pages in address order), RAM (frames in physical
    /// order), one region per swap device (slots in order) and the kernel (its direct map, row for row beside
    /// RAM); one edge from every mapped row to the RAM or swap row that holds it, and from every kernel row to its
    /// frames.
    ///
    /// With ``DiagramDetail/runs`` a row of a process covers a maximal run of consecutive pages in the same state
    /// and region whose frames (or slots on one device) are consecutive too; RAM and swap rows then cover exactly
    /// those runs, so every edge joins one row to one row. Cost: O(touched pages + regions + rows).
    /// - Throws: ``DiagramError/tooLarge(_:)`` when a region would exceed ``maximumRowsPerRegion`` rows.
    public init(snapshot: MachineSnapshot, options: DiagramOptions) throws(DiagramError) {
        var builder = GraphBuilder(snapshot: snapshot, detail: options.detail)
        var regions: [Region] = []
        for process in snapshot.processes {
            regions.append(try builder.processRegion(process))
        }
        regions.append(try builder.memoryRegion())
        for device in snapshot.swapDevices.indices {
            regions.append(try builder.swapRegion(device: device))
        }
        regions.append(builder.kernelRegion(mirroring: regions[snapshot.processes.count]))
        self.init(
            title: Self.titleLines(snapshot: snapshot, options: options),
            processes: snapshot.processes.map { ProcessKey(index: $0.index, pid: $0.pid, name: $0.name) },
            regions: regions,
            edges: builder.edges)
    }

    private static func titleLines(snapshot: MachineSnapshot, options: DiagramOptions) -> [String] {
        let frames = UInt64(snapshot.frameCount)
        var machine =
            "RAM \(frames) frames × \(Formatting.bytes(snapshot.pageSize)) = "
            + Formatting.bytes(frames * snapshot.pageSize)
        for device in snapshot.swapDevices {
            machine +=
                " · \(device.name) " + (device.capacity.map { Formatting.count(UInt64($0), "slot") } ?? "unbounded")
        }
        let declared = snapshot.processes.reduce(UInt64(0)) { total, process in
            total + (process.regions?.reduce(UInt64(0)) { $0 + $1.pageCount } ?? UInt64(process.pages.count))
        }
        machine +=
            " · \(Formatting.count(UInt64(snapshot.processes.count), "process", plural: "processes"))"
            + " with \(Formatting.bytes(declared * snapshot.pageSize)) of virtual memory"
        var policies: [String] = []
        if let replacement = options.replacement { policies.append("replacement \(replacement)") }
        if let allocator = options.allocator { policies.append("allocation \(allocator)") }
        if let placement = options.swapPlacement { policies.append("swap placement \(placement)") }
        let totals = snapshot.totals
        var progress = "after \(snapshot.time)"
        if let total = options.totalAccesses { progress += " of \(total)" }
        progress += snapshot.time == 1 && options.totalAccesses == nil ? " access" : " accesses"
        progress +=
            ": \(totals.faults) faults (\(totals.minorFaults) minor, \(totals.majorFaults) major)"
            + " · \(totals.evictions) evictions · \(totals.swapOuts) swap-outs · \(totals.swapIns) swap-ins"
        let kernelAccesses = snapshot.kernel.directMapAccesses + snapshot.kernel.userPageAccesses
        if kernelAccesses > 0 { progress += " · \(kernelAccesses) by the kernel" }
        if totals.segmentationFaults + totals.protectionFaults > 0 {
            progress += " · \(totals.segmentationFaults + totals.protectionFaults) invalid"
        }
        if snapshot.oomEvents > 0 || totals.droppedAccesses > 0 {
            progress +=
                " · \(Formatting.count(UInt64(snapshot.oomEvents), "out-of-memory kill")), "
                + "\(Formatting.count(UInt64(totals.droppedAccesses), "access", plural: "accesses")) dropped"
        }
        var lines = [options.title, machine]
        if !policies.isEmpty { lines.append(policies.joined(separator: " · ")) }
        lines.append(progress)
        return lines
    }
}

/// Builds the regions of one snapshot, recording the RAM and swap blocks that process runs occupy.
struct GraphBuilder {
    /// Frames or slots held by one process run (or one run of swap copies).
    struct Block {
        var first: Int
        var count: Int
        var owner: Int
        var firstPage: UInt64
        var state: CellState
    }

    /// A run of mapped pages being extended.
    struct PendingRun {
        var firstPage: UInt64
        var count: UInt64
        var state: CellState
        var frame: Int
        var slot: SwapSlot
        var region: Int?
    }

    let snapshot: MachineSnapshot
    let detail: DiagramDetail
    private(set) var edges: [MappingGraph.Edge] = []
    private var frameBlocks: [Block] = []
    private var slotBlocks: [[Block]]
    private var copies: [(slot: SwapSlot, owner: Int, page: UInt64)] = []

    init(snapshot: MachineSnapshot, detail: DiagramDetail) {
        self.snapshot = snapshot
        self.detail = detail
        slotBlocks = Array(repeating: [], count: snapshot.swapDevices.count)
    }

    private var pageShift: Int { snapshot.pageShift }

    private func name(of process: Int) -> String { snapshot.processes[process].name }

    private func checkRows(_ count: Int, region: String) throws(DiagramError) {
        if count > MappingGraph.maximumRowsPerRegion {
            throw .tooLarge(
                "\(region) needs more than \(MappingGraph.maximumRowsPerRegion) rows; draw it with --detail runs")
        }
    }

    // MARK: Processes

    mutating func processRegion(_ process: MachineSnapshot.Process) throws(DiagramError) -> MappingGraph.Region {
        let regionID = "proc_\(process.pid)"
        let regions = process.regions ?? []
        let pages = process.pages
        var rows: [MappingGraph.Row] = []
        var pending: PendingRun?
        var cursor: UInt64?
        var index = 0

        func flush() {
            if let run = pending { rows.append(mappedRow(run, process: process, regionID: regionID)) }
            pending = nil
        }
        func gap(upTo next: UInt64) {
            guard let start = cursor, next > start else { return }
            flush()
            let count = next - start
            rows.append(
                MappingGraph.Row(
                    id: "p\(process.pid)_g\(Formatting.hexDigits(start))", state: .unmapped, first: start, count: count,
                    owner: nil, key: Formatting.addressRange(firstPage: start, count: count, pageShift: pageShift),
                    detail: "unmapped · \(Formatting.count(count, "page"))",
                    tooltip: "\(process.name): \(Formatting.count(count, "page")) not mapped"))
        }
        func untouched(_ start: UInt64, _ end: UInt64, region: Int) throws(DiagramError) {
            guard end > start else { return }
            flush()
            let step = detail == .pages ? UInt64(1) : end - start
            var page = start
            while page < end {
                let count = min(step, end - page)
                rows.append(untouchedRow(page, count: count, region: regions[region], process: process))
                page += count
                try checkRows(rows.count, region: "process \(process.name)")
            }
        }
        func mapped(_ page: MachineSnapshot.Page, region: Int?) throws(DiagramError) {
            if var run = pending, canExtend(run, with: page, region: region) {
                run.count += 1
                pending = run
            } else {
                flush()
                try checkRows(rows.count, region: "process \(process.name)")
                pending = start(page, region: region)
            }
            if case .resident(_, _, let copy?) = page.location {
                copies.append((copy, process.index, page.number))
            }
            cursor = page.number + 1
        }

        for (regionIndex, region) in regions.enumerated() {
            while index < pages.count, pages[index].number < region.firstPage {
                gap(upTo: pages[index].number)
                try mapped(pages[index], region: nil)
                index += 1
            }
            gap(upTo: region.firstPage)
            let end = region.firstPage + region.pageCount
            var page = max(region.firstPage, cursor ?? 0)
            while index < pages.count, pages[index].number < end {
                try untouched(page, pages[index].number, region: regionIndex)
                try mapped(pages[index], region: regionIndex)
                page = pages[index].number + 1
                index += 1
            }
            try untouched(page, end, region: regionIndex)
            cursor = max(cursor ?? 0, end)
        }
        while index < pages.count {
            gap(upTo: pages[index].number)
            try mapped(pages[index], region: nil)
            index += 1
        }
        flush()
        if rows.isEmpty {
            rows.append(
                MappingGraph.Row(
                    id: "p\(process.pid)_g0", state: .unmapped, first: 0, count: 0, owner: nil, key: "—",
                    detail: process.isKilled ? "killed: nothing mapped" : "nothing mapped",
                    tooltip: "\(process.name) has no mapped page"))
        }
        return MappingGraph.Region(
            id: regionID, kind: .process(index: process.index), title: process.name,
            summary: processSummary(process), rows: rows)
    }

    private func processSummary(_ process: MachineSnapshot.Process) -> String {
        var resident = 0
        var dirty = 0
        var swapped = 0
        for page in process.pages {
            switch page.location {
            case .resident(_, let isDirty, _):
                resident += 1
                if isDirty { dirty += 1 }
            case .swapped: swapped += 1
            }
        }
        var text = "pid \(process.pid) · \(resident) in RAM"
        if dirty > 0 { text += " (\(dirty) dirty)" }
        text += " · \(swapped) on swap"
        if let regions = process.regions {
            text += " · \(regions.reduce(UInt64(0)) { $0 + $1.pageCount }) pages mapped"
        }
        if process.isKilled { text += " · killed (out of memory)" }
        return text
    }

    private func state(of location: MachineSnapshot.Location) -> CellState {
        switch location {
        case .resident(_, let dirty, _): dirty ? .dirty : .resident
        case .swapped: .swapped
        }
    }

    private func start(_ page: MachineSnapshot.Page, region: Int?) -> PendingRun {
        switch page.location {
        case .resident(let frame, let dirty, _):
            PendingRun(
                firstPage: page.number, count: 1, state: dirty ? .dirty : .resident, frame: frame,
                slot: SwapSlot(device: -1, index: -1), region: region)
        case .swapped(let slot):
            PendingRun(firstPage: page.number, count: 1, state: .swapped, frame: -1, slot: slot, region: region)
        }
    }

    private func canExtend(_ run: PendingRun, with page: MachineSnapshot.Page, region: Int?) -> Bool {
        guard detail == .runs, page.number == run.firstPage + run.count, region == run.region,
            state(of: page.location) == run.state
        else { return false }
        switch page.location {
        case .resident(let frame, _, _):
            return frame == run.frame + Int(run.count)
        case .swapped(let slot):
            return slot.device == run.slot.device && slot.index == run.slot.index + Int(run.count)
        }
    }

    private mutating func mappedRow(_ run: PendingRun, process: MachineSnapshot.Process, regionID: String)
        -> MappingGraph.Row
    {
        let id = "p\(process.pid)_v\(Formatting.hexDigits(run.firstPage))"
        let regionName = run.region.map { process.regions![$0].name }
        let count = Int(run.count)
        let pagesText =
            run.count == 1
            ? "page \(Formatting.hex(run.firstPage))"
            : "pages \(Formatting.hex(run.firstPage))–\(Formatting.hex(run.firstPage + run.count - 1))"
        let target: String
        let headRegion: String
        let headRow: String
        if run.state == .swapped {
            let device = snapshot.swapDevices[run.slot.device].name
            target = "\(device):\(Formatting.range(UInt64(run.slot.index), count: run.count))"
            headRegion = "swap_\(run.slot.device)"
            headRow = "s\(run.slot.device)_\(run.slot.index)"
            slotBlocks[run.slot.device].append(
                Block(
                    first: run.slot.index, count: count, owner: process.index, firstPage: run.firstPage, state: .swapped
                ))
        } else {
            target = (count == 1 ? "frame " : "frames ") + Formatting.range(UInt64(run.frame), count: run.count)
            headRegion = "ram"
            headRow = "f\(run.frame)"
            frameBlocks.append(
                Block(first: run.frame, count: count, owner: process.index, firstPage: run.firstPage, state: run.state))
        }
        var detailParts: [String] = []
        if let regionName { detailParts.append(regionName) }
        if count > 1 { detailParts.append(Formatting.count(run.count, "page")) }
        detailParts.append("→ " + target)
        let stateText =
            switch run.state {
            case .dirty: "in RAM, dirty"
            case .swapped: "on swap"
            default: "in RAM"
            }
        let tooltip =
            "\(process.name) (pid \(process.pid)) \(pagesText)"
            + (regionName.map { " (\($0))" } ?? "") + ": \(stateText), \(target)"
        edges.append(
            MappingGraph.Edge(
                id: "e_\(id)", tailRegion: regionID, tailRow: id, headRegion: headRegion, headRow: headRow,
                state: run.state, owner: process.index, tooltip: tooltip))
        return MappingGraph.Row(
            id: id, state: run.state, first: run.firstPage, count: run.count, owner: process.index,
            key: Formatting.addressRange(firstPage: run.firstPage, count: run.count, pageShift: pageShift),
            detail: detailParts.joined(separator: " "), tooltip: tooltip)
    }

    private func untouchedRow(_ page: UInt64, count: UInt64, region: MemoryRegion, process: MachineSnapshot.Process)
        -> MappingGraph.Row
    {
        let detail = count == 1 ? "\(region.name) · untouched" : "\(region.name) · \(count) untouched"
        return MappingGraph.Row(
            id: "p\(process.pid)_v\(Formatting.hexDigits(page))", state: .untouched, first: page, count: count,
            owner: process.index,
            key: Formatting.addressRange(firstPage: page, count: count, pageShift: pageShift), detail: detail,
            tooltip:
                "\(process.name) (pid \(process.pid)): \(Formatting.count(count, "page")) of \(region.name) never touched"
        )
    }

    // MARK: RAM

    mutating func memoryRegion() throws(DiagramError) -> MappingGraph.Region {
        frameBlocks.sort { $0.first < $1.first }
        var rows: [MappingGraph.Row] = []
        var next = 0
        var used = 0
        func free(upTo end: Int) throws(DiagramError) {
            let step = detail == .pages ? 1 : max(1, end - next)
            while next < end {
                let count = min(step, end - next)
                let text = Formatting.range(UInt64(next), count: UInt64(count))
                rows.append(
                    MappingGraph.Row(
                        id: "f\(next)", state: .free, first: UInt64(next), count: UInt64(count), owner: nil, key: text,
                        detail: count == 1 ? "free" : "free · \(count) frames",
                        tooltip: (count == 1 ? "frame " : "frames ") + text + ": free"))
                next += count
                try checkRows(rows.count, region: "RAM")
            }
        }
        for block in frameBlocks {
            try free(upTo: block.first)
            let frames = Formatting.range(UInt64(block.first), count: UInt64(block.count))
            let addresses = Formatting.addressRange(
                firstPage: block.firstPage, count: UInt64(block.count), pageShift: pageShift)
            let physical = Formatting.addressRange(
                firstPage: UInt64(block.first), count: UInt64(block.count), pageShift: pageShift)
            let owner = snapshot.processes[block.owner]
            rows.append(
                MappingGraph.Row(
                    id: "f\(block.first)", state: block.state, first: UInt64(block.first), count: UInt64(block.count),
                    owner: block.owner, key: frames, detail: "\(owner.name) \(addresses)",
                    tooltip: (block.count == 1 ? "frame " : "frames ") + "\(frames) (physical \(physical)): "
                        + "\(owner.name) (pid \(owner.pid)) \(addresses)"
                        + (block.state == .dirty ? ", dirty" : ", clean")))
            next = block.first + block.count
            used += block.count
            try checkRows(rows.count, region: "RAM")
        }
        try free(upTo: snapshot.frameCount)
        return MappingGraph.Region(
            id: "ram", kind: .memory, title: "RAM · \(snapshot.frameCount) frames",
            summary:
                "\(used) used · \(snapshot.frameCount - used) free · \(Formatting.bytes(snapshot.pageSize)) frames",
            rows: rows)
    }

    // MARK: Swap

    mutating func swapRegion(device: Int) throws(DiagramError) -> MappingGraph.Region {
        let info = snapshot.swapDevices[device]
        var blocks = slotBlocks[device]
        for copy in copies.filter({ $0.slot.device == device }).sorted(by: { $0.slot.index < $1.slot.index }) {
            if detail == .runs, var last = blocks.last, last.state == .swapCopy, last.owner == copy.owner,
                last.first + last.count == copy.slot.index, last.firstPage + UInt64(last.count) == copy.page
            {
                last.count += 1
                blocks[blocks.count - 1] = last
            } else {
                blocks.append(
                    Block(first: copy.slot.index, count: 1, owner: copy.owner, firstPage: copy.page, state: .swapCopy))
            }
        }
        blocks.sort { $0.first < $1.first }
        var rows: [MappingGraph.Row] = []
        var next = 0
        func free(upTo end: Int) {
            guard end > next else { return }
            let count = end - next
            let text = Formatting.range(UInt64(next), count: UInt64(count))
            rows.append(
                MappingGraph.Row(
                    id: "s\(device)_\(next)", state: .free, first: UInt64(next), count: UInt64(count), owner: nil,
                    key: text, detail: count == 1 ? "free" : "free · \(count) slots",
                    tooltip: "\(info.name) " + (count == 1 ? "slot " : "slots ") + text + ": free"))
            next = end
        }
        for block in blocks {
            free(upTo: block.first)
            let slots = Formatting.range(UInt64(block.first), count: UInt64(block.count))
            let addresses = Formatting.addressRange(
                firstPage: block.firstPage, count: UInt64(block.count), pageShift: pageShift)
            let owner = snapshot.processes[block.owner]
            let isCopy = block.state == .swapCopy
            rows.append(
                MappingGraph.Row(
                    id: "s\(device)_\(block.first)", state: block.state, first: UInt64(block.first),
                    count: UInt64(block.count), owner: block.owner, key: slots,
                    detail: (isCopy ? "copy: " : "") + "\(owner.name) \(addresses)",
                    tooltip:
                        "\(info.name) " + (block.count == 1 ? "slot " : "slots ") + "\(slots): "
                        + (isCopy ? "valid copy of " : "") + "\(owner.name) (pid \(owner.pid)) \(addresses)"
                        + (isCopy ? ", which is also in RAM" : "")))
            next = block.first + block.count
            try checkRows(rows.count, region: "swap device \(info.name)")
        }
        free(upTo: info.slotCount)
        if info.capacity == nil {
            rows.append(
                MappingGraph.Row(
                    id: "s\(device)_\(next)", state: .free, first: UInt64(next), count: 0, owner: nil, key: "\(next)…",
                    detail: "free · grows as needed",
                    tooltip: "\(info.name) slots from \(next) on: free (the device grows as needed)"))
        }
        let capacity = info.capacity.map { "\($0) slots" } ?? "unbounded"
        return MappingGraph.Region(
            id: "swap_\(device)", kind: .swap(device: device), title: "\(info.name) · \(capacity)",
            summary: "priority \(info.priority) · \(info.usedSlots) used", rows: rows)
    }

    // MARK: Kernel

    /// The kernel's direct map, one row per RAM row (the map is 1:1, so each row maps onto exactly one).
    mutating func kernelRegion(mirroring memory: MappingGraph.Region) -> MappingGraph.Region {
        let base = snapshot.directMapBase
        var rows: [MappingGraph.Row] = []
        rows.reserveCapacity(memory.rows.count)
        for frameRow in memory.rows {
            let id = "k\(frameRow.first)"
            let frames = (frameRow.count == 1 ? "frame " : "frames ") + frameRow.key
            let addresses = Formatting.addressRange(
                firstPage: frameRow.first, count: frameRow.count, pageShift: pageShift, base: base)
            let tooltip = "kernel \(addresses) → \(frames) (direct map)"
            rows.append(
                MappingGraph.Row(
                    id: id, state: .kernel, first: frameRow.first, count: frameRow.count, owner: nil, key: addresses,
                    detail: "→ " + frames, tooltip: tooltip))
            edges.append(
                MappingGraph.Edge(
                    id: "e_\(id)", tailRegion: "kernel", tailRow: id, headRegion: "ram", headRow: frameRow.id,
                    state: .kernel, owner: nil, tooltip: tooltip))
        }
        let end = Formatting.hex(base &+ (UInt64(snapshot.frameCount) << UInt64(pageShift)) &- 1)
        var summary = "direct map \(Formatting.hex(base))–\(end)"
        let accesses = snapshot.kernel.directMapAccesses + snapshot.kernel.userPageAccesses
        if accesses > 0 { summary += " · \(accesses) accesses" }
        return MappingGraph.Region(id: "kernel", kind: .kernel, title: "kernel", summary: summary, rows: rows)
    }
}
