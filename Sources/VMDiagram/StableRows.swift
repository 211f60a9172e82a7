public import VMCore

/// The rows a step-through draws in every snapshot, fixed before the first one, so that stepping shows what
/// changed and nothing moves.
///
/// With stable rows a diagram draws: every page in ``pages`` as a row of its own (greyed while untouched), the
/// untouched stretches between them as one row each, every frame of RAM and every swap slot up to ``slots`` as a
/// row of its own, and no runs of pages. Which rows exist then depends on the plan and the declared regions, never
/// on the state; only their colours, texts and edges change.
public struct StableRows: Sendable, Hashable {
    /// Pages drawn as rows of their own, by pid, ascending: every page the shown window touches.
    public var pages: [UInt32: [UInt64]]
    /// Slots drawn row by row on each swap device (by device index): at least as many as the device covers at
    /// any snapshot. A device missing here draws the slots it covers.
    public var slots: [Int]
    /// Every process of the window (as the last snapshot knows them): a process that starts later (trace
    /// processes start at their first access) is drawn from the first snapshot on, with nothing mapped yet.
    public var processes: [MachineSnapshot.Process]

    public init(pages: [UInt32: [UInt64]], slots: [Int] = [], processes: [MachineSnapshot.Process] = []) {
        self.pages = pages
        self.slots = slots
        self.processes = processes
    }

    /// `snapshot` with the processes of the plan it lacks, empty (no page, zero counters), in process order.
    public func completing(_ snapshot: MachineSnapshot) -> MachineSnapshot {
        let present = Set(snapshot.processes.map(\.pid))
        let missing = processes.filter { !present.contains($0.pid) }
        guard !missing.isEmpty else { return snapshot }
        var result = snapshot
        for process in missing {
            result.processes.append(
                MachineSnapshot.Process(
                    pid: process.pid, index: process.index, name: process.name, regions: process.regions,
                    isKilled: false, counters: MemoryCounters(), pages: []))
        }
        result.processes.sort { $0.index < $1.index }
        return result
    }

    /// The pages `accesses` touch, by pid (kernel-mode accesses on a process's behalf count for that process;
    /// the kernel's own accesses go through the direct map and pin no process page). O(accesses).
    public static func pages(touchedBy accesses: some Sequence<Access>, pageShift: Int) -> [UInt32: [UInt64]] {
        var sets: [UInt32: Set<UInt64>] = [:]
        for access in accesses where access.pid != Access.kernelPID {
            sets[access.pid, default: []].insert(access.address >> UInt64(pageShift))
        }
        return sets.mapValues { $0.sorted() }
    }
}
