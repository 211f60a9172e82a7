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
///   addresses go through that process's page table. Kernel accesses in ``AccessMode/physical`` (paging off, early
///   boot) reach the frame at `address >> pageShift` directly.
///
/// ## Out of memory
/// When a victim must be written out and no swap device has a free slot, the machine kills the process that owns
/// the victim (its pages cannot be saved anywhere): all its frames and slots are freed, it counts one `oomKills`,
/// and its later accesses are dropped. If it was the faulting process, the faulting access is dropped too;
/// otherwise the fault is retried with the freed frames. The machine never traps on it. When the kill happened
/// is kept (``killedAtAccess(process:)``); miss ratios count executed accesses only
/// (``MemoryCounters/missRatio``).
///
/// ## Cost
/// A hit costs one page-table walk (`levels` loads) and one policy call; the hit path allocates nothing.
public final class Machine {
    public let configuration: MachineConfiguration
    public let layout: AddressLayout
    public let memory: PhysicalMemory
    public let swap: SwapSpace
    /// The replacement policy: the one instance (global scope), or the per-process instances behind one object
    /// (local scope).
    public let replacement: any ReplacementPolicy
    /// Per-process policies and budgets under local replacement; nil under global replacement.
    let local: LocalReplacement?
    public let allocator: any FrameAllocator
    public let placement: any SwapPlacement
    /// The translation lookaside buffer, when the machine has one.
    public let tlb: TLB?

    /// Processes in the order the machine met them (`SimulatedProcess.index`).
    @exclusivity(unchecked) public private(set) var processes: [SimulatedProcess] = []
    /// Accesses stepped so far (the time of the next access).
    @exclusivity(unchecked) public private(set) var time = 0
    /// What the kernel did.
    @exclusivity(unchecked) public private(set) var kernel = KernelCounters()
    /// Times the out-of-memory rule fired.
    @exclusivity(unchecked) public private(set) var oomEvents = 0
    /// When each killed process was killed: process index → the 1-based position (``time``) of the access during
    /// which the out-of-memory rule fired. Touched only by a kill, never on the access path.
    @exclusivity(unchecked) private var killTimes: [Int: Int] = [:]
    /// Pages resident now, all processes together.
    @exclusivity(unchecked) public private(set) var residentPages = 0
    /// Distances between consecutive swap writes and reads.
    @exclusivity(unchecked) public private(set) var swapLocality = SwapLocality()
    /// Whether evictions and kills are recorded in ``events`` (explanations; off for every measured run). Costs
    /// one test per eviction, nothing on a hit.
    @exclusivity(unchecked) public var recordsEvents = false
    /// Evictions and kills since the last ``takeEvents()``, oldest first, while ``recordsEvents`` is on.
    @exclusivity(unchecked) public internal(set) var events: [MachineEvent] = []

    /// What each frame holds (the reverse map), one 32-byte record per frame.
    @usableFromInline let frames: UnsafeMutablePointer<FrameRecord>
    /// Counters per process index.
    @exclusivity(unchecked) @usableFromInline var counters: UnsafeMutablePointer<MemoryCounters>
    /// Hot state per process index: what every access reads, kept out of class instances so the hit path does
    /// no reference counting.
    @exclusivity(unchecked) @usableFromInline var hot: UnsafeMutablePointer<HotProcessState>
    @exclusivity(unchecked) private var processCapacity = 4
    @exclusivity(unchecked) var processIndexByPID = ProcessIndexTable()
    /// One-entry cache of the last pid → process index lookup (traces switch process rarely).
    @exclusivity(unchecked) var lastPID: UInt32 = .max
    @exclusivity(unchecked) var lastProcessIndex = -1
    /// Root of the radix walk of the last process for batch prefetching: its pool, or ``emptyRoot`` when its table
    /// is compact (the walk then fails at the root, without a test for the table's form on the way).
    @exclusivity(unchecked) var lastRoot: UnsafeMutablePointer<UInt64>
    /// One all-zero radix table, shared.
    let emptyRoot: UnsafeMutablePointer<UInt64>
    let pageShift: UInt64
    let userLimit: UInt64
    let tableLevels: Int
    let tableBits: Int
    let tableIndexMask: UInt64
    /// Times a process's page table was replaced (out-of-memory kills): entry indices computed earlier are stale.
    @exclusivity(unchecked) var tableResets = 0
    /// `memory.free`, reached without reference counting on the fault path (`memory` keeps it alive).
    let freeFrames: Unmanaged<FreeMap>
    /// `tlb` and `local`, reached without reference counting on the access path (binding the optionals retained and
    /// released them at every access); the properties keep them alive.
    let tlbRef: Unmanaged<TLB>?
    let localRef: Unmanaged<LocalReplacement>?

    /// Builds a machine with no processes (they appear at their first access, or through ``addProcess(pid:name:regions:)``).
    /// - Parameters:
    ///   - configuration: frames, layout, swap devices, scope and invariant checks (validated here).
    ///   - replacement: the policy under global scope. Under local scope (``MachineConfiguration/scope``) it only
    ///     tells whether the policy needs the future and can grow, and `makeReplacement` makes each process's
    ///     instance at its first fault.
    ///   - makeReplacement: a fresh instance of the same policy for a given number of frames (the machine's, or a
    ///     few for a ``GrowableReplacementPolicy`` that will grow); required under local scope.
    ///   - allocator: chooses the free frame a faulting page gets.
    ///   - placement: chooses the swap slot an evicted page is written to.
    ///   - tlb: a TLB in front of the page tables, or nil for none.
    public init(
        configuration: MachineConfiguration,
        replacement: any ReplacementPolicy,
        makeReplacement: ((_ frames: Int) throws(VMError) -> any ReplacementPolicy)? = nil,
        allocator: any FrameAllocator,
        placement: any SwapPlacement,
        tlb: TLB? = nil
    ) throws(VMError) {
        try configuration.validate()
        self.tlb = tlb
        self.tlbRef = tlb.map { Unmanaged.passUnretained($0) }
        self.configuration = configuration
        self.layout = configuration.layout
        self.memory = PhysicalMemory(frameCount: configuration.frames)
        self.freeFrames = Unmanaged.passUnretained(memory.free)
        self.swap = try SwapSpace(configuration.swapDevices)
        switch configuration.scope {
        case .global:
            self.local = nil
            self.localRef = nil
            self.replacement = replacement
        case .local(let rule):
            guard let makeReplacement else {
                throw .invalidConfiguration("local replacement needs a way to make one policy instance per process")
            }
            let local = LocalReplacement(
                rule: rule, frames: configuration.frames, probe: replacement, makePolicy: makeReplacement)
            self.local = local
            self.localRef = Unmanaged.passUnretained(local)
            self.replacement = local
        }
        self.allocator = allocator
        self.placement = placement
        self.pageShift = UInt64(configuration.layout.pageShift)
        self.userLimit = configuration.layout.userLimit
        frames = .allocate(capacity: configuration.frames)
        frames.initialize(repeating: FrameRecord(), count: configuration.frames)
        counters = .allocate(capacity: processCapacity)
        hot = .allocate(capacity: processCapacity)
        tableLevels = configuration.layout.pageTableLevels
        tableBits = configuration.layout.bitsPerLevel
        tableIndexMask = (1 << UInt64(configuration.layout.bitsPerLevel)) - 1
        emptyRoot = .allocate(capacity: 1 << configuration.layout.bitsPerLevel)
        emptyRoot.initialize(repeating: 0, count: 1 << configuration.layout.bitsPerLevel)
        lastRoot = emptyRoot
    }

    deinit {
        emptyRoot.deallocate()
        frames.deallocate()
        counters.deinitialize(count: processes.count)
        counters.deallocate()
        hot.deinitialize(count: processes.count)
        hot.deallocate()
        processIndexByPID.deallocate()
    }

    // MARK: Processes

    /// Adds a process with its own empty address space.
    /// - Parameters:
    ///   - pid: its process id (not the kernel's, ``Access/kernelPID``).
    ///   - name: a name for reports and diagrams; nil means `pid N`.
    ///   - regions: its mapped regions; nil means every user page is valid.
    /// - Throws: when `pid` is the kernel's or already exists.
    @discardableResult
    public func addProcess(pid: UInt32, name: String? = nil, regions: [MemoryRegion]? = nil) throws(VMError)
        -> SimulatedProcess
    {
        guard pid != Access.kernelPID else {
            throw .invalidConfiguration("pid \(pid) is reserved for the kernel")
        }
        guard processIndexByPID.index(of: pid) < 0 else {
            throw .invalidConfiguration("process \(pid) already exists")
        }
        let index = processes.count
        if index == processCapacity {
            let newCapacity = processCapacity * 2
            let newCounters = UnsafeMutablePointer<MemoryCounters>.allocate(capacity: newCapacity)
            newCounters.moveInitialize(from: counters, count: index)
            counters.deallocate()
            counters = newCounters
            let newHot = UnsafeMutablePointer<HotProcessState>.allocate(capacity: newCapacity)
            newHot.moveInitialize(from: hot, count: index)
            hot.deallocate()
            hot = newHot
            processCapacity = newCapacity
        }
        try local?.addProcess(declaredPages: regions.map { $0.reduce(0) { $0 + Int($1.pageCount) } })
        (counters + index).initialize(to: MemoryCounters())
        let process = SimulatedProcess(
            pid: pid, index: index, name: name ?? "pid \(pid)", regions: regions, layout: layout)
        (hot + index).initialize(to: HotProcessState(table: process.pageTable, hasRegions: regions != nil))
        processes.append(process)
        processIndexByPID.set(pid, index: index)
        return process
    }

    /// The process with `pid`, if the machine has met it.
    public func process(pid: UInt32) -> SimulatedProcess? {
        let index = processIndexByPID.index(of: pid)
        return index >= 0 ? processes[index] : nil
    }

    /// Counters of one process.
    public func counters(ofProcess index: Int) -> MemoryCounters {
        precondition(index >= 0 && index < processes.count)
        return counters[index]
    }

    /// Pages one process has in RAM now.
    public func residentPages(ofProcess index: Int) -> Int {
        precondition(index >= 0 && index < processes.count)
        return hot[index].residentPages
    }

    /// Swap slots one process holds now (swapped-out pages and valid copies of resident pages).
    public func swapSlotsHeld(ofProcess index: Int) -> Int {
        precondition(index >= 0 && index < processes.count)
        return hot[index].swapSlotsHeld
    }

    /// The process's frame budget under local replacement (nil under global replacement).
    public func budget(ofProcess index: Int) -> Int? {
        precondition(index >= 0 && index < processes.count)
        return local?.budget(of: index)
    }

    /// What local replacement spent so far (nil under global replacement): policy instances made, the frames
    /// they were made or grown for, and the steps of its victim searches. Observable costs, for tests and reports.
    public var localReplacementCosts: LocalReplacementCosts? {
        local.map {
            LocalReplacementCosts(
                instances: $0.instancesMade, instanceFrames: $0.instanceFrames, searchSteps: $0.searchSteps)
        }
    }

    /// Whether the out-of-memory rule killed the process (its later accesses are dropped).
    public func isKilled(process index: Int) -> Bool {
        precondition(index >= 0 && index < processes.count)
        return hot[index].isKilled
    }

    /// When the out-of-memory rule killed the process: the 1-based position, among all accesses the machine has
    /// stepped (kernel accesses included), of the access whose handling killed it; nil while it lives. The kill
    /// may come from another process's fault (its page was the victim that could not be saved).
    public func killedAtAccess(process index: Int) -> Int? {
        precondition(index >= 0 && index < processes.count)
        return killTimes[index]
    }

    /// Counters of all processes added together.
    public var totals: MemoryCounters {
        var total = MemoryCounters()
        for index in processes.indices { total.add(counters[index]) }
        return total
    }

    // MARK: Frames

    /// Returns ``events`` and empties it.
    public func takeEvents() -> [MachineEvent] {
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    /// The process index owning `frame` and the page it holds, or nil for a free frame.
    public func contents(ofFrame frame: Int) -> (process: Int, page: UInt64)? {
        precondition(frame >= 0 && frame < memory.frameCount)
        let owner = Int(frames[frame].owner)
        return owner >= 0 ? (owner, frames[frame].page) : nil
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

    /// One access. `knownEntry` is the pool index of the page's leaf entry when the caller already walked the
    /// table (batch prefetching), or -1.
    @usableFromInline
    func stepWithoutChecks(_ access: Access, nextUse: Int, knownEntry: Int = -1) throws(VMError) {
        let now = time
        time = now &+ 1
        if access.pid == Access.kernelPID {
            kernelAccess(access)
            return
        }
        let processIndex: Int
        if access.pid == lastPID {
            processIndex = lastProcessIndex
        } else {
            processIndex = try resolveProcess(pid: access.pid)
        }
        let counter = counters + processIndex
        let state = hot + processIndex
        counter.pointee.accesses &+= 1
        if state.pointee.isKilled {
            counter.pointee.droppedAccesses &+= 1
            return
        }
        let address = access.address
        if address >= userLimit {
            if access.mode == .kernel {
                counter.pointee.accesses &-= 1
                kernelAccess(access)
            } else {
                counter.pointee.protectionFaults &+= 1
            }
            return
        }
        let page = address >> pageShift
        if state.pointee.hasRegions || access.mode == .kernel {
            if !checkRegion(processIndex: processIndex, page: page, access: access, counter: counter) { return }
        }
        let entryIndex = knownEntry >= 0 ? knownEntry : findEntry(page, processIndex: processIndex)
        let entry = PageTableEntry(raw: state.pointee.pool[entryIndex])
        let reference = PageReference(
            time: now, nextUse: nextUse, page: page, process: processIndex, kind: access.kind)
        if entry.isPresent {
            counter.pointee.hits &+= 1
            if access.kind == .write, !entry.isDirty {
                let dirty = markDirty(entry, processIndex: processIndex).raw
                state.pointee.pool[entryIndex] = dirty
                frames[entry.frame].state = dirty
            }
            replacement.accessed(frame: entry.frame, reference: reference)
            if let tlbRef { tlbRef._withUnsafeGuaranteedRef { $0.access(reference) } }
        } else {
            try fault(processIndex: processIndex, entryIndex: entryIndex, reference: reference)
        }
    }

    /// The entry index of `page` in the process's table without creating anything; -1 when it is not there. A
    /// compact table is scanned (at most ``PageTable/compactPageLimit`` keys); a radix table is walked.
    @inline(__always)
    func leafIndex(_ state: UnsafeMutablePointer<HotProcessState>, page: UInt64) -> Int {
        let pool = state.pointee.pool
        let compact = Int(state.pointee.compactCapacity)
        if compact != 0 {
            return Self.compactIndex(keys: pool + compact, count: Int(state.pointee.compactCount), page: page)
        }
        return radixIndex(root: pool, page: page)
    }

    /// Walks the radix table rooted at `root` without creating tables; -1 when one on the way is missing.
    @inline(__always)
    func radixIndex(root pool: UnsafeMutablePointer<UInt64>, page: UInt64) -> Int {
        var table = 0
        var level = tableLevels - 1
        while level > 0 {
            let slot = Int(truncatingIfNeeded: (page >> UInt64(level &* tableBits)) & tableIndexMask)
            let child = pool[table << tableBits | slot]
            if child == 0 { return -1 }
            table = Int(truncatingIfNeeded: child)
            level -= 1
        }
        return table << tableBits | Int(truncatingIfNeeded: page & tableIndexMask)
    }

    /// Out of line: the hit path of a radix table (every large process) stays as small as before.
    @inline(never)
    static func compactIndex(keys: UnsafeMutablePointer<UInt64>, count: Int, page: UInt64) -> Int {
        var index = 0
        while index < count {
            if keys[index] == page { return index }
            index &+= 1
        }
        return -1
    }

    /// The entry index of `page` in the process's table, added when missing. Out of line: batch stepping has
    /// located most entries already (``locate(_:)``), and the hit path stays small.
    @inline(never)
    func findEntry(_ page: UInt64, processIndex: Int) -> Int {
        let found = leafIndex(hot + processIndex, page: page)
        return found >= 0 ? found : addPage(page, processIndex: processIndex)
    }

    /// Adds `page` to the process's table (slow path: a page never touched, or a missing radix table) and
    /// refreshes the cached table state. When the table converted from its compact form, every resident page's
    /// reverse map is repointed (at most ``PageTable/compactPageLimit`` pages, once per process). Indices that batch
    /// stepping located earlier stay valid: it never locates in a compact table (``lastRoot``), so none pointed into
    /// the storage that moved.
    func addPage(_ page: UInt64, processIndex: Int) -> Int {
        let table = processes[processIndex].pageTable
        let relocations = table.relocations
        let entryIndex = table.entryIndex(ofPage: page)
        refreshHot(processIndex)
        if table.relocations != relocations {
            table.forEachTouchedPage { _, index, entry in
                if entry.isPresent { frames[entry.frame].entry = index }
            }
        }
        return entryIndex
    }

    /// Copies the process's table storage into its hot state (after the table changed).
    func refreshHot(_ processIndex: Int) {
        hot[processIndex].refresh(from: processes[processIndex].pageTable)
        if processIndex == lastProcessIndex {
            lastRoot = hot[processIndex].compactCapacity == 0 ? hot[processIndex].pool : emptyRoot
        }
    }

    /// Checks declared regions and permissions (user mode) and counts kernel-mode user accesses. False when the
    /// access was a counted segmentation or protection fault.
    private func checkRegion(
        processIndex: Int, page: UInt64, access: Access, counter: UnsafeMutablePointer<MemoryCounters>
    ) -> Bool {
        if access.mode == .kernel {
            kernel.userPageAccesses &+= 1
            return true
        }
        guard let region = processes[processIndex].region(containing: page) else {
            counter.pointee.segmentationFaults &+= 1
            return false
        }
        guard region.allows(access.kind) else {
            counter.pointee.protectionFaults &+= 1
            return false
        }
        return true
    }

    private func resolveProcess(pid: UInt32) throws(VMError) -> Int {
        var index = processIndexByPID.index(of: pid)
        if index < 0 { index = try addProcess(pid: pid).index }
        lastPID = pid
        lastProcessIndex = index
        lastRoot = hot[index].compactCapacity == 0 ? hot[index].pool : emptyRoot
        return index
    }

    /// The entry with the dirty bit set; a valid swap copy becomes stale and its slot is freed.
    private func markDirty(_ entry: PageTableEntry, processIndex: Int) -> PageTableEntry {
        if entry.hasSwapCopy { releaseSlot(entry.swapSlot, processIndex: processIndex) }
        return .resident(frame: entry.frame, dirty: true, swapCopy: nil)
    }

    private func releaseSlot(_ slot: SwapSlot, processIndex: Int) {
        swap.markFree(slot)
        hot[processIndex].swapSlotsHeld -= 1
        placement.released(slot: slot)
    }

    // MARK: Faults

    private func fault(processIndex: Int, entryIndex: Int, reference: PageReference) throws(VMError) {
        let counter = counters + processIndex
        if let localRef, !localRef._withUnsafeGuaranteedRef({ $0.hasInstance(processIndex) }), let local {
            try local.prepare(processIndex)  // once per process: its first fault
        }
        if let localRef, localRef._withUnsafeGuaranteedRef({ $0.mustReplaceOwn(processIndex) }) {
            // Local replacement, at budget: the process gives up one of its own pages, even if frames are free.
            let victim = localRef._withUnsafeGuaranteedRef { $0.evictOwn(processIndex, for: reference) }
            guard victim >= 0, victim < memory.frameCount, Int(frames[victim].owner) == processIndex else {
                throw .contractViolation("the replacement policy evicted frame \(victim), which is not the process's")
            }
            if try !evict(frame: victim, time: reference.time), hot[processIndex].isKilled {
                counter.pointee.droppedAccesses &+= 1
                return
            }
        }
        var frame = -1
        while frame < 0 {
            // An allocator returns only free frames: when none is free, go straight to eviction.
            if freeFrames._withUnsafeGuaranteedRef({ $0.freeCount }) > 0,
                let granted = allocator.allocate(for: reference, in: memory)
            {
                guard granted >= 0, granted < memory.frameCount,
                    freeFrames._withUnsafeGuaranteedRef({ $0.isFree(granted) })
                else {
                    throw .contractViolation("the frame allocator returned frame \(granted), which is not free")
                }
                frame = granted
                break
            }
            guard freeFrames._withUnsafeGuaranteedRef({ $0.freeCount }) == 0 else {
                throw .contractViolation(
                    "the frame allocator refused a frame while \(memory.freeCount) were free and no budget applies")
            }
            guard residentPages > 0 else {
                throw .contractViolation("no frame is free and none is resident")
            }
            let victim = replacement.evict(for: reference)
            guard victim >= 0, victim < memory.frameCount, frames[victim].owner >= 0 else {
                throw .contractViolation("the replacement policy evicted frame \(victim), which holds no page")
            }
            if try !evict(frame: victim, time: reference.time) {
                // Out of memory: the victim's owner was killed. If that was the faulting process, drop the access.
                if hot[processIndex].isKilled {
                    counter.pointee.droppedAccesses &+= 1
                    return
                }
            }
        }
        freeFrames._withUnsafeGuaranteedRef { $0.markUsed(frame) }
        let pool = hot[processIndex].pool
        let old = PageTableEntry(raw: pool[entryIndex])
        let dirty = reference.kind == .write
        let new: PageTableEntry
        if old.isUntouched {
            counter.pointee.minorFaults &+= 1
            if let localRef { localRef._withUnsafeGuaranteedRef { $0.touchedNewPage(process: processIndex) } }
            new = .resident(frame: frame, dirty: dirty, swapCopy: nil)
        } else {
            counter.pointee.majorFaults &+= 1
            counter.pointee.swapIns &+= 1
            let slot = old.swapSlot
            swapLocality.reads.record(slot)
            if dirty { releaseSlot(slot, processIndex: processIndex) }
            new = .resident(frame: frame, dirty: dirty, swapCopy: dirty ? nil : slot)
        }
        pool[entryIndex] = new.raw
        frames[frame].state = new.raw
        frames[frame].owner = Int32(truncatingIfNeeded: processIndex)
        frames[frame].entry = entryIndex
        frames[frame].page = reference.page
        hot[processIndex].residentPages += 1
        residentPages += 1
        replacement.inserted(frame: frame, reference: reference)
        if let tlbRef { tlbRef._withUnsafeGuaranteedRef { $0.access(reference) } }
    }

    /// Takes the page out of `frame` (already forgotten by the replacement policy). Returns false when it could
    /// not be written out and the out-of-memory rule killed its owner.
    private func evict(frame: Int, time: Int) throws(VMError) -> Bool {
        let owner = Int(frames[frame].owner)
        let entryIndex = frames[frame].entry
        let pool = hot[owner].pool
        let entry = PageTableEntry(raw: frames[frame].state)
        let slot: SwapSlot
        if entry.isDirty || !entry.hasSwapCopy {
            let victimReference = PageReference(
                time: time, page: frames[frame].page, process: owner, kind: entry.isDirty ? .write : .read)
            guard let placed = placement.place(for: victimReference, in: swap) else {
                if recordsEvents {
                    events.append(
                        .evicted(
                            time: time + 1, process: owner, page: frames[frame].page, frame: frame, destination: .lost))
                }
                oomKill(processIndex: owner, pendingFrame: frame)
                return false
            }
            guard swap.isFree(placed) else {
                throw .contractViolation("the swap placement returned \(placed), which is not free")
            }
            swap.markUsed(placed)
            swapLocality.writes.record(placed)
            hot[owner].swapSlotsHeld += 1
            counters[owner].swapOuts &+= 1
            slot = placed
        } else {
            slot = entry.swapSlot
        }
        counters[owner].evictions &+= 1
        if recordsEvents {
            let destination: MachineEvent.Destination =
                slot == entry.swapSlot && entry.hasSwapCopy && !entry.isDirty
                ? .dropped(keptIn: slot) : .written(to: slot)
            events.append(
                .evicted(
                    time: time + 1, process: owner, page: frames[frame].page, frame: frame, destination: destination))
        }
        if let tlbRef {
            let page = frames[frame].page
            tlbRef._withUnsafeGuaranteedRef { $0.invalidate(page: page, process: owner) }
        }
        pool[entryIndex] = PageTableEntry.swapped(to: slot).raw
        releaseFrame(frame, owner: owner)
        return true
    }

    private func releaseFrame(_ frame: Int, owner: Int) {
        frames[frame].owner = -1
        frames[frame].entry = -1
        hot[owner].residentPages -= 1
        residentPages -= 1
        freeFrames._withUnsafeGuaranteedRef { $0.markFree(frame) }
        allocator.released(frame: frame)
    }

    /// The out-of-memory rule: kill a process, freeing every frame and slot it holds. `pendingFrame` is a frame
    /// of it that the replacement policy already forgot.
    private func oomKill(processIndex: Int, pendingFrame: Int) {
        oomEvents += 1
        counters[processIndex].oomKills &+= 1
        killTimes[processIndex] = time
        if recordsEvents { events.append(.killed(time: time, process: processIndex)) }
        local?.processKilled(processIndex)
        tlb?.flush(process: processIndex)
        hot[processIndex].isKilled = true
        // The process's own page table lists its frames and slots: O(its touched pages), not O(frames). Frames are
        // released in ascending order, as a scan of the frame table would.
        let process = processes[processIndex]
        var owned: [Int] = []
        var slots: [SwapSlot] = []
        process.pageTable.forEachTouchedPage { _, _, entry in
            if entry.isPresent { owned.append(entry.frame) }
            if entry.hasSwapCopy { slots.append(entry.swapSlot) }
        }
        owned.sort()
        for frame in owned {
            if frame != pendingFrame { replacement.removed(frame: frame) }
            releaseFrame(frame, owner: processIndex)
        }
        for slot in slots { releaseSlot(slot, processIndex: processIndex) }
        process.pageTable = PageTable(layout: layout)
        refreshHot(processIndex)
        tableResets &+= 1
    }

    // MARK: Kernel

    /// The kernel's own access: through the direct map (a frame at `address - directMapBase`), or with paging
    /// off (``AccessMode/physical``: the frame at `address >> pageShift`). A write dirties the page in the frame.
    private func kernelAccess(_ access: Access) {
        let address = access.address
        let frame: Int
        if access.mode == .physical {
            guard address >> pageShift < UInt64(memory.frameCount) else {
                kernel.badAccesses &+= 1
                return
            }
            kernel.physicalAccesses &+= 1
            frame = Int(address >> pageShift)
        } else {
            let directMapEnd = layout.directMapAddress(ofFrame: memory.frameCount)
            guard address >= layout.directMapBase, address < directMapEnd else {
                kernel.badAccesses &+= 1
                return
            }
            kernel.directMapAccesses &+= 1
            frame = Int((address - layout.directMapBase) >> pageShift)
        }
        let owner = Int(frames[frame].owner)
        guard access.kind == .write, owner >= 0 else { return }
        let entry = PageTableEntry(raw: frames[frame].state)
        if !entry.isDirty {
            let dirty = markDirty(entry, processIndex: owner).raw
            hot[owner].pool[frames[frame].entry] = dirty
            frames[frame].state = dirty
        }
    }
}

/// What every access of a process reads, in one contiguous buffer owned by the machine.
@usableFromInline
struct HotProcessState {
    /// Storage of the process's page table (refreshed whenever the table changes).
    @usableFromInline var pool: UnsafeMutablePointer<UInt64>
    @usableFromInline var residentPages = 0
    @usableFromInline var swapSlotsHeld = 0
    /// Capacity and size of a compact table (its keys follow its entries, at `pool + compactCapacity`); a capacity
    /// of 0 means a radix table. Bytes, so the state stays 32 bytes.
    @usableFromInline var compactCapacity: UInt8 = 0
    @usableFromInline var compactCount: UInt8 = 0
    @usableFromInline var hasRegions: Bool
    @usableFromInline var isKilled = false

    init(table: PageTable, hasRegions: Bool) {
        self.pool = table.pool
        self.hasRegions = hasRegions
        refresh(from: table)
    }

    /// Copies the table's storage pointer and compact size (after any page was added).
    mutating func refresh(from table: PageTable) {
        pool = table.pool
        compactCapacity = UInt8(truncatingIfNeeded: table.compactCapacity)
        compactCount = UInt8(truncatingIfNeeded: table.compactCount)
    }
}

/// The reverse map of one frame: which page of which process it holds, and a copy of that page's entry (so an
/// eviction never reads the victim's cold page-table line: it only stores the new entry).
@usableFromInline
struct FrameRecord {
    /// Copy of the page-table entry of the page in this frame.
    @usableFromInline var state: UInt64 = 0
    /// Virtual page held.
    @usableFromInline var page: UInt64 = 0
    /// Pool index (in the owner's page table) of the entry that maps this frame.
    @usableFromInline var entry = -1
    /// Owner: process index, or -1 when free.
    @usableFromInline var owner: Int32 = -1
}
