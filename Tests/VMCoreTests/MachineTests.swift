import Testing
import VMCore
import VMTestSupport

/// Faults, swap I/O, isolation and the kernel, on the machine itself.
struct MachineTests {
    let shift = AddressLayout.x86_64.pageShift

    @Test("Minor fault on first touch, major fault and swap-in on return, swap-out of a page with no copy")
    func faultKinds() throws {
        let machine = try Workbench.run("fifo", pages: [1, 2, 1], frames: 1)
        let counters = machine.totals
        #expect(counters.minorFaults == 2)
        #expect(counters.majorFaults == 1)
        #expect(counters.swapIns == 1)
        // 1 leaves for 2 (no copy yet: swap-out), 2 leaves for 1 (no copy: swap-out).
        #expect(counters.swapOuts == 2)
        #expect(counters.evictions == 2)
        #expect(machine.swap.usedSlots == 2)
    }

    @Test("A clean page with a valid swap copy is dropped without I/O; a write makes the copy stale")
    func cleanDropAndDirtyWriteBack() throws {
        // 1 in, out (swap-out), back in (swap-in, copy stays valid), out again: dropped, no second swap-out.
        let clean = try Workbench.run("fifo", pages: [1, 2, 1, 2], frames: 1)
        #expect(clean.totals.swapOuts == 2)
        #expect(clean.totals.evictions == 3)
        #expect(clean.totals.swapIns == 2)
        // Same, but page 1 is written after it came back: its copy is stale, so it is written out again.
        let dirty = try Workbench.run(
            "fifo", pages: [1, 2, 1, 1, 2], frames: 1, kinds: [.read, .read, .read, .write, .read])
        #expect(dirty.totals.swapOuts == 3)
        #expect(dirty.totals.evictions == 3)
    }

    @Test("Processes see the same virtual page but get different frames; one cannot reach the other's page")
    func isolation() throws {
        let machine = try Workbench.machine(policy: "lru", frames: 4)
        try machine.step(Access(pid: 1, page: 10, kind: .write, pageShift: shift))
        try machine.step(Access(pid: 2, page: 10, kind: .write, pageShift: shift))
        try machine.step(Access(pid: 1, page: 10, kind: .read, pageShift: shift))
        let first = try #require(machine.process(pid: 1)).pageTable.entry(ofPage: 10)
        let second = try #require(machine.process(pid: 2)).pageTable.entry(ofPage: 10)
        #expect(first.isPresent && second.isPresent)
        #expect(first.frame != second.frame)
        #expect(machine.counters(ofProcess: 0).hits == 1)
        #expect(machine.counters(ofProcess: 1).minorFaults == 1)
    }

    @Test("User access to a kernel address is a protection fault, counted, not a crash")
    func userToKernel() throws {
        let machine = try Workbench.machine(policy: "lru", frames: 2)
        try machine.step(Access(pid: 1, address: AddressLayout.x86_64.directMapBase, kind: .read))
        try machine.step(Access(pid: 1, address: AddressLayout.x86_64.userLimit, kind: .write))
        #expect(machine.totals.protectionFaults == 2)
        #expect(machine.totals.faults == 0)
        #expect(machine.kernel.directMapAccesses == 0)
    }

    @Test("The kernel's direct map reaches every frame; a kernel write dirties the page that lives there")
    func directMap() throws {
        let layout = AddressLayout.x86_64
        let machine = try Workbench.machine(policy: "fifo", frames: 2)
        try machine.step(Access(pid: 1, page: 3, kind: .read, pageShift: shift))
        let frame = try #require(machine.process(pid: 1)).pageTable.entry(ofPage: 3).frame
        try machine.step(
            Access(pid: Access.kernelPID, address: layout.directMapAddress(ofFrame: frame) + 8, kind: .write))
        #expect(try #require(machine.process(pid: 1)).pageTable.entry(ofPage: 3).isDirty)
        // A free frame is reachable too; past the end of RAM is a bad kernel access.
        try machine.step(Access(pid: Access.kernelPID, address: layout.directMapAddress(ofFrame: 1), kind: .read))
        try machine.step(Access(pid: Access.kernelPID, address: layout.directMapAddress(ofFrame: 2), kind: .read))
        #expect(machine.kernel.directMapAccesses == 2)
        #expect(machine.kernel.badAccesses == 1)
        // The kernel acting for process 1 reaches its user page through its page table.
        try machine.step(Access(pid: 1, address: 3 << UInt64(shift), kind: .read, mode: .kernel))
        #expect(machine.kernel.userPageAccesses == 1)
        #expect(machine.totals.hits == 1)
    }

    @Test("Declared regions: outside is a segmentation fault, a write to read-only a protection fault")
    func regions() throws {
        let machine = try Workbench.machine(policy: "lru", frames: 4)
        try machine.addProcess(
            pid: 7, name: "app",
            regions: [
                MemoryRegion(name: "text", firstPage: 0x400, pageCount: 4, permissions: [.read, .execute]),
                MemoryRegion(name: "heap", firstPage: 0x1000, pageCount: 16),
            ])
        try machine.step(Access(pid: 7, page: 0x400, kind: .fetch, pageShift: shift))
        try machine.step(Access(pid: 7, page: 0x401, kind: .write, pageShift: shift))
        try machine.step(Access(pid: 7, page: 0x1000, kind: .fetch, pageShift: shift))
        try machine.step(Access(pid: 7, page: 0x1010, kind: .read, pageShift: shift))
        try machine.step(Access(pid: 7, page: 0x100f, kind: .write, pageShift: shift))
        let counters = machine.counters(ofProcess: 0)
        #expect(counters.minorFaults == 2)
        #expect(counters.protectionFaults == 2)
        #expect(counters.segmentationFaults == 1)
    }

    @Test("Out of RAM and swap: the owner of the page that cannot be saved is killed; others go on")
    func outOfMemory() throws {
        let machine = try Workbench.machine(
            policy: "fifo", frames: 2, swapDevices: [SwapDeviceConfiguration(name: "tiny", slots: 1)])
        // pid 1 takes both frames; pid 2 faults: 1's page 1 goes to the only slot; pid 2 faults again: 1's page 2
        // must be written out, no slot is left: pid 1 is killed, its frame and slot come back.
        for (pid, page) in [(1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (2, 1)] as [(UInt32, UInt64)] {
            try machine.step(Access(pid: pid, page: page, kind: .read, pageShift: shift))
        }
        #expect(machine.oomEvents == 1)
        let killed = try #require(machine.process(pid: 1)).index
        #expect(machine.isKilled(process: killed))
        #expect(machine.residentPages(ofProcess: killed) == 0 && machine.swapSlotsHeld(ofProcess: killed) == 0)
        #expect(machine.counters(ofProcess: 0).droppedAccesses == 1)
        #expect(machine.counters(ofProcess: 1).minorFaults == 2)
        #expect(machine.counters(ofProcess: 1).hits == 1)
        #expect(machine.swap.usedSlots == 0)
    }

    @Test("After an out-of-memory kill, the miss ratio counts executed accesses, not dropped ones")
    func missRatioAfterKill() throws {
        let machine = try Workbench.machine(
            policy: "fifo", frames: 2, swapDevices: [SwapDeviceConfiguration(name: "tiny", slots: 1)])
        // As above: pid 1 is killed at the 4th access; its 5th and 7th accesses are dropped.
        for (pid, page) in [(1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (2, 1), (1, 1), (2, 2)] as [(UInt32, UInt64)] {
            try machine.step(Access(pid: pid, page: page, kind: .write, pageShift: shift))
        }
        let killed = machine.counters(ofProcess: 0)
        #expect(killed.accesses == 4 && killed.droppedAccesses == 2 && killed.faults == 2)
        #expect(killed.missRatio == 1, "2 faults over 2 executed accesses, not over 4")
        #expect(killed.executedAccesses == 2)
        #expect(machine.killedAtAccess(process: 0) == 4 && machine.killedAtAccess(process: 1) == nil)
        let totals = machine.totals
        #expect(totals.hits + totals.faults == totals.accesses - totals.droppedAccesses)
        #expect(totals.missRatio == 4.0 / 6.0)
        #expect(MemoryCounters().missRatio == 0)
    }

    @Test("Every invariant holds with several processes, writes and a bounded swap device")
    func invariantsUnderLoad() throws {
        let machine = try Workbench.machine(
            policy: "clock", frames: 8, swapDevices: [SwapDeviceConfiguration(name: "s", slots: 64)])
        var generator = SplitMix64(seed: 3)
        for _ in 0..<2000 {
            let pid = UInt32(1 + generator.next(below: 3))
            let page = UInt64(generator.next(below: 20))
            let kind: AccessKind = generator.next(below: 4) == 0 ? .write : .read
            try machine.step(Access(pid: pid, page: page, kind: kind, pageShift: shift))
        }
        let totals = machine.totals
        #expect(totals.accesses == 2000)
        #expect(totals.hits + totals.faults == 2000)
        #expect(machine.residentPages == 8)
    }

    @Test("Page sizes: the same byte addresses make fewer pages with bigger pages")
    func pageSize() throws {
        let layout = try AddressLayout(pageSize: 8192)
        let machine = try Workbench.machine(policy: "lru", frames: 4, layout: layout)
        for address: UInt64 in [0, 4096, 8191, 8192] {
            try machine.step(Access(pid: 1, address: address, kind: .read))
        }
        #expect(machine.totals.faults == 2)
        #expect(machine.totals.hits == 2)
    }

    @Test("Bad machine settings are clear errors")
    func badSettings() throws {
        #expect(throws: VMError.invalidConfiguration("page size 3000 is not a power of two")) {
            try AddressLayout(pageSize: 3000)
        }
        #expect(throws: VMError.invalidConfiguration("the machine needs at least 1 frame; got 0")) {
            try Workbench.machine(policy: "lru", frames: 0)
        }
        let machine = try Workbench.machine(policy: "lru", frames: 1)
        #expect(throws: VMError.invalidConfiguration("pid 0 is reserved for the kernel")) {
            try machine.addProcess(pid: 0)
        }
    }
}
