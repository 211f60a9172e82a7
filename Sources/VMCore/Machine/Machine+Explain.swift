extension Machine {
    /// Carries out one access like ``step(_:nextUse:)`` and says what it did: the outcome, the victims and where
    /// they went, and the resident pages in the policy's order afterwards. It turns on ``recordsEvents`` and reads
    /// the counters around the step, so the machine makes exactly the decisions it makes without explanations.
    ///
    /// Cost: O(resident pages + frames) per call, allocating: for explanations of short runs or windows, never for
    /// measured runs.
    public func explainStep(_ access: Access, nextUse: Int = .max) throws(VMError) -> StepRecord {
        recordsEvents = true
        events.removeAll(keepingCapacity: true)
        let page = access.address >> UInt64(layout.pageShift)
        let isKernel = access.pid == Access.kernelPID
        let before = isKernel ? nil : process(pid: access.pid).map { counters(ofProcess: $0.index) }
        let kernelBefore = kernel
        let tlbBefore = tlb?.counters
        let slotBefore: SwapSlot? = process(pid: access.pid).flatMap { process in
            let entry = process.pageTable.entry(ofPage: page)
            return !entry.isPresent && entry.hasSwapCopy ? entry.swapSlot : nil
        }
        try step(access, nextUse: nextUse)

        var outcome = StepRecord.Outcome.kernelBad
        var frame: Int?
        if let process = isKernel ? nil : process(pid: access.pid) {
            let after = counters(ofProcess: process.index)
            let old = before ?? MemoryCounters()
            if after.accesses == old.accesses {
                // A kernel-mode access to a kernel address, stepped on the process's behalf.
                outcome = kernel.directMapAccesses > kernelBefore.directMapAccesses ? .kernel : .kernelBad
            } else if after.droppedAccesses > old.droppedAccesses {
                outcome = .dropped
            } else if after.segmentationFaults > old.segmentationFaults {
                outcome = .segv
            } else if after.protectionFaults > old.protectionFaults {
                outcome = .prot
            } else if after.majorFaults > old.majorFaults {
                outcome = .major
            } else if after.minorFaults > old.minorFaults {
                outcome = .minor
            } else {
                outcome = .hit
            }
            if outcome == .hit || outcome.isFault {
                let entry = process.pageTable.entry(ofPage: page)
                frame = entry.isPresent ? entry.frame : nil
            }
        } else if kernel.directMapAccesses > kernelBefore.directMapAccesses {
            outcome = .kernel
            frame = Int((access.address &- layout.directMapBase) >> UInt64(layout.pageShift))
        } else if kernel.physicalAccesses > kernelBefore.physicalAccesses {
            outcome = .kernel
            frame = Int(access.address >> UInt64(layout.pageShift))
        }
        var tlbHit: Bool?
        if let tlbBefore, let now = tlb?.counters {
            if now.hits > tlbBefore.hits {
                tlbHit = true
            } else if now.misses > tlbBefore.misses {
                tlbHit = false
            }
        }
        var evictions: [StepRecord.Eviction] = []
        var killed: [UInt32] = []
        for event in takeEvents() {
            switch event {
            case .evicted(_, let owner, let victimPage, let victimFrame, let destination):
                evictions.append(
                    .init(
                        pid: processes[owner].pid, page: victimPage, frame: victimFrame, destination: destination))
            case .killed(_, let owner):
                killed.append(processes[owner].pid)
            }
        }
        let order = residentOrderNow()
        return StepRecord(
            time: time, pid: access.pid, address: access.address, page: page, kind: access.kind, mode: access.mode,
            outcome: outcome, frame: frame, swappedInFrom: outcome == .major ? slotBefore : nil, tlbHit: tlbHit,
            evictions: evictions, killed: killed, resident: order.pages, orderMeaning: order.meaning,
            hand: order.hand, totals: totals)
    }

    /// The resident pages in the replacement policy's order (frame order when it keeps none), with the frames the
    /// policy lists checked against the machine's reverse map. O(resident pages) when the policy describes itself,
    /// O(frames) otherwise.
    public func residentOrderNow() -> (pages: [StepRecord.ResidentPage], meaning: String, hand: Int?) {
        func residentFrames() -> [Int] { (0..<memory.frameCount).filter { contents(ofFrame: $0) != nil } }
        let order = replacement.residentOrder() ?? .frameOrder(residentFrames())
        var pages: [StepRecord.ResidentPage] = []
        pages.reserveCapacity(residentPages)
        var listed = Set<Int>(minimumCapacity: residentPages)
        for group in order.groups {
            for entry in group.entries {
                guard let (owner, page) = contents(ofFrame: entry.frame), listed.insert(entry.frame).inserted else {
                    continue
                }
                pages.append(
                    .init(
                        pid: processes[owner].pid, page: page, frame: entry.frame, note: entry.note, group: group.name))
            }
        }
        // A policy that describes only part of what it holds: the rest in frame order, so no page goes unseen.
        if listed.count < residentPages {
            for frame in residentFrames() where !listed.contains(frame) {
                let (owner, page) = contents(ofFrame: frame)!
                pages.append(.init(pid: processes[owner].pid, page: page, frame: frame, note: nil, group: ""))
            }
        }
        return (pages, order.meaning, order.hand)
    }
}
