/// How far the swap device's head would move: the distance between consecutive slot writes, and between
/// consecutive slot reads, on the same device. Sequential I/O (distance 1) is what swap clustering aims for.
public struct SwapLocality: Sendable, Hashable, Codable {
    /// Locality of one direction of swap I/O.
    public struct Stream: Sendable, Hashable, Codable {
        /// Operations counted.
        public var operations = 0
        /// Operations that followed one on the same device (the ones a distance is measured for).
        public var measured = 0
        /// Operations that went to the slot right after the previous one on the same device.
        public var sequential = 0
        /// Sum of |slot − previous slot| over measured operations.
        public var totalDistance = 0
        /// Operations that went to a different device than the previous one.
        public var deviceSwitches = 0

        var lastDevice = -1
        var lastSlot = 0

        public init() {}

        /// Mean distance between consecutive operations on the same device.
        public var meanDistance: Double { measured == 0 ? 0 : Double(totalDistance) / Double(measured) }
        /// Fraction of measured operations that were sequential.
        public var sequentialFraction: Double { measured == 0 ? 0 : Double(sequential) / Double(measured) }

        mutating func record(_ slot: SwapSlot) {
            operations += 1
            if slot.device == lastDevice {
                measured += 1
                let distance = abs(slot.index - lastSlot)
                totalDistance += distance
                if slot.index == lastSlot + 1 { sequential += 1 }
            } else if lastDevice >= 0 {
                deviceSwitches += 1
            }
            lastDevice = slot.device
            lastSlot = slot.index
        }

        enum CodingKeys: String, CodingKey {
            case operations, measured, sequential, totalDistance, deviceSwitches
        }

        /// Equal when the counts are; where the last operation went is bookkeeping, not part of the result.
        public static func == (a: Stream, b: Stream) -> Bool {
            a.operations == b.operations && a.measured == b.measured && a.sequential == b.sequential
                && a.totalDistance == b.totalDistance && a.deviceSwitches == b.deviceSwitches
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(operations)
            hasher.combine(measured)
            hasher.combine(sequential)
            hasher.combine(totalDistance)
            hasher.combine(deviceSwitches)
        }
    }

    /// Swap-outs.
    public var writes = Stream()
    /// Swap-ins.
    public var reads = Stream()

    public init() {}
}
