public import VMCore

extension MachineSnapshot {
    /// Reads the state of `machine` now. Call it between steps; the machine is only read.
    ///
    /// Pages come from each process's page table (the source of truth), in ascending page order.
    public init(machine: Machine) {
        var processes: [Process] = []
        processes.reserveCapacity(machine.processes.count)
        for process in machine.processes {
            var pages: [Page] = []
            process.pageTable.forEachTouchedPage { page, _, entry in
                if entry.isPresent {
                    let copy: SwapSlot? = entry.hasSwapCopy ? entry.swapSlot : nil
                    pages.append(
                        Page(
                            number: page, location: .resident(frame: entry.frame, dirty: entry.isDirty, swapCopy: copy))
                    )
                } else if entry.hasSwapCopy {
                    pages.append(Page(number: page, location: .swapped(entry.swapSlot)))
                }
            }
            processes.append(
                Process(
                    pid: process.pid, index: process.index, name: process.name, regions: process.regions,
                    isKilled: machine.isKilled(process: process.index),
                    counters: machine.counters(ofProcess: process.index), pages: pages))
        }
        let devices = machine.swap.devices.map { device in
            SwapDevice(
                name: device.name, priority: device.priority, capacity: device.capacity,
                slotCount: device.slots.count, usedSlots: device.usedSlots)
        }
        self.init(
            time: machine.time, frameCount: machine.memory.frameCount, pageShift: machine.layout.pageShift,
            directMapBase: machine.layout.directMapBase, processes: processes, swapDevices: devices,
            kernel: machine.kernel, totals: machine.totals, oomEvents: machine.oomEvents)
    }
}
