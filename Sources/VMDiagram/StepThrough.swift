public import VMCore

/// The snapshots of a step-through, every one drawn with the same rows at the same size, so that stepping shows
/// change, not jitter (`vmlab render --every K`).
///
/// Each snapshot's graph has stable rows (``StableRows``: every page the window touches, every frame, every swap
/// slot the window uses, every process of the window), the caption of the accesses since the previous snapshot
/// as its last title line, the last access highlighted (``StepHighlight``), and the ``SequenceLayout`` measured
/// over all snapshots. That takes three replays of the machine over the window, each making the same decisions
/// (a machine is deterministic, seeded policies included): the first finds how far each swap device grows and
/// which processes exist, the second measures every snapshot, the third hands them out. Only the last access
/// before each snapshot is explained (``Machine/explainStep(_:nextUse:)``); the others are plain steps.
public struct StepThrough {
    /// One snapshot, ready to draw.
    public struct Snapshot {
        /// Position in the sequence, from 0.
        public var index: Int
        /// Accesses stepped before it.
        public var time: Int
        public var state: MachineSnapshot
        /// The last access before it, explained; nil for the snapshot at time 0.
        public var record: StepRecord?
        /// The caption (also the graph's last title line).
        public var caption: String
        /// The resident pages in the policy's order after the last access, when the policy describes one
        /// (``StepCaption/residentOrder(_:)``).
        public var order: String?
        public var graph: MappingGraph
    }

    public let accesses: [Access]
    /// Next-use times of `accesses`, for policies that need the future.
    public let nextUse: [Int]?
    /// Snapshot times, ascending, each at most `accesses.count`.
    public let times: [Int]
    /// Options of every snapshot (detail, title, policies, page numbers); the step-through sets the rest.
    public let options: DiagramOptions
    /// A fresh machine, before its first access; called once per replay.
    public let makeMachine: () throws -> Machine

    /// Rows all snapshots together may draw (about a minute of drawing); a window that needs more is refused with
    /// ``DiagramError/tooLarge(_:)`` before anything is drawn.
    public static let maximumRowsDrawn = 500_000

    public init(
        accesses: [Access], nextUse: [Int]?, times: [Int], options: DiagramOptions,
        makeMachine: @escaping () throws -> Machine
    ) {
        self.accesses = accesses
        self.nextUse = nextUse
        self.times = times
        self.options = options
        self.makeMachine = makeMachine
    }

    /// Hands `body` every snapshot, in order.
    /// - Throws: ``DiagramError/tooLarge(_:)`` when the snapshots would draw more than ``maximumRowsDrawn`` rows;
    ///   what the machine or `makeMachine` throws.
    public func forEachSnapshot(_ body: (Snapshot) throws -> Void) throws {
        let end = times.last ?? 0
        var machine = try makeMachine()
        let pages = StableRows.pages(touchedBy: accesses[0..<end], pageShift: machine.layout.pageShift)
        var slots = machine.swap.devices.map { _ in 0 }
        var position = 0
        for time in times {
            while position < time {
                try machine.step(accesses[position], nextUse: nextUse?[position] ?? .max)
                position += 1
            }
            for (index, device) in machine.swap.devices.enumerated() {
                slots[index] = max(slots[index], device.slots.count)
            }
        }
        let rows = StableRows(pages: pages, slots: slots, processes: MachineSnapshot(machine: machine).processes)
        // Each planned page is a row and so, at most, is the stretch after it; RAM and the kernel a row per frame.
        let perSnapshot =
            2 * pages.values.reduce(0) { $0 + $1.count } + 2 * machine.memory.frameCount + slots.reduce(0, +)
        let (total, overflow) = perSnapshot.multipliedReportingOverflow(by: times.count)
        if overflow || total > Self.maximumRowsDrawn {
            throw DiagramError.tooLarge(
                "\(times.count) snapshots of up to \(perSnapshot) rows each would draw more than "
                    + "\(Self.maximumRowsDrawn) rows; take fewer snapshots (a larger --every, an earlier --at) "
                    + "or a smaller window")
        }

        var layout = SequenceLayout()
        machine = try makeMachine()
        try replay(machine, rows: rows, layout: nil) { layout.merge(SequenceLayout(measuring: $0.graph)) }
        machine = try makeMachine()
        try replay(machine, rows: rows, layout: layout, body)
    }

    private func replay(
        _ machine: Machine, rows: StableRows, layout: SequenceLayout?, _ body: (Snapshot) throws -> Void
    ) throws {
        var position = 0
        var previous = (time: 0, totals: MemoryCounters())
        for (index, time) in times.enumerated() {
            var record: StepRecord?
            if time > position {
                while position < time - 1 {
                    try machine.step(accesses[position], nextUse: nextUse?[position] ?? .max)
                    position += 1
                }
                record = try machine.explainStep(accesses[position], nextUse: nextUse?[position] ?? .max)
                machine.recordsEvents = false
                position += 1
            }
            let state = MachineSnapshot(machine: machine)
            let narrator = StepCaption(snapshot: rows.completing(state), pageNumbers: options.pageNumbers)
            let caption =
                record.map { narrator.caption(last: $0, before: previous.totals, previousTime: previous.time) }
                ?? StepCaption.start
            var options = options
            options.stableRows = rows
            options.highlight = record.map(StepHighlight.init(record:))
            options.caption = caption
            var graph = try MappingGraph(snapshot: state, options: options)
            graph.sequenceLayout = layout
            try body(
                Snapshot(
                    index: index, time: time, state: state, record: record, caption: caption,
                    order: record.flatMap(narrator.residentOrder), graph: graph))
            previous = (time, state.totals)
        }
    }
}
