extension Machine {
    /// Checks every invariant of the machine and its replacement policy; throws the first that fails.
    ///
    /// - every resident page is in exactly one frame, and that frame's reverse map points back at its entry;
    /// - used frames plus free frames equal the frame count, and match the resident-page counts;
    /// - used swap slots equal the pages holding a valid swap copy, and each such slot is marked used exactly once;
    /// - every process's counters add up (see ``MemoryCounters``);
    /// - the replacement policy tracks exactly the resident frames.
    ///
    /// O(frames + touched pages + swap slots): for tests, not for runs.
    public func checkInvariants() throws(VMError) {
        var residentSeen = 0
        var slotsSeen = Set<SwapSlot>()
        var problem: String?
        for process in processes {
            var residentOfProcess = 0
            var slotsOfProcess = 0
            process.pageTable.forEachTouchedPage { page, entryIndex, entry in
                guard problem == nil else { return }
                if entry.isPresent {
                    residentOfProcess += 1
                    let frame = entry.frame
                    if frame >= memory.frameCount || Int(frames[frame].owner) != process.index
                        || frames[frame].entry != entryIndex || frames[frame].page != page
                    {
                        problem = "page \(page) of pid \(process.pid) claims frame \(frame), which maps elsewhere"
                    } else if frames[frame].state != entry.raw {
                        problem =
                            "frame \(frame) caches a stale copy of the entry of page \(page) of pid \(process.pid)"
                    } else if memory.free.isFree(frame) {
                        problem = "frame \(frame) holds page \(page) of pid \(process.pid) but is marked free"
                    }
                    if entry.isDirty && entry.hasSwapCopy {
                        problem = "page \(page) of pid \(process.pid) is dirty but keeps a swap copy"
                    }
                }
                if entry.hasSwapCopy {
                    slotsOfProcess += 1
                    let slot = entry.swapSlot
                    if !slotsSeen.insert(slot).inserted {
                        problem = "swap slot \(slot) is held by two pages"
                    } else if swap.isFree(slot) {
                        problem = "page \(page) of pid \(process.pid) has its copy in \(slot), which is marked free"
                    }
                } else if !entry.isPresent {
                    problem = "page \(page) of pid \(process.pid) is neither resident nor in swap"
                }
            }
            if let problem { throw .contractViolation(problem) }
            let state = hot[process.index]
            guard residentOfProcess == state.residentPages, slotsOfProcess == state.swapSlotsHeld else {
                throw .contractViolation(
                    "pid \(process.pid) counts \(state.residentPages) resident pages and \(state.swapSlotsHeld) "
                        + "slots; its page table has \(residentOfProcess) and \(slotsOfProcess)")
            }
            guard state.pool == process.pageTable.pool,
                Int(state.compactCapacity) == process.pageTable.compactCapacity,
                Int(state.compactCount) == process.pageTable.compactCount
            else {
                throw .contractViolation("pid \(process.pid): the cached page-table storage is stale")
            }
            residentSeen += residentOfProcess
            let c = counters[process.index]
            let outcomes =
                c.hits + c.minorFaults + c.majorFaults + c.segmentationFaults + c.protectionFaults
                + c.droppedAccesses
            guard c.accesses == outcomes else {
                throw .contractViolation("pid \(process.pid) made \(c.accesses) accesses but \(outcomes) outcomes")
            }
        }
        if lastProcessIndex >= 0 {
            let state = hot[lastProcessIndex]
            guard lastRoot == (state.compactCapacity == 0 ? state.pool : emptyRoot) else {
                throw .contractViolation("the cached radix root of the last process is stale")
            }
        }
        var owned = 0
        for frame in 0..<memory.frameCount where frames[frame].owner >= 0 { owned += 1 }
        guard owned == residentSeen, residentSeen == residentPages,
            owned + memory.freeCount == memory.frameCount
        else {
            throw .contractViolation(
                "\(owned) frames owned, \(residentSeen) resident pages, \(memory.freeCount) free of "
                    + "\(memory.frameCount) frames")
        }
        guard slotsSeen.count == swap.usedSlots else {
            throw .contractViolation("\(swap.usedSlots) swap slots are used but \(slotsSeen.count) pages hold one")
        }
        try allocator.checkInvariants(memory: memory)
        try tlb?.checkInvariants { process, page in processes[process].pageTable.entry(ofPage: page).isPresent }
        try placement.checkInvariants(space: swap)
        try replacement.checkInvariants(residentCount: residentPages) { frame in
            frame >= 0 && frame < memory.frameCount && frames[frame].owner >= 0
        }
    }
}
