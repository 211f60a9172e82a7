/// Deliberately naive, obviously-correct models of the textbook policies (arrays and linear scans), used only to
/// cross-check the real implementations on many seeded strings (the conformance suite's `ReferenceModelTests` and the
/// property tests' differential check). Each returns the faults (cold misses included) on `pages` with `frames` frames.
public enum ReferenceModel {
    public static func fifo(_ pages: [UInt64], frames: Int) -> Int {
        var memory: [UInt64] = []
        var faults = 0
        for page in pages where !memory.contains(page) {
            faults += 1
            if memory.count == frames { memory.removeFirst() }
            memory.append(page)
        }
        return faults
    }

    public static func lru(_ pages: [UInt64], frames: Int) -> Int {
        var memory: [UInt64] = []  // least recent first
        var faults = 0
        for page in pages {
            if let index = memory.firstIndex(of: page) {
                memory.remove(at: index)
            } else {
                faults += 1
                if memory.count == frames { memory.removeFirst() }
            }
            memory.append(page)
        }
        return faults
    }

    public static func opt(_ pages: [UInt64], frames: Int) -> Int {
        var memory: [UInt64] = []
        var faults = 0
        for (time, page) in pages.enumerated() where !memory.contains(page) {
            faults += 1
            if memory.count == frames {
                let victim = memory.indices.max { a, b in
                    nextUse(of: memory[a], after: time, in: pages) < nextUse(of: memory[b], after: time, in: pages)
                }!
                memory.remove(at: victim)
            }
            memory.append(page)
        }
        return faults
    }

    public static func clock(_ pages: [UInt64], frames: Int) -> Int {
        var slots: [(page: UInt64, referenced: Bool)] = []
        var hand = 0
        var faults = 0
        for page in pages {
            if let index = slots.firstIndex(where: { $0.page == page }) {
                slots[index].referenced = true
                continue
            }
            faults += 1
            if slots.count < frames {
                slots.append((page, true))
                continue
            }
            while slots[hand].referenced {
                slots[hand].referenced = false
                hand = (hand + 1) % frames
            }
            slots[hand] = (page, true)
            hand = (hand + 1) % frames
        }
        return faults
    }

    private static func nextUse(of page: UInt64, after time: Int, in pages: [UInt64]) -> Int {
        pages[(time + 1)...].firstIndex(of: page) ?? Int.max
    }
}
