/// The simulated machine: processes with their own page tables, physical frames, swap devices, and the kernel's
/// direct map, driven one access at a time by ``step(_:nextUse:)``.
///
/// ## What a step does
/// - A user access to an address at or above the user limit is a protection fault; outside the process's declared
///   regions, a segmentation fault; a write to a read-only or a fetch from a non-executable region, a protection
///   fault. None of these stop the machine.
/// - A reference to a resident page is a hit. A write makes the page dirty and frees its swap copy (now stale).
/// - A reference to an untouched page is a *minor fault* (zero-filled frame, no I/O); to a swapped page, a *major
///   fault* (one swap-in; the slot keeps a valid copy until the page is written).
/// - A fault asks the ``FrameAllocator`` for a frame. When it has none, the ``ReplacementPolicy`` evicts a page
///   first, then the new page is inserted. The victim is written to a slot chosen by the ``SwapPlacement`` (a
///   *swap-out*) when it is dirty or has no valid copy; a clean page with a valid copy is dropped without I/O.
/// - Kernel accesses (mode `.kernel`, or pid ``Access/kernelPID``) to the direct map reach the frame at
///   `address - directMapBase` (a write dirties the page that lives there); kernel accesses to a process's user
///   addresses go through that process's page table.
///
/// ## Out of memory
/// When a victim must be written out and no swap device has a free slot, the machine kills the process that owns
/// the victim (its pages cannot be saved anywhere): all its frames and slots are freed, it counts one `oomKills`,
/// and its later accesses are dropped. If it was the faulting process, the faulting access is dropped too;
/// otherwise the fault is retried with the freed frames. The machine never traps on it.
///
/// ## Cost
/// A hit costs one page-table walk (`levels` loads) and one policy call; the hit path allocates nothing.
public final class Machine {
    public let configuration: MachineConfiguration
    public let layout: AddressLayout
    public let memory: PhysicalMemory
    public let swap: SwapSpace
    public let replacement: any ReplacementPolicy
    public let allocator: any FrameAllocator
    public let placement: any SwapPlacement

    /// Processes in the order the machine met them (`SimulatedProcess.index`).
    public private(set) var processes: [SimulatedProcess] = []
    /// Accesses stepped so far (the time of the next access).
    public private(set) var time = 0
    /// What the kernel did.
    public private(set) var kernel = KernelCounters()
    /// Times the out-of-memory rule fired.
    public private(set) var oomEvents = 0
    /// Pages resident now, all processes together.
    public private(set) var residentPages = 0

    /// Owner of each frame: process index, or -1 when free.
    @usableFromInline let frameOwner: UnsafeMutablePointer<Int32>
    /// Pool index (in the owner's page table) of the entry that maps each frame.
    @usableFromInline let frameEntry: UnsafeMutablePointer<Int>
    /// Virtual page held by each frame.
    @usableFromInline let framePage: UnsafeMutablePointer<UInt64>
    /// Counters per process index.
    @usableFromInline var counters: UnsafeMutablePointer<MemoryCounters>
    private var counterCapacity = 4
    private var processIndexByPID: [UInt32: Int] = [:]
    /// One-entry cache of the last pid → process lookup (traces switch process rarely).
    private var lastPID: UInt32 = .max
    private unowned(unsafe) var lastProcess: SimulatedProcess?
    private let pageShift: UInt64
    private let userLimit: UInt64

    /// Builds a machine with no processes (they appear at their first access, or through ``addProcess(pid:name:regions:)``).
    public init(
        configuration: MachineConfiguration,
        replacement: any ReplacementPolicy,
        allocator: any FrameAllocator,
        placement: any SwapPlacement
    ) throws(VMError) {
        try configuration.validate()
        self.configuration = configuration
        self.layout = configuration.layout
        self.memory = PhysicalMemory(frameCount: configuration.frames)
        self.swap = try SwapSpace(configuration.swapDevices)
        self.replacement = replacement
        self.allocator = allocator
        self.placement = placement
        self.pageShift = UInt64(configuration.layout.pageShift)
        self.userLimit = configuration.layout.userLimit
        frameOwner = .allocate(capacity: configuration.frames)
        frameOwner.initialize(repeating: -1, count: configuration.frames)
        frameEntry = .allocate(capacity: configuration.frames)
        frameEntry.initialize(repeating: -1, count: configuration.frames)
        framePage = .allocate(capacity: configuration.frames)
        framePage.initialize(repeating: 0, count: configuration.frames)
        counters = .allocate(capacity: counterCapacity)
    }

    deinit {
        frameOwner.deallocate()
        frameEntry.deallocate()
        framePage.deallocate()
        counters.deinitialize(count: processes.count)
        counters.deallocate()
    }

    // MARK: Processes

    /// Adds a process with its own empty address space.
    /// - Parameter regions: its mapped regions; nil means every user page is valid.
    /// - Throws: when `pid` is the kernel's or already exists.
    @discardableResult
    public func addProcess(pid: UInt32, name: String? = nil, regions: [MemoryRegion]? = nil) throws(VMError)
        -> SimulatedProcess
    {
        guard pid != Access.kernelPID else {
            throw .invalidConfiguration("pid \(pid) is reserved for the kernel")
        }
        guard processIndexByPID[pid] == nil else {
            throw .invalidConfiguration("process \(pid) already exists")
        }
        let index = processes.count
        if index == counterCapacity {
            let newCapacity = counterCapacity * 2
            let newCounters = UnsafeMutablePointer<MemoryCounters>.allocate(capacity: newCapacity)
            newCounters.moveInitialize(from: counters, count: index)
            counters.deallocate()
            counters = newCounters
            counterCapacity = newCapacity
        }
        (counters + index).initialize(to: MemoryCounters())
        let process = SimulatedProcess(
            pid: pid, index: index, name: name ?? "pid \(pid)", regions: regions, layout: layout)
        processes.append(process)
        processIndexByPID[pid] = index
        return process
    }

    /// The process with `pid`, if the machine has met it.
    public func process(pid: UInt32) -> SimulatedProcess? {
        processIndexByPID[pid].map { processes[$0] }
    }

    /// Counters of one process.
    public func counters(ofProcess index: Int) -> MemoryCounters {
        precondition(index >= 0 && index < processes.count)
        return counters[index]
    }

    /// Counters of all processes added together.
    public var totals: MemoryCounters {
        var total = MemoryCounters()
        for index in processes.indices { total.add(counters[index]) }
        return total
    }

    // MARK: Frames

    /// The process index owning `frame` and the page it holds, or nil for a free frame.
    public func contents(ofFrame frame: Int) -> (process: Int, page: UInt64)? {
        precondition(frame >= 0 && frame < memory.frameCount)
        let owner = Int(frameOwner[frame])
        return owner >= 0 ? (owner, framePage[frame]) : nil
    }

    // MARK: Stepping

    /// Carries out one access.
    /// - Parameters:
    ///   - access: who touches which address, how.
    ///   - nextUse: time of the next access to the same page (for policies that need the future), else `Int.max`.
    /// - Throws: ``VMError/contractViolation(_:)`` when a policy breaks its contract, or an invariant fails while
    ///   checks are on. Bad addresses are counted, never thrown.
    @inlinable
    public func step(_ access: Access, nextUse: Int = .max) throws(VMError) {
        try stepWithoutChecks(access, nextUse: nextUse)
        if configuration.checksInvariants { try checkInvariants() }
    }

    @usableFromInline
    func stepWithoutChecks(_ access: Access, nextUse: Int) throws(VMError) {
        let now = time
        time = now &+ 1
        if access.pid == Access.kernelPID {
            kernelAccess(access, process: nil)
            return
        }
        let process: SimulatedProcess
        if access.pid == lastPID, let cached = lastProcess {
            process = cached
        } else {
            process = try resolveProcess(pid: access.pid)
        }
        let processIndex = process.index
        let counter = counters + processIndex
        counter.pointee.accesses &+= 1
        if process.isKilled {
            counter.pointee.droppedAccesses &+= 1
            return
        }
        let address = access.address
        if address >= userLimit {
            if access.mode == .kernel {
                counter.pointee.accesses &-= 1
                kernelAccess(access, process: process)
            } else {
                counter.pointee.protectionFaults &+= 1
            }
            return
        }
        let page = address >> pageShift
        if process.hasRegions, access.mode == .user {
            guard let region = process.region(containing: page) else {
                counter.pointee.segmentationFaults &+= 1
                return
            }
            guard region.allows(access.kind) else {
                counter.pointee.protectionFaults &+= 1
                return
            }
        }
        if access.mode == .kernel { kernel.userPageAccesses &+= 1 }
        let table = process.pageTable
        let entryIndex = table.entryIndex(ofPage: page)
        let entry = PageTableEntry(raw: table.pool[entryIndex])
        let reference = PageReference(
            time: now, nextUse: nextUse, page: page, process: processIndex, kind: access.kind)
        if entry.isPresent {
            counter.pointee.hits &+= 1
            if access.kind == .write, !entry.isDirty {
                table.pool[entryIndex] = markDirty(entry, process: process).raw
            }
            replacement.accessed(frame: entry.frame, reference: reference)
        } else {
            try fault(process: process, entryIndex: entryIndex, reference: reference)
        }
    }

    private func resolveProcess(pid: UInt32) throws(VMError) -> SimulatedProcess {
        let process: SimulatedProcess
        if let index = processIndexByPID[pid] {
            process = processes[index]
        } else {
            process = try addProcess(pid: pid)
        }
        lastPID = pid
        lastProcess = process
        return process
    }

    /// The entry with the dirty bit set; a valid swap copy becomes stale and its slot is freed.
    private func markDirty(_ entry: PageTableEntry, process: SimulatedProcess) -> PageTableEntry {
        if entry.hasSwapCopy { releaseSlot(entry.swapSlot, process: process) }
        return .resident(frame: entry.frame, dirty: true, swapCopy: nil)
    }

    private func releaseSlot(_ slot: SwapSlot, process: SimulatedProcess) {
        swap.markFree(slot)
        process.swapSlotsHeld -= 1
        placement.released(slot: slot)
    }

    // MARK: Faults

    private func fault(process: SimulatedProcess, entryIndex: Int, reference: PageReference) throws(VMError) {
        let counter = counters + process.index
        var frame = -1
        while frame < 0 {
            if let granted = allocator.allocate(for: reference, in: memory) {
                guard granted >= 0, granted < memory.frameCount, memory.free.isFree(granted) else {
                    throw .contractViolation("the frame allocator returned frame \(granted), which is not free")
                }
                frame = granted
                break
            }
            guard memory.freeCount == 0 else {
                throw .contractViolation(
                    "the frame allocator refused a frame while \(memory.freeCount) were free and no budget applies")
            }
            guard residentPages > 0 else {
                throw .contractViolation("no frame is free and none is resident")
            }
            let victim = replacement.evict(for: reference)
            guard victim >= 0, victim < memory.frameCount, frameOwner[victim] >= 0 else {
                throw .contractViolation("the replacement policy evicted frame \(victim), which holds no page")
            }
            if try !evict(frame: victim, time: reference.time) {
                // Out of memory: the victim's owner was killed. If that was the faulting process, drop the access.
                if process.isKilled {
                    counter.pointee.droppedAccesses &+= 1
                    return
                }
            }
        }
        memory.free.markUsed(frame)
        let table = process.pageTable
        let old = PageTableEntry(raw: table.pool[entryIndex])
        let dirty = reference.kind == .write
        let new: PageTableEntry
        if old.isUntouched {
            counter.pointee.minorFaults &+= 1
            new = .resident(frame: frame, dirty: dirty, swapCopy: nil)
        } else {
            counter.pointee.majorFaults &+= 1
            counter.pointee.swapIns &+= 1
            let slot = old.swapSlot
            if dirty { releaseSlot(slot, process: process) }
            new = .resident(frame: frame, dirty: dirty, swapCopy: dirty ? nil : slot)
        }
        table.pool[entryIndex] = new.raw
        frameOwner[frame] = Int32(process.index)
        frameEntry[frame] = entryIndex
        framePage[frame] = reference.page
        process.residentPages += 1
        residentPages += 1
        replacement.inserted(frame: frame, reference: reference)
    }

    /// Takes the page out of `frame` (already forgotten by the replacement policy). Returns false when it could
    /// not be written out and the out-of-memory rule killed its owner.
    private func evict(frame: Int, time: Int) throws(VMError) -> Bool {
        let owner = processes[Int(frameOwner[frame])]
        let entryIndex = frameEntry[frame]
        let table = owner.pageTable
        let entry = PageTableEntry(raw: table.pool[entryIndex])
        let slot: SwapSlot
        if entry.isDirty || !entry.hasSwapCopy {
            let victimReference = PageReference(
                time: time, page: framePage[frame], process: owner.index, kind: entry.isDirty ? .write : .read)
            guard let placed = placement.place(for: victimReference, in: swap) else {
                oomKill(owner, pendingFrame: frame)
                return false
            }
            guard swap.isFree(placed) else {
                throw .contractViolation("the swap placement returned \(placed), which is not free")
            }
            swap.markUsed(placed)
            owner.swapSlotsHeld += 1
            counters[owner.index].swapOuts &+= 1
            slot = placed
        } else {
            slot = entry.swapSlot
        }
        counters[owner.index].evictions &+= 1
        table.pool[entryIndex] = PageTableEntry.swapped(to: slot).raw
        releaseFrame(frame, owner: owner)
        return true
    }

    private func releaseFrame(_ frame: Int, owner: SimulatedProcess) {
        frameOwner[frame] = -1
        frameEntry[frame] = -1
        owner.residentPages -= 1
        residentPages -= 1
        memory.free.markFree(frame)
        allocator.released(frame: frame)
    }

    /// The out-of-memory rule: kill `process`, freeing every frame and slot it holds. `pendingFrame` is a frame of
    /// it that the replacement policy already forgot.
    private func oomKill(_ process: SimulatedProcess, pendingFrame: Int) {
        oomEvents += 1
        counters[process.index].oomKills &+= 1
        process.isKilled = true
        for frame in 0..<memory.frameCount where Int(frameOwner[frame]) == process.index {
            if frame != pendingFrame { replacement.removed(frame: frame) }
            releaseFrame(frame, owner: process)
        }
        var slots: [SwapSlot] = []
        process.pageTable.forEachTouchedPage { _, _, entry in
            if entry.hasSwapCopy { slots.append(entry.swapSlot) }
        }
        for slot in slots { releaseSlot(slot, process: process) }
        process.pageTable = PageTable(layout: layout)
        if lastProcess === process { lastPID = .max }
    }

    // MARK: Kernel

    private func kernelAccess(_ access: Access, process: SimulatedProcess?) {
        let address = access.address
        let directMapEnd = layout.directMapAddress(ofFrame: memory.frameCount)
        guard address >= layout.directMapBase, address < directMapEnd else {
            kernel.badAccesses &+= 1
            return
        }
        kernel.directMapAccesses &+= 1
        let frame = Int((address - layout.directMapBase) >> pageShift)
        let owner = Int(frameOwner[frame])
        guard access.kind == .write, owner >= 0 else { return }
        let ownerProcess = processes[owner]
        let table = ownerProcess.pageTable
        let entry = PageTableEntry(raw: table.pool[frameEntry[frame]])
        if !entry.isDirty {
            table.pool[frameEntry[frame]] = markDirty(entry, process: ownerProcess).raw
        }
    }
}
