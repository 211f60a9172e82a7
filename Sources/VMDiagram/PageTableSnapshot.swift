public import VMCore

/// One process's page table at one moment, copied out of a machine so it can be drawn after the machine moves on.
///
/// It holds what the table maps (every touched page and where it lives) and how the simulator stores the table
/// (``StoredForm``); the radix structure a kernel would walk is derived from the pages by ``PageTableGraph``, the
/// same way in both stored forms. Taking one costs O(the process's touched pages) and leaves the machine as it was.
public struct PageTableSnapshot: Sendable, Hashable {
    /// How the simulator keeps the table now.
    public enum StoredForm: Sendable, Hashable {
        /// The machine has not met the process yet (no access so far): no table at all.
        case notStarted
        /// A list of at most `limit` pages (``PageTable/compactPageLimit``) instead of radix tables, `bytes` long.
        case compact(pages: Int, limit: Int, bytes: Int)
        /// Radix tables, counted per level root first, `bytes` in all.
        case radix(tablesPerLevel: [Int], bytes: Int)
    }

    public var pid: UInt32
    public var name: String
    /// Accesses stepped so far.
    public var time: Int
    /// Accesses in the whole workload, for "after N of M accesses"; nil when unknown.
    public var totalAccesses: Int?
    /// Page size, levels and bits per level of the machine.
    public var layout: AddressLayout
    public var form: StoredForm
    /// Killed by the out-of-memory rule (its table was emptied).
    public var isKilled: Bool
    /// Touched pages in ascending order, with where each lives.
    public var pages: [MachineSnapshot.Page]
    /// Names of the swap devices, by index (for `swap0:12`).
    public var swapDeviceNames: [String]

    public init(
        pid: UInt32, name: String, time: Int, totalAccesses: Int? = nil, layout: AddressLayout, form: StoredForm,
        isKilled: Bool = false, pages: [MachineSnapshot.Page], swapDeviceNames: [String] = ["swap0"]
    ) {
        self.pid = pid
        self.name = name
        self.time = time
        self.totalAccesses = totalAccesses
        self.layout = layout
        self.form = form
        self.isKilled = isKilled
        self.pages = pages
        self.swapDeviceNames = swapDeviceNames
    }

    /// Reads the table of process `pid` off `machine` now (between steps). A pid the machine has not met yet gives
    /// an empty table in the ``StoredForm/notStarted`` form, named `name` (default `pid N`).
    public init(machine: Machine, pid: UInt32, name: String? = nil, totalAccesses: Int? = nil) {
        let devices = machine.swap.devices.map(\.name)
        guard let process = machine.process(pid: pid) else {
            self.init(
                pid: pid, name: name ?? "pid \(pid)", time: machine.time, totalAccesses: totalAccesses,
                layout: machine.layout, form: .notStarted, pages: [], swapDeviceNames: devices)
            return
        }
        let table = process.pageTable
        var pages: [MachineSnapshot.Page] = []
        table.forEachTouchedPage { page, _, entry in
            if entry.isPresent {
                let copy: SwapSlot? = entry.hasSwapCopy ? entry.swapSlot : nil
                pages.append(
                    MachineSnapshot.Page(
                        number: page, location: .resident(frame: entry.frame, dirty: entry.isDirty, swapCopy: copy)))
            } else if entry.hasSwapCopy {
                pages.append(MachineSnapshot.Page(number: page, location: .swapped(entry.swapSlot)))
            }
        }
        let form: StoredForm =
            table.isCompact
            ? .compact(pages: pages.count, limit: PageTable.compactPageLimit, bytes: table.bytesInUse)
            : .radix(tablesPerLevel: table.tablesPerLevel, bytes: table.bytesInUse)
        self.init(
            pid: pid, name: process.name, time: machine.time, totalAccesses: totalAccesses, layout: machine.layout,
            form: form, isKilled: machine.isKilled(process: process.index), pages: pages, swapDeviceNames: devices)
    }
}
