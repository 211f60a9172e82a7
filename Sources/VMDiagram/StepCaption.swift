public import VMCore

/// Says in words what an access did, for a step-through's captions:
/// `browser W 0x603000: major fault from swap0:5 (frame 3), evicts editor 0x400000 → swap0:2`.
///
/// A caption names the process (omitted for reference strings, which have one), the access as `R`, `W` or `X`
/// (fetch), the address (the page number for reference strings), the outcome, every eviction with where the page
/// went, and the processes the out-of-memory rule killed. Names are given as they are: whoever shows a caption
/// escapes it.
public struct StepCaption: Sendable, Hashable {
    /// Process names by pid.
    public var processNames: [UInt32: String]
    /// Swap device names by index.
    public var swapDevices: [String]
    public var pageShift: Int
    /// Pages by number (reference strings), not by address.
    public var pageNumbers: Bool

    public init(processNames: [UInt32: String], swapDevices: [String], pageShift: Int, pageNumbers: Bool) {
        self.processNames = processNames
        self.swapDevices = swapDevices
        self.pageShift = pageShift
        self.pageNumbers = pageNumbers
    }

    /// The names and page size of `snapshot`'s machine.
    public init(snapshot: MachineSnapshot, pageNumbers: Bool) {
        var names: [UInt32: String] = [:]
        for process in snapshot.processes { names[process.pid] = process.name }
        self.init(
            processNames: names, swapDevices: snapshot.swapDevices.map(\.name), pageShift: snapshot.pageShift,
            pageNumbers: pageNumbers)
    }

    /// The caption of the state before any access.
    public static let start = "start: no access yet"

    /// What `record`'s access did, in one line.
    public func caption(_ record: StepRecord) -> String {
        let who = who(record)
        var text = (who.isEmpty ? "" : who + " ") + "\(letter(record.kind)) \(location(record)): \(outcome(record))"
        for eviction in record.evictions {
            text += ", evicts \(page(pid: eviction.pid, page: eviction.page)) → \(destination(eviction.destination))"
        }
        if !record.killed.isEmpty {
            text += "; out of memory: kills " + record.killed.map { name(of: $0) }.joined(separator: ", ")
        }
        return text
    }

    /// The caption of a snapshot that follows the previous one (taken after `previousTime` accesses, with totals
    /// `before`) by the accesses up to `last`: with one access, its caption; with more,
    /// `accesses 5–8: 4 accesses, 3 hits, 1 fault, 0 evictions; last: …`.
    public func caption(last: StepRecord, before: MemoryCounters, previousTime: Int) -> String {
        let count = last.time - previousTime
        guard count > 1 else { return caption(last) }
        let now = last.totals
        var parts = ["\(count) accesses"]
        parts.append(Self.count(now.hits - before.hits, "hit"))
        let major = now.majorFaults - before.majorFaults
        parts.append(Self.count(now.faults - before.faults, "fault") + (major > 0 ? " (\(major) major)" : ""))
        parts.append(Self.count(now.evictions - before.evictions, "eviction"))
        let invalid =
            now.segmentationFaults + now.protectionFaults - before.segmentationFaults - before.protectionFaults
        if invalid > 0 { parts.append("\(invalid) invalid") }
        let dropped = now.droppedAccesses - before.droppedAccesses
        if dropped > 0 { parts.append("\(dropped) dropped") }
        return "accesses \(previousTime + 1)–\(last.time): " + parts.joined(separator: ", ") + "; last: "
            + caption(last)
    }

    /// The resident pages in the order the replacement policy keeps them, when it describes one:
    /// `in RAM, oldest first: 4 · 1 · 2`, with its groups (`T1: 3 · T2: 1 · 2`) and notes (`5 (r=1)`). Nil when
    /// the policy keeps no order of its own (frame order says nothing the diagram does not).
    public func residentOrder(_ record: StepRecord) -> String? {
        guard record.orderMeaning != "frame order", !record.resident.isEmpty else { return nil }
        var parts: [String] = []
        var group: String?
        for entry in record.resident {
            var text = page(pid: entry.pid, page: entry.page) + (entry.note.map { " (\($0))" } ?? "")
            if entry.frame == record.hand { text = "▸ " + text }
            if entry.group != group, !entry.group.isEmpty { text = "\(entry.group): " + text }
            group = entry.group
            parts.append(text)
        }
        return "in RAM, \(record.orderMeaning): " + parts.joined(separator: " · ")
    }

    private static func count(_ value: Int, _ noun: String) -> String { value == 1 ? "1 \(noun)" : "\(value) \(noun)s" }

    private func name(of pid: UInt32) -> String { processNames[pid] ?? "pid \(pid)" }

    private func who(_ record: StepRecord) -> String {
        if record.pid == Access.kernelPID { return "kernel" }
        if record.mode == .kernel { return "kernel for \(name(of: record.pid))" }
        return pageNumbers ? "" : name(of: record.pid)
    }

    private func letter(_ kind: AccessKind) -> String {
        switch kind {
        case .read: "R"
        case .write: "W"
        case .fetch: "X"
        }
    }

    private func location(_ record: StepRecord) -> String {
        pageNumbers && record.pid != Access.kernelPID ? String(record.page) : Formatting.hex(record.address)
    }

    /// `editor 0x400000`, or `3` for reference strings.
    private func page(pid: UInt32, page: UInt64) -> String {
        pageNumbers ? String(page) : "\(name(of: pid)) " + Formatting.hex(page << UInt64(pageShift))
    }

    private func slot(_ slot: SwapSlot) -> String {
        let device = slot.device < swapDevices.count ? swapDevices[slot.device] : "swap\(slot.device)"
        return "\(device):\(slot.index)"
    }

    private func destination(_ destination: MachineEvent.Destination) -> String {
        switch destination {
        case .written(let to): slot(to)
        case .dropped(let keptIn): "dropped (clean copy in \(slot(keptIn)))"
        case .lost: "lost (no swap slot free: out of memory)"
        }
    }

    private func outcome(_ record: StepRecord) -> String {
        let frame = record.frame.map { " (frame \($0))" } ?? ""
        switch record.outcome {
        case .hit: return "hit" + frame
        case .minor: return (pageNumbers ? "fault" : "minor fault") + frame
        case .major:
            // A reference string knows faults, not where pages wait: the source is a detail there.
            let source = record.swappedInFrom.map(slot) ?? "swap"
            return pageNumbers
                ? "fault (frame \(record.frame.map(String.init) ?? "?"), back from \(source))"
                : "major fault from \(source)" + frame
        case .segv: return "segmentation fault (address not mapped)"
        case .prot: return "protection fault (not allowed)"
        case .dropped: return "dropped (the process was killed)"
        case .kernel: return (record.mode == .physical ? "physical, paging off" : "through the direct map") + frame
        case .kernelBad: return "bad kernel address"
        }
    }
}
