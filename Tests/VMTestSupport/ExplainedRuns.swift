public import VMCore

/// Runs through ``Machine/explainStep(_:nextUse:)`` and a compact text of a policy's order, for the golden order
/// tests of each policy.
extension Workbench {
    /// Runs `pages` (process 1, reads) as ``run(_:pages:frames:kinds:checks:swapDevices:)`` does, but explaining
    /// every step; `inspect` sees each record (the step is `record.time`, from 1) with the machine after it.
    @discardableResult
    public static func explain(
        _ policy: String, pages: [UInt64], frames: Int,
        inspect: (StepRecord, Machine) throws -> Void = { _, _ in }
    ) throws -> [StepRecord] {
        let machine = try self.machine(policy: policy, frames: frames)
        let future = nextUse(of: pages)
        var records: [StepRecord] = []
        for (time, page) in pages.enumerated() {
            let access = Access(page: page, pageShift: machine.layout.pageShift)
            let record = try machine.explainStep(access, nextUse: machine.replacement.needsFuture ? future[time] : .max)
            try inspect(record, machine)
            records.append(record)
        }
        return records
    }

    /// ``explain(_:pages:frames:inspect:)``'s records and the ``orderText(_:)`` of each, by step (from 1).
    public static func explainedOrders(_ policy: String, pages: [UInt64], frames: Int) throws -> (
        texts: [Int: String], records: [StepRecord]
    ) {
        let records = try explain(policy, pages: pages, frames: frames)
        return (Dictionary(uniqueKeysWithValues: records.map { ($0.time, orderText($0)) }), records)
    }

    /// The resident pages of `record` in the policy's order: pages by number, a note in parentheses, groups as
    /// `name: pages` separated by ` | ` (`T1: 4 | T2: 1(r=1) 2`); an unnamed group is its pages alone.
    public static func orderText(_ record: StepRecord) -> String {
        var parts: [String] = []
        var current: (name: String, pages: [String])?
        for resident in record.resident {
            let text = resident.note.map { "\(resident.page)(\($0))" } ?? "\(resident.page)"
            if let group = current, group.name == resident.group {
                current?.pages.append(text)
            } else {
                if let group = current { parts.append(groupText(group)) }
                current = (resident.group, [text])
            }
        }
        if let group = current { parts.append(groupText(group)) }
        return parts.joined(separator: " | ")
    }

    private static func groupText(_ group: (name: String, pages: [String])) -> String {
        let pages = group.pages.joined(separator: " ")
        return group.name.isEmpty ? pages : "\(group.name): \(pages)"
    }

    /// The pages of the policy's load order (``ResidentOrder/loadOrder``) in `machine`, or nil when it gives none.
    public static func loadOrderPages(_ machine: Machine) -> [UInt64]? {
        machine.replacement.residentOrder()?.loadOrder?.map { machine.contents(ofFrame: $0)?.page ?? .max }
    }
}
