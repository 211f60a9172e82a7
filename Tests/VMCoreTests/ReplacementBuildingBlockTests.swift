import Testing
import VMCore
import VMTestSupport

/// `FrameHeap`, `ReferenceBitQueue`, `GhostLists` and the oracle `ScanningTickCounters` are non-copyable, so
/// results are bound to locals before `#expect` sees them. Each is checked against a naive model on seeded random operations.
struct FrameHeapTests {
    @Test("Smallest priority first, then the smaller tie-break, then the lower frame; update and remove reorder")
    func order() throws {
        var heap = FrameHeap(capacity: 6)
        heap.insert(4, priority: 10)
        heap.insert(2, priority: 10)
        heap.insert(5, priority: 7, tieBreak: 3)
        heap.insert(0, priority: 7, tieBreak: 1)
        heap.insert(1, priority: 20)
        let first = (heap.count, heap.min, heap.contains(3), heap.priority(of: 5), heap.tieBreak(of: 5))
        #expect(first == (5, 0, false, 7, 3))
        heap.update(1, priority: 1)
        heap.remove(0)
        var popped: [Int] = []
        while let frame = heap.popMin() { popped.append(frame) }
        #expect(popped == [1, 5, 2, 4])
        let empty = (heap.isEmpty, heap.min, heap.contains(1))
        #expect(empty == (true, nil, false))
        try heap.checkInvariants(name: "heap", expectedCount: 0, isValid: { _ in true })
    }

    @Test("A max-heap is the min-heap on the complement, Int.max included")
    func complement() {
        var heap = FrameHeap(capacity: 3)
        heap.insert(0, priority: ~5)
        heap.insert(1, priority: ~Int.max)
        heap.insert(2, priority: ~0)
        var popped: [Int] = []
        while let frame = heap.popMin() { popped.append(frame) }
        #expect(popped == [1, 0, 2])
    }

    @Test("Seeded churn agrees with a sorted model, invariants checked throughout")
    func churn() throws {
        let capacity = 40
        var heap = FrameHeap(capacity: capacity)
        var model: [Int: (priority: Int, tie: Int)] = [:]
        var generator = SplitMix64(seed: 11)
        func expectedMin() -> Int? {
            model.min { a, b in (a.value.priority, a.value.tie, a.key) < (b.value.priority, b.value.tie, b.key) }?.key
        }
        for step in 0..<20_000 {
            let frame = generator.next(below: capacity)
            let priority = generator.next(below: 12)
            switch generator.next(below: 4) {
            case 0 where model[frame] == nil:
                let tie = generator.next(below: 3)
                heap.insert(frame, priority: priority, tieBreak: tie)
                model[frame] = (priority, tie)
            case 1 where model[frame] != nil:
                heap.update(frame, priority: priority)
                model[frame]!.priority = priority
            case 2 where model[frame] != nil:
                heap.remove(frame)
                model[frame] = nil
            case 3:
                let popped = heap.popMin()
                #expect(popped == expectedMin())
                if let popped { model[popped] = nil }
            default:
                break
            }
            let state = (heap.count, heap.min)
            #expect(state == (model.count, expectedMin()))
            if step % 97 == 0 {
                try heap.checkInvariants(name: "churn", expectedCount: model.count, isValid: { model[$0] != nil })
            }
        }
    }

    @Test("A wrong expected count is a contract violation")
    func expectedCount() {
        var heap = FrameHeap(capacity: 2)
        heap.insert(1, priority: 0)
        #expect(throws: VMError.contractViolation("h tracks 1 frames, 2 are resident")) {
            try heap.checkInvariants(name: "h", expectedCount: 2, isValid: { _ in true })
        }
    }
}

struct ScanningTickCountersTests {
    @Test("Ticks fall at k · interval; missed ticks arrive in one batch; the bit counts once, then is cleared")
    func ticks() throws {
        var counters = ScanningTickCounters(capacity: 3, interval: 4)
        var batches: [Int] = []
        counters.insert(0, time: 0)
        counters.insert(2, time: 1)
        counters.advance(to: 3) { counter, _, ticks in
            batches.append(ticks)
            return counter
        }
        #expect(batches.isEmpty)
        counters.advance(to: 4) { counter, referenced, ticks in
            batches.append(ticks)
            return counter + (referenced ? 10 : 0)
        }
        let afterFirst = (counters.counter(of: 0), counters.counter(of: 2), counters.isReferenced(0))
        #expect(afterFirst == (10, 10, false))
        counters.reference(2)
        counters.advance(to: 13) { counter, referenced, ticks in
            batches.append(ticks)
            return counter + (referenced ? 1 : 0) + UInt64(ticks) * 100
        }
        #expect(batches == [1, 1, 2, 2])  // two members per batch; ticks 8 and 12 in one batch
        let afterSecond = (counters.counter(of: 0), counters.counter(of: 2))
        #expect(afterSecond == (210, 211))
        try counters.checkInvariants(name: "ticks", expectedCount: 2, isValid: { $0 != 1 })
    }

    @Test("The smallest counter leaves first, the earliest loaded among equals; removal clears the state")
    func smallest() {
        var counters = ScanningTickCounters(capacity: 4, interval: 1)
        for (time, frame) in [3, 1, 0, 2].enumerated() { counters.insert(frame, time: time) }
        counters.reference(1)  // counters stay 0 until a tick
        counters.advance(to: 5) { counter, referenced, _ in referenced ? counter + 1 : counter }
        // Every bit was set by the insertion: all at 1. Frame 3 was loaded first.
        let first = counters.removeSmallest()
        #expect(first == 3)
        counters.reference(0)
        counters.advance(to: 6) { counter, referenced, _ in referenced ? counter + 1 : counter }
        var order: [Int] = []
        while counters.count > 0 { order.append(counters.removeSmallest()) }
        #expect(order == [1, 2, 0])
        let cleared = (counters.counter(of: 0), counters.isReferenced(0), counters.contains(0))
        #expect(cleared == (0, false, false))
    }
}

struct ReferenceBitQueueTests {
    @Test("Bit clear on load: FIFO until a hit; a hit page is reinserted at the newest end, its bit cleared")
    func clearOnLoad() throws {
        var queue = ReferenceBitQueue(capacity: 4, bitOnLoad: false)
        for frame in 0..<3 { queue.insert(frame) }
        queue.reference(0)
        let victims = (queue.evict(), queue.isReferenced(0), queue.evict(), queue.evict())
        #expect(victims == (1, false, 2, 0))
        try queue.checkInvariants(name: "q", expectedCount: 0, isValid: { _ in true })
    }

    @Test("Bit set on load: a full pass clears every bit, then the oldest goes; remove forgets a frame")
    func setOnLoad() throws {
        var queue = ReferenceBitQueue(capacity: 4, bitOnLoad: true)
        for frame in [2, 0, 3] { queue.insert(frame) }
        let first = queue.evict()
        #expect(first == 2)
        queue.remove(3)
        queue.insert(1)
        let rest = (queue.evict(), queue.count)
        #expect(rest == (0, 1))
        #expect(throws: VMError.self) { try queue.checkInvariants(name: "q", expectedCount: 2, isValid: { _ in true }) }
    }
}

struct GhostListsTests {
    static func reference(_ page: UInt64, process: Int = 0) -> PageReference {
        PageReference(time: 0, page: page, process: process)
    }

    @Test("A frame's recorded page becomes a ghost in the list asked for; found, classified and forgotten by key")
    func twoLists() throws {
        var ghosts = GhostLists(frames: 3, capacity: 4, lists: 2)
        ghosts.record(frame: 0, reference: Self.reference(10))
        ghosts.record(frame: 1, reference: Self.reference(10, process: 1))
        let firstSlot = ghosts.remember(frame: 0, in: .first)
        ghosts.remember(frame: 1, in: .second)
        ghosts.record(frame: 0, reference: Self.reference(11))
        ghosts.remember(frame: 0, in: .first)
        let counts = (ghosts.count, ghosts.count(.first), ghosts.count(.second), ghosts.isEmpty(.second))
        #expect(counts == (3, 2, 1, false))
        let lookups = (
            ghosts.slot(of: Self.reference(10)), ghosts.contains(Self.reference(10, process: 2)),
            ghosts.list(of: ghosts.slot(of: Self.reference(10, process: 1))!), ghosts.oldest(.first)
        )
        #expect(lookups == (firstSlot, false, .second, firstSlot))
        ghosts.dropOldest(.first)
        let forgotten = (ghosts.forget(Self.reference(10, process: 1)), ghosts.forget(Self.reference(10)))
        #expect(forgotten == (true, false))
        let remaining = (ghosts.count, ghosts.contains(Self.reference(11)), ghosts.contains(slot: firstSlot))
        #expect(remaining == (1, true, false))
        try ghosts.checkInvariants(name: "ghosts")
    }

    @Test("enqueue is a bounded FIFO: the oldest ghost leaves when full; capacity 0 remembers nothing")
    func boundedFIFO() throws {
        var ghosts = GhostLists(frames: 1, capacity: 2)
        for page: UInt64 in 1...3 {
            ghosts.record(frame: 0, reference: Self.reference(page))
            ghosts.enqueue(frame: 0)
        }
        let held = (ghosts.isFull, ghosts.contains(Self.reference(1)), ghosts.contains(Self.reference(3)))
        #expect(held == (true, false, true))
        try ghosts.checkInvariants(name: "fifo")
        var none = GhostLists(frames: 1, capacity: 0)
        none.record(frame: 0, reference: Self.reference(1))
        none.enqueue(frame: 0)
        let nothing = (none.count, none.contains(Self.reference(1)))
        #expect(nothing == (0, false))
    }

    @Test("Seeded churn over two lists agrees with a model of ordered arrays")
    func churn() throws {
        var ghosts = GhostLists(frames: 8, capacity: 16, lists: 2)
        var model: [[UInt64]] = [[], []]  // newest first
        var generator = SplitMix64(seed: 3)
        for step in 0..<5000 {
            let page = UInt64(generator.next(below: 40))
            let list = generator.next(below: 2)
            let which: GhostLists.List = list == 0 ? .first : .second
            let known = model[0].contains(page) || model[1].contains(page)
            #expect(ghosts.contains(Self.reference(page)) == known)
            if known {
                let slot = ghosts.slot(of: Self.reference(page))!
                let expected: GhostLists.List = model[0].contains(page) ? .first : .second
                #expect(ghosts.list(of: slot) == expected)
                ghosts.forget(slot: slot)
                model[0].removeAll { $0 == page }
                model[1].removeAll { $0 == page }
            } else {
                let frame = generator.next(below: 8)
                ghosts.record(frame: frame, reference: Self.reference(page))
                if ghosts.isFull, !model[list].isEmpty {
                    ghosts.enqueue(frame: frame, in: which)
                    model[list].removeLast()
                    model[list].insert(page, at: 0)
                } else if !ghosts.isFull {
                    ghosts.remember(frame: frame, in: which)
                    model[list].insert(page, at: 0)
                }
            }
            let sizes = (ghosts.count(.first), ghosts.count(.second))
            #expect(sizes == (model[0].count, model[1].count))
            if step % 101 == 0 { try ghosts.checkInvariants(name: "churn") }
        }
    }
}

struct IndexedFrameListTests {
    @Test("Positions follow a Python list under append and remove, through many renumberings of the slots")
    func matchesArray() throws {
        for seed in 0..<40 {
            var random = SplitMix64(seed: UInt64(seed) + 11)
            let capacity = 1 + random.next(below: 30)
            var list = IndexedFrameList(capacity: capacity)
            var model: [Int] = []
            for step in 0..<3_000 {
                if model.count < capacity && (model.isEmpty || random.next(below: 2) == 0) {
                    let free = (0..<capacity).filter { !model.contains($0) }
                    let frame = free[random.next(below: free.count)]
                    list.append(frame)
                    model.append(frame)
                } else {
                    let position = random.next(below: model.count)
                    let frame = list.frame(at: position)
                    #expect(frame == model[position], "seed \(seed), step \(step), position \(position)")
                    if frame != model[position] { return }
                    list.remove(frame)
                    model.remove(at: position)
                }
                #expect(list.count == model.count)
            }
            #expect(list.frames() == model)
            try list.checkInvariants(name: "list", isValid: { model.contains($0) })
        }
    }
}
