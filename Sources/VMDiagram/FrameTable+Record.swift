public import VMCore

extension FrameTable.Block {
    /// Runs `accesses` through `machine` (fresh: nothing stepped yet; one row per frame) one
    /// ``Machine/explainStep(_:nextUse:)`` at a time and records the table: for each access, the rows after it,
    /// whether it faulted, what it evicted.
    ///
    /// - `nextUse[i]` is the next position at which access `i`'s page is referenced (`Int.max` for never); give it
    ///   whenever the policy needs the future (OPT), nil otherwise.
    /// - In ``FrameTable/RowOrder/frame`` order row *i* is frame *i*; in ``FrameTable/RowOrder/policy`` order the
    ///   rows are the resident pages in the policy's order (``StepRecord/resident``), then empty rows.
    ///
    /// Cost: one explained step per access, O(frames) each. The machine is left after the last access.
    /// - Throws: the ``VMError`` a step throws (a policy breaking its contract).
    public init(
        policy: String, machine: Machine, accesses: [Access], nextUse: [Int]?, order: FrameTable.RowOrder
    ) throws(VMError) {
        let frames = machine.memory.frameCount
        var columns: [FrameTable.Column] = []
        columns.reserveCapacity(accesses.count)
        var faults = 0
        var meaning = "frame order"
        for (index, access) in accesses.enumerated() {
            let record = try machine.explainStep(access, nextUse: nextUse?[index] ?? .max)
            if record.outcome.isFault { faults += 1 }
            var rows = [UInt64?](repeating: nil, count: frames)
            var row: Int?
            switch order {
            case .frame:
                for resident in record.resident where resident.frame < frames { rows[resident.frame] = resident.page }
                row = record.frame
            case .policy:
                meaning = record.orderMeaning
                for (position, resident) in record.resident.prefix(frames).enumerated() {
                    rows[position] = resident.page
                    if resident.frame == record.frame { row = position }
                }
            }
            columns.append(
                FrameTable.Column(
                    page: record.page, fault: record.outcome.isFault, outcome: record.outcome.rawValue,
                    victims: record.evictions.map(\.page), row: row, rows: rows, faultsSoFar: faults))
        }
        self.init(policy: policy, frames: frames, order: order, orderMeaning: meaning, columns: columns)
    }
}
