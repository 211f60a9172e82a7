public import VMCore

/// Cluster-based swap placement, after Linux's swap cluster allocator: each device is cut into clusters of
/// `size` contiguous slots (256 by default, `SWAPFILE_CLUSTER`). Swap-outs fill the *current* cluster forward from
/// its own cursor, so pages evicted together land together and later swap-ins read sequentially. When the cursor
/// reaches the cluster's end, the lowest wholly free cluster becomes current; only
/// when no cluster is wholly free does the placement fall back to the next cluster (in rotation) that still has a
/// free slot — the fragmented case Linux's `nonfull` lists serve. Devices are tried in priority order
/// (``SwapSpace/devicesByPriority``).
///
/// Linux `mm/swapfile.c` (`swap_cluster_info`, `cluster_alloc_swap_entry`, since 4.8; Huang Ying's per-CPU
/// clusters). Complexity: place O(1) amortised while a cluster has room (bitmap scan inside one cluster, ≤ size/64
/// words); choosing a new cluster O(clusters) worst case; release O(1). Memory O(slots / size).
public final class ClusterSwapPlacement: SwapPlacement, ReportsStatistics {
    /// Slots per cluster.
    public let size: Int
    /// Per device: slots in use in each cluster (grown as an unbounded device grows).
    @exclusivity(unchecked) private var used: [[Int]] = []
    /// Per device: next slot to try inside each cluster.
    @exclusivity(unchecked) private var cursors: [[Int]] = []
    /// Per device: the cluster being filled, or -1.
    @exclusivity(unchecked) private var current: [Int] = []
    /// How many times a new cluster was opened: wholly free, or (fragmented) partly used.
    @exclusivity(unchecked) public private(set) var freshClusters = 0
    @exclusivity(unchecked) public private(set) var fragmentedClusters = 0

    public init(size: Int) { self.size = size }

    private func clusterCount(_ device: Int, _ space: SwapSpace) -> Int {
        let slots = space.devices[device].capacity ?? space.devices[device].slots.count
        return (slots + size - 1) / size
    }

    /// Makes room in the per-cluster arrays for `count` clusters of `device`.
    private func grow(_ device: Int, to count: Int) {
        guard used[device].count < count else { return }
        let start = used[device].count
        used[device].append(contentsOf: repeatElement(0, count: count - start))
        cursors[device].append(contentsOf: (start..<count).map { $0 * size })
    }

    /// Slots of cluster `cluster` on `device` (the last cluster of a bounded device may be short).
    private func capacity(_ device: Int, _ cluster: Int, _ space: SwapSpace) -> Int {
        guard let slots = space.devices[device].capacity else { return size }
        return min(size, slots - cluster * size)
    }

    public func place(for reference: PageReference, in space: SwapSpace) -> SwapSlot? {
        if used.count != space.devices.count {
            used = Array(repeating: [], count: space.devices.count)
            cursors = Array(repeating: [], count: space.devices.count)
            current = Array(repeating: -1, count: space.devices.count)
        }
        for device in space.devicesByPriority where space.hasRoom(device: device) {
            if let slot = place(on: device, in: space) {
                used[device][slot / size] += 1
                return SwapSlot(device: device, index: slot)
            }
        }
        return nil
    }

    private func place(on device: Int, in space: SwapSpace) -> Int? {
        grow(device, to: clusterCount(device, space))
        if current[device] >= 0, let slot = take(from: current[device], on: device, in: space) { return slot }
        let clusters = used[device].count
        if let fresh = (0..<clusters).first(where: { used[device][$0] == 0 && capacity(device, $0, space) > 0 }) {
            freshClusters += 1
            return open(fresh, on: device, in: space)
        }
        if space.devices[device].capacity == nil {
            // An unbounded device never fragments: open a new cluster past its end.
            grow(device, to: clusters + 1)
            freshClusters += 1
            return open(clusters, on: device, in: space)
        }
        let start = max(current[device], 0)
        for step in 1...clusters {
            let cluster = (start + step) % clusters
            if used[device][cluster] < capacity(device, cluster, space) {
                fragmentedClusters += 1
                return open(cluster, on: device, in: space)
            }
        }
        return nil
    }

    /// Makes `cluster` current and scans it from its start (a fresh cluster is empty; a partly used one is scanned
    /// for its holes).
    private func open(_ cluster: Int, on device: Int, in space: SwapSpace) -> Int? {
        current[device] = cluster
        cursors[device][cluster] = cluster * size
        return take(from: cluster, on: device, in: space)
    }

    /// The first free slot of `cluster` between its cursor and its end (no wrap: a cluster is filled forward once,
    /// then another is opened, as Linux's per-CPU cluster `next` does).
    private func take(from cluster: Int, on device: Int, in space: SwapSpace) -> Int? {
        let room = capacity(device, cluster, space)
        guard used[device][cluster] < room else { return nil }
        let end = cluster * size + room
        guard let slot = space.devices[device].slots.lowestFree(from: cursors[device][cluster]), slot < end else {
            return nil
        }
        cursors[device][cluster] = slot + 1
        return slot
    }

    public func released(slot: SwapSlot) {
        used[slot.device][slot.index / size] -= 1
    }

    /// Clusters opened wholly free and opened while partly used.
    public func statistics() -> [String: Double] {
        ["freshClusters": Double(freshClusters), "fragmentedClusters": Double(fragmentedClusters)]
    }

    /// Each cluster's use count matches the slots used in it.
    public func checkInvariants(space: SwapSpace) throws(VMError) {
        for device in used.indices {
            let slots = space.devices[device].slots
            for cluster in used[device].indices {
                let range = (cluster * size)..<min((cluster + 1) * size, slots.count)
                let inUse = range.isEmpty ? 0 : range.count { !slots.isFree($0) }
                guard inUse == used[device][cluster] else {
                    throw .contractViolation(
                        "cluster: device \(device) cluster \(cluster) counts \(used[device][cluster]) used, has \(inUse)"
                    )
                }
            }
        }
    }
}

/// Registers `cluster`.
public enum ClusterSwapPlacementModule {
    public static let entries: [SwapPlacementEntry] = [
        SwapPlacementEntry(
            info: PolicyInfo(
                name: "cluster", kind: .swap,
                summary:
                    "fill one cluster of contiguous slots at a time, each with its own cursor; free clusters first",
                parameters: [
                    PolicyParameter(
                        name: "size", type: .integer, defaultValue: "256",
                        summary: "slots per cluster (Linux SWAPFILE_CLUSTER)")
                ],
                module: "ClusterSwapPlacement",
                source: "Linux mm/swapfile.c swap clusters (cluster_alloc_swap_entry, since 4.8)")
        ) { context throws(VMError) in
            let size = context.arguments.integer("size")
            try context.arguments.require(size >= 1 && size <= 1 << 20, "size", "in 1...1048576")
            return ClusterSwapPlacement(size: size)
        }
    ]
}
