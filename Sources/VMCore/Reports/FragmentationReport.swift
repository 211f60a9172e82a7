/// Free space of physical memory and of each swap device: how much is free, and in how many pieces.
public struct FragmentationReport: Sendable, Hashable, Codable {
    /// Free space in one index space (frames, or the slots of one swap device).
    public struct Space: Sendable, Hashable, Codable {
        public var name: String
        /// Indices in the space (for an unbounded swap device: up to the highest slot ever used).
        public var size: Int
        public var free: Int
        /// Maximal runs of consecutive free indices.
        public var freeRuns: Int
        /// Length of the longest run of consecutive free indices.
        public var largestFreeRun: Int

        /// 1 − largest run / free: 0 when all free space is one run, near 1 when it is scattered.
        public var fragmentation: Double { free == 0 ? 0 : 1 - Double(largestFreeRun) / Double(free) }

        init(name: String, map: FreeMap) {
            self.name = name
            size = map.count
            free = map.freeCount
            var runs = 0
            var longest = 0
            var current = 0
            for index in 0..<map.count {
                if map.isFree(index) {
                    if current == 0 { runs += 1 }
                    current += 1
                    longest = max(longest, current)
                } else {
                    current = 0
                }
            }
            freeRuns = runs
            largestFreeRun = longest
        }
    }

    public var frames: Space
    public var swapDevices: [Space]
}

extension Machine {
    /// Free frames and free swap slots, and how scattered they are. O(frames + slots).
    public func fragmentationReport() -> FragmentationReport {
        FragmentationReport(
            frames: .init(name: "ram", map: memory.free),
            swapDevices: swap.devices.map { .init(name: $0.name, map: $0.slots) })
    }
}
