import CVMSupport

/// The machine of a sweep's simplest configuration, made for speed: one process, global replacement, the
/// `first-free` frame allocator, one unbounded swap device with `first-free` slot placement, no TLB, no invariant
/// checks. For such a run it does exactly what ``Machine`` does — the same replacement-policy calls in the same
/// order with the same references, the same counters, the same swap slots and swap locality, the same free frames
/// at the end — with a flat table of page-table entries indexed by page number instead of a radix page table, and
/// without asking an allocator or a placement object what their rule already says:
/// - `first-free` allocation never leaves a hole: frames `0..<residentPages` are in use, the next fault of a machine
///   that is not full gets frame `residentPages`, and once it is full every fault gets its victim's frame (the only
///   free one);
/// - `first-free` placement on one unbounded device takes the lowest free slot of that device's ``FreeMap``, which
///   this machine keeps itself.
///
/// ``eligibility(of:allocator:placement:)`` says which configurations qualify. The pages must be numbered densely
/// (an oracleGeneral trace's renumbered ids, or a trace whose largest page is known and small): the table has one
/// 8-byte entry per page number up to the largest seen, in kernel-zeroed memory that grows by remapping.
///
/// ## Cost
/// A hit: one load of the page's entry (prefetched 16 accesses ahead in batches) and one policy call. A fault: the
/// policy's `evict` and `inserted`, two entry stores, and a swap-slot search on a page's first eviction.
public final class SingleSpaceMachine {
    /// Why a configuration cannot run on this machine, or nil when it can.
    public static func eligibility(of configuration: MachineConfiguration, allocator: String, placement: String)
        -> String?
    {
        guard configuration.scope == .global else { return "local replacement" }
        guard !configuration.checksInvariants else { return "invariant checks" }
        guard allocator == "first-free" else { return "frame allocator \(allocator)" }
        guard placement == "first-free" else { return "swap placement \(placement)" }
        guard configuration.swapDevices.count == 1, configuration.swapDevices[0].slots == nil else {
            return "swap devices other than one unbounded device"
        }
        return nil
    }

    /// Page numbers the entry table can hold: the user pages, at most 2^30 (8 GiB of entries). A user-mode access
    /// at or past the user limit is a protection fault, as on the full machine, and needs no entry.
    public static func pageLimit(layout: AddressLayout) -> UInt64 {
        min(layout.userPages, 1 << 30)
    }

    public let configuration: MachineConfiguration
    public let layout: AddressLayout
    /// The replacement policy (global scope).
    public let replacement: any ReplacementPolicy
    /// The free frames, as ``Machine/memory`` would have them (updated only while memory fills, the one time a
    /// frame changes between free and used for good).
    public let memory: PhysicalMemory
    /// The one swap device's slots (``SwapSpace/Device/slots``).
    public let swapSlots: FreeMap
    /// The process's pid: the pid of the first access; nil before it.
    public var pid: UInt32? { processPID == Access.kernelPID ? nil : processPID }
    /// The pid of the first access, or the kernel's (never a process's) before it.
    @exclusivity(unchecked) private var processPID = Access.kernelPID
    /// What happened, as ``Machine/counters(ofProcess:)`` of the one process.
    @exclusivity(unchecked) public private(set) var counters = MemoryCounters()
    /// Distances between consecutive swap writes and reads.
    @exclusivity(unchecked) public private(set) var swapLocality = SwapLocality()
    /// Pages resident now; frames `0..<residentPages` hold them.
    @exclusivity(unchecked) public private(set) var residentPages = 0
    /// Swap slots the process holds now.
    @exclusivity(unchecked) public private(set) var swapSlotsHeld = 0
    /// Accesses stepped so far.
    @exclusivity(unchecked) public private(set) var time = 0

    /// Page-table entries (``PageTableEntry``) by page number; `entryCapacity` of them, zero beyond the pages seen.
    @exclusivity(unchecked) private var entries: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) private var entryCapacity: Int
    /// The page each used frame holds.
    private let framePages: UnsafeMutablePointer<UInt64>
    private let frameCount: Int
    private let pageShift: UInt64
    private let pageLimit: UInt64
    private let userLimit: UInt64
    private let freeFrames: Unmanaged<FreeMap>
    private let slots: Unmanaged<FreeMap>

    /// A machine with no process yet.
    /// - Parameters:
    ///   - configuration: must pass ``eligibility(of:allocator:placement:)``.
    ///   - replacement: the policy, for `configuration.frames` frames.
    ///   - expectedPages: pages to make room for up front (the table grows past it when needed).
    public init(configuration: MachineConfiguration, replacement: any ReplacementPolicy, expectedPages: Int = 1 << 16)
        throws(VMError)
    {
        try configuration.validate()
        if let reason = Self.eligibility(of: configuration, allocator: "first-free", placement: "first-free") {
            throw .invalidConfiguration("a single-space machine cannot simulate \(reason)")
        }
        self.configuration = configuration
        self.layout = configuration.layout
        self.replacement = replacement
        self.memory = PhysicalMemory(frameCount: configuration.frames)
        self.swapSlots = FreeMap(count: 0, growable: true)
        self.freeFrames = Unmanaged.passUnretained(memory.free)
        self.slots = Unmanaged.passUnretained(swapSlots)
        frameCount = configuration.frames
        pageShift = UInt64(configuration.layout.pageShift)
        pageLimit = Self.pageLimit(layout: configuration.layout)
        userLimit = configuration.layout.userLimit
        entryCapacity = Self.roundedCapacity(max(1, min(expectedPages, Int(pageLimit))))
        entries = Self.mapEntries(entryCapacity)
        framePages = .allocate(capacity: configuration.frames)
    }

    deinit {
        vm_unmap(entries, entryCapacity * MemoryLayout<UInt64>.stride)
        framePages.deallocate()
    }

    /// Entry capacities are whole 4 KiB pages of entries.
    private static func roundedCapacity(_ pages: Int) -> Int { (pages + 511) & ~511 }

    private static func mapEntries(_ capacity: Int) -> UnsafeMutablePointer<UInt64> {
        guard let raw = vm_map_zeroed(capacity * MemoryLayout<UInt64>.stride) else {
            fatalError("out of memory allocating \(capacity) page-table entries")
        }
        return raw.bindMemory(to: UInt64.self, capacity: capacity)
    }

    /// Makes room for `page` (at least doubling), keeping every entry.
    @inline(never)
    private func growEntries(toHold page: Int) {
        let wanted = Self.roundedCapacity(min(max(page + 1, entryCapacity * 2), Int(pageLimit)))
        guard
            let raw = vm_remap_zeroed(
                entries, entryCapacity * MemoryLayout<UInt64>.stride, wanted * MemoryLayout<UInt64>.stride)
        else { fatalError("out of memory growing the page-table entries to \(wanted)") }
        entries = raw.bindMemory(to: UInt64.self, capacity: wanted)
        entryCapacity = wanted
    }

    /// Bytes of the entry table now (what it may touch; the kernel backs only the pages written).
    public var entryTableBytes: Int { entryCapacity * MemoryLayout<UInt64>.stride }

    /// The page-table entry of `page` (untouched when never seen).
    public func entry(ofPage page: UInt64) -> PageTableEntry {
        page < UInt64(entryCapacity) ? PageTableEntry(raw: entries[Int(page)]) : PageTableEntry(raw: 0)
    }

    /// The page held by `frame`, or nil for a free frame.
    public func page(inFrame frame: Int) -> UInt64? {
        precondition(frame >= 0 && frame < frameCount)
        return frame < residentPages ? framePages[frame] : nil
    }

    /// Steps every access in order, exactly as ``Machine/step(batch:nextUse:)`` would on an eligible machine.
    /// - Throws: ``VMError/contractViolation(_:)`` when the policy evicts a frame that holds no page;
    ///   ``VMError/invalidConfiguration(_:)`` for an access this machine cannot simulate (a second process, a kernel
    ///   access, a user page at or past ``pageLimit(layout:)``): callers check the trace first, so this is a bug there,
    ///   reported instead of a wrong count.
    public func step(batch accesses: UnsafeBufferPointer<Access>, nextUse: UnsafeBufferPointer<Int>?) throws(VMError) {
        precondition(nextUse == nil || nextUse!.count >= accesses.count)
        let count = accesses.count
        let ahead = 16
        for index in 0..<count {
            if index &+ ahead < count {
                let upcoming = Int(truncatingIfNeeded: accesses[index &+ ahead].address >> pageShift)
                if upcoming < entryCapacity { vm_prefetch(entries + upcoming) }
            }
            try step(accesses[index], nextUse: nextUse?[index] ?? .max)
        }
    }

    /// One access.
    @inline(__always)
    private func step(_ access: Access, nextUse: Int) throws(VMError) {
        guard access.pid == processPID, access.mode == .user else {
            return try firstOrForeign(access, nextUse: nextUse)
        }
        if access.address >= userLimit {
            time &+= 1
            counters.accesses &+= 1
            counters.protectionFaults &+= 1
            return
        }
        let page = access.address >> pageShift
        guard page < pageLimit else {
            throw .invalidConfiguration("page \(page) is past the single-space machine's limit of \(pageLimit) pages")
        }
        let index = Int(truncatingIfNeeded: page)
        if index >= entryCapacity { growEntries(toHold: index) }
        let now = time
        time = now &+ 1
        counters.accesses &+= 1
        let entry = PageTableEntry(raw: entries[index])
        let reference = PageReference(time: now, nextUse: nextUse, page: page, process: 0, kind: access.kind)
        if entry.isPresent {
            counters.hits &+= 1
            if access.kind == .write, !entry.isDirty {
                if entry.hasSwapCopy { releaseSlot(entry.swapSlot) }
                entries[index] = PageTableEntry.resident(frame: entry.frame, dirty: true, swapCopy: nil).raw
            }
            replacement.accessed(frame: entry.frame, reference: reference)
        } else {
            try fault(index: index, entry: entry, reference: reference)
        }
    }

    /// The first access names the process; any later access of another pid, or not in user mode, is one this
    /// machine cannot simulate.
    @inline(never)
    private func firstOrForeign(_ access: Access, nextUse: Int) throws(VMError) {
        guard processPID == Access.kernelPID, access.pid != Access.kernelPID, access.mode == .user else {
            throw .invalidConfiguration(
                "a single-space machine simulates one process's user accesses; got pid \(access.pid) in "
                    + "\(access.mode) mode after pid \(pid.map(String.init) ?? "none")")
        }
        processPID = access.pid
        try step(access, nextUse: nextUse)
    }

    private func releaseSlot(_ slot: SwapSlot) {
        slots._withUnsafeGuaranteedRef { $0.markFree(slot.index) }
        swapSlotsHeld -= 1
    }

    private func fault(index: Int, entry: PageTableEntry, reference: PageReference) throws(VMError) {
        let frame: Int
        if residentPages < frameCount {
            frame = residentPages
            freeFrames._withUnsafeGuaranteedRef { $0.markUsed(frame) }
        } else {
            frame = replacement.evict(for: reference)
            guard frame >= 0, frame < frameCount else {
                throw .contractViolation("the replacement policy evicted frame \(frame), which holds no page")
            }
            evict(frame: frame)
        }
        let dirty = reference.kind == .write
        let new: PageTableEntry
        if entry.isUntouched {
            counters.minorFaults &+= 1
            new = .resident(frame: frame, dirty: dirty, swapCopy: nil)
        } else {
            counters.majorFaults &+= 1
            counters.swapIns &+= 1
            let slot = entry.swapSlot
            swapLocality.reads.record(slot)
            if dirty { releaseSlot(slot) }
            new = .resident(frame: frame, dirty: dirty, swapCopy: dirty ? nil : slot)
        }
        entries[index] = new.raw
        framePages[frame] = reference.page
        residentPages &+= 1
        replacement.inserted(frame: frame, reference: reference)
    }

    /// Takes the page out of a full machine's `frame`: written to the lowest free slot when dirty or without a
    /// valid copy, else dropped.
    private func evict(frame: Int) {
        let victim = Int(truncatingIfNeeded: framePages[frame])
        let entry = PageTableEntry(raw: entries[victim])
        let slot: SwapSlot
        if entry.isDirty || !entry.hasSwapCopy {
            let placed = slots._withUnsafeGuaranteedRef { map in
                let index = map.lowestFree()!  // a growable map always has one
                map.markUsed(index)
                return index
            }
            slot = SwapSlot(device: 0, index: placed)
            swapLocality.writes.record(slot)
            swapSlotsHeld &+= 1
            counters.swapOuts &+= 1
        } else {
            slot = entry.swapSlot
        }
        counters.evictions &+= 1
        entries[victim] = PageTableEntry.swapped(to: slot).raw
        residentPages &-= 1
    }

    /// Free frames and swap slots, as ``Machine/fragmentationReport()`` gives them.
    public func fragmentationReport() -> FragmentationReport {
        FragmentationReport(
            frames: .init(name: "ram", map: memory.free),
            swapDevices: [.init(name: configuration.swapDevices[0].name, map: swapSlots)])
    }
}
