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
    /// those runs, so every edge joins one row to one row. With ``DiagramOptions/stableRows`` the rows are the
    /// plan's (see ``StableRows``); with ``DiagramOptions/highlight`` the rows and edges it names are recorded in
    /// ``highlights``. Cost: O(touched pages + planned pages + regions + rows).
    /// - Throws: ``DiagramError/tooLarge(_:)`` when a region would exceed ``maximumRowsPerRegion`` rows.
    public init(snapshot: MachineSnapshot, options: DiagramOptions) throws(DiagramError) {
        let snapshot = options.stableRows?.completing(snapshot) ?? snapshot
        var builder = GraphBuilder(
            snapshot: snapshot, detail: options.detail, stable: options.stableRows, pageNumbers: options.pageNumbers)
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
        explainsHighlights = options.highlight != nil || options.stableRows != nil
        if let highlight = options.highlight { highlights = Self.resolve(highlight, regions: regions, edges: edges) }
    }

    /// The ids of the rows covering `highlight`'s targets and of the edges leaving the page and kernel rows among
    /// them; a touched target wins over a victim on the same row.
    private static func resolve(_ highlight: StepHighlight, regions: [Region], edges: [Edge]) -> [String: HighlightRole]
    {
        let edgeIDs = Set(edges.map(\.id))
        var result: [String: HighlightRole] = [:]
        for (role, targets) in [(HighlightRole.victim, highlight.victims), (.touched, highlight.touched)] {
            for target in targets {
                let (regionID, position): (String, UInt64) =
                    switch target {
                    case .page(let pid, let page): ("proc_\(pid)", page)
                    case .frame(let frame): ("ram", UInt64(frame))
                    case .slot(let device, let index): ("swap_\(device)", UInt64(index))
                    case .kernel(let frame): ("kernel", UInt64(frame))
                    }
                guard let region = regions.first(where: { $0.id == regionID }),
                    let row = region.rows.first(where: { $0.first <= position && position - $0.first < $0.count })
                else { continue }
                result[row.id] = role
                switch target {
                case .page, .kernel:
                    if edgeIDs.contains("e_\(row.id)") { result["e_\(row.id)"] = role }
                case .frame, .slot: break
                }
            }
        }
        return result
    }

    private static func titleLines(snapshot: MachineSnapshot, options: DiagramOptions) -> [String] {
        let frames = UInt64(snapshot.frameCount)
        var machine =
            "RAM \(frames) frames × \(Formatting.bytes(snapshot.pageSize)) = "
            + Formatting.bytes(frames * snapshot.pageSize)
        for device in snapshot.swapDevices {
            machine +=
                " · \(device.name) " + (device.capacity.map { Formatting.count(UInt64($0), "slot") } ?? "unbounded")
            if snapshot.swapDevices.count > 1 { machine += " (priority \(device.priority))" }
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
        if snapshot.swapDevices.count > 1 { lines[1] += " · the higher priority fills first" }
        if !policies.isEmpty { lines.append(policies.joined(separator: " · ")) }
        lines.append(progress)
        if let caption = options.caption { lines.append(caption) }
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

    /// A page drawn as a row: a touched page (`page` set), or a page of the plan not touched yet.
    struct PlannedPage {
        var number: UInt64
        var page: MachineSnapshot.Page?
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
    /// The planned rows of a step-through, or nil.
    let stable: StableRows?
    /// Pages drawn by number rather than address.
    let pageNumbers: Bool
    private(set) var edges: [MappingGraph.Edge] = []
    private var frameBlocks: [Block] = []
    private var slotBlocks: [[Block]]
    private var copies: [(slot: SwapSlot, owner: Int, page: UInt64)] = []

    init(snapshot: MachineSnapshot, detail: DiagramDetail, stable: StableRows? = nil, pageNumbers: Bool = false) {
        self.snapshot = snapshot
        self.detail = detail
        self.stable = stable
        self.pageNumbers = pageNumbers
        slotBlocks = Array(repeating: [], count: snapshot.swapDevices.count)
    }

    private var pageShift: Int { snapshot.pageShift }

    /// Whether consecutive pages, frames and slots share rows (runs detail, no plan).
    private var mergesRuns: Bool { detail == .runs && stable == nil }

    /// Whether free frames and slots get a row each.
    private var rowPerFree: Bool { detail == .pages || stable != nil }

    /// The key of `count` virtual pages from `first`: their addresses, or their numbers.
    private func pageKey(_ first: UInt64, count: UInt64) -> String {
        pageNumbers
            ? Formatting.range(first, count: count)
            : Formatting.addressRange(firstPage: first, count: count, pageShift: pageShift)
    }

    /// `0x400000–0x401fff`, or `page 3` for reference strings.
    private func pagesText(_ first: UInt64, count: UInt64) -> String {
        pageNumbers
            ? (count == 1 ? "page " : "pages ") + Formatting.range(first, count: count)
            : Formatting.addressRange(firstPage: first, count: count, pageShift: pageShift)
    }

    /// `editor 0x400000–0x401fff`, or `page 3` for reference strings (one process, pages by number).
    private func ownedPages(_ owner: MachineSnapshot.Process, first: UInt64, count: UInt64) -> String {
        pageNumbers ? pagesText(first, count: count) : "\(owner.name) " + pagesText(first, count: count)
    }

    private func name(of process: Int) -> String { snapshot.processes[process].name }

    /// `editor (pid 3)`, or `pid 1` for a process named by its pid alone.
    private func label(_ process: MachineSnapshot.Process) -> String {
        MappingGraph.ProcessKey(index: process.index, pid: process.pid, name: process.name).label
    }

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
        let pages = plannedPages(process)
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
                    owner: nil, key: pageKey(start, count: count),
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
        func mapped(_ item: PlannedPage, region: Int?) throws(DiagramError) {
            guard let page = item.page else {
                flush()
                try checkRows(rows.count, region: "process \(process.name)")
                rows.append(notYetTouchedRow(item.number, region: region.map { regions[$0] }, process: process))
                cursor = item.number + 1
                return
            }
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

    /// The touched pages of `process`, with the pages the plan pins that it has not touched yet, ascending.
    private func plannedPages(_ process: MachineSnapshot.Process) -> [PlannedPage] {
        guard let pinned = stable?.pages[process.pid], !pinned.isEmpty else {
            return process.pages.map { PlannedPage(number: $0.number, page: $0) }
        }
        var result: [PlannedPage] = []
        result.reserveCapacity(pinned.count + process.pages.count)
        var touched = process.pages[...]
        for number in pinned {
            while let next = touched.first, next.number < number {
                result.append(PlannedPage(number: next.number, page: next))
                touched.removeFirst()
            }
            if let next = touched.first, next.number == number {
                result.append(PlannedPage(number: number, page: next))
                touched.removeFirst()
            } else if result.last?.number != number {
                result.append(PlannedPage(number: number, page: nil))
            }
        }
        result += touched.map { PlannedPage(number: $0.number, page: $0) }
        return result
    }

    /// The row of a planned page that holds nothing yet (greyed: the window touches it later, or it was lost).
    private func notYetTouchedRow(_ page: UInt64, region: MemoryRegion?, process: MachineSnapshot.Process)
        -> MappingGraph.Row
    {
        let pageText = pageNumbers ? "page \(page)" : "page " + Formatting.hex(page)
        return MappingGraph.Row(
            id: "p\(process.pid)_v\(Formatting.hexDigits(page))", state: .untouched, first: page, count: 1,
            owner: process.index, key: pageKey(page, count: 1),
            detail: (region.map { "\($0.name) · " } ?? "") + "not in memory",
            tooltip: "\(label(process)) \(pageText): neither in RAM nor on swap")
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
        guard mergesRuns, page.number == run.firstPage + run.count, region == run.region,
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
            pageNumbers
            ? (run.count == 1 ? "page " : "pages ") + Formatting.range(run.firstPage, count: run.count)
            : run.count == 1
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
            "\(label(process)) \(pagesText)"
            + (regionName.map { " (\($0))" } ?? "") + ": \(stateText), \(target)"
        edges.append(
            MappingGraph.Edge(
                id: "e_\(id)", tailRegion: regionID, tailRow: id, headRegion: headRegion, headRow: headRow,
                state: run.state, owner: process.index, tooltip: tooltip))
        return MappingGraph.Row(
            id: id, state: run.state, first: run.firstPage, count: run.count, owner: process.index,
            key: pageKey(run.firstPage, count: run.count),
            detail: detailParts.joined(separator: " "), tooltip: tooltip)
    }

    private func untouchedRow(_ page: UInt64, count: UInt64, region: MemoryRegion, process: MachineSnapshot.Process)
        -> MappingGraph.Row
    {
        let detail = count == 1 ? "\(region.name) · untouched" : "\(region.name) · \(count) untouched"
        return MappingGraph.Row(
            id: "p\(process.pid)_v\(Formatting.hexDigits(page))", state: .untouched, first: page, count: count,
            owner: process.index,
            key: pageKey(page, count: count), detail: detail,
            tooltip:
                "\(label(process)): \(Formatting.count(count, "page")) of \(region.name) never touched"
        )
    }

    // MARK: RAM

    mutating func memoryRegion() throws(DiagramError) -> MappingGraph.Region {
        frameBlocks.sort { $0.first < $1.first }
        var rows: [MappingGraph.Row] = []
        var next = 0
        var used = 0
        func free(upTo end: Int) throws(DiagramError) {
            let step = rowPerFree ? 1 : max(1, end - next)
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
            let owner = snapshot.processes[block.owner]
            let addresses = ownedPages(owner, first: block.firstPage, count: UInt64(block.count))
            let pages = pagesText(block.firstPage, count: UInt64(block.count))
            let physical = Formatting.addressRange(
                firstPage: UInt64(block.first), count: UInt64(block.count), pageShift: pageShift)
            rows.append(
                MappingGraph.Row(
                    id: "f\(block.first)", state: block.state, first: UInt64(block.first), count: UInt64(block.count),
                    owner: block.owner, key: frames, detail: addresses,
                    tooltip: (block.count == 1 ? "frame " : "frames ") + "\(frames) (physical \(physical)): "
                        + "\(label(owner)) \(pages)"
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
            if mergesRuns, var last = blocks.last, last.state == .swapCopy, last.owner == copy.owner,
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
            while end > next {
                let count = rowPerFree ? 1 : end - next
                let text = Formatting.range(UInt64(next), count: UInt64(count))
                rows.append(
                    MappingGraph.Row(
                        id: "s\(device)_\(next)", state: .free, first: UInt64(next), count: UInt64(count), owner: nil,
                        key: text, detail: count == 1 ? "free" : "free · \(count) slots",
                        tooltip: "\(info.name) " + (count == 1 ? "slot " : "slots ") + text + ": free"))
                next += count
            }
        }
        for block in blocks {
            free(upTo: block.first)
            let slots = Formatting.range(UInt64(block.first), count: UInt64(block.count))
            let owner = snapshot.processes[block.owner]
            let addresses = ownedPages(owner, first: block.firstPage, count: UInt64(block.count))
            let pages = pagesText(block.firstPage, count: UInt64(block.count))
            let isCopy = block.state == .swapCopy
            rows.append(
                MappingGraph.Row(
                    id: "s\(device)_\(block.first)", state: block.state, first: UInt64(block.first),
                    count: UInt64(block.count), owner: block.owner, key: slots,
                    detail: (isCopy ? "copy: " : "") + addresses,
                    tooltip:
                        "\(info.name) " + (block.count == 1 ? "slot " : "slots ") + "\(slots): "
                        + (isCopy ? "valid copy of " : "") + "\(label(owner)) \(pages)"
                        + (isCopy ? ", which is also in RAM" : "")))
            next = block.first + block.count
            try checkRows(rows.count, region: "swap device \(info.name)")
        }
        let planned = stable.flatMap { device < $0.slots.count ? $0.slots[device] : nil } ?? 0
        let drawn = max(info.slotCount, planned)
        if rowPerFree {
            let total = rows.count + max(0, drawn - next)
            try checkRows(total, region: "swap device \(info.name)")
        }
        free(upTo: drawn)
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
            summary: (snapshot.swapDevices.count > 1 ? "priority \(info.priority) · " : "") + "\(info.usedSlots) used",
            rows: rows)
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
