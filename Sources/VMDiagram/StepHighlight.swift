public import VMCore

/// What a step-through snapshot highlights: the rows the access touched and the rows its evictions moved, with the
/// edges between them.
///
/// Targets name pages, frames and slots, not rows: the graph finds the row that covers each (a run of pages when
/// rows are runs) and the edge that leaves it. A target with no row in the graph is ignored.
public struct StepHighlight: Sendable, Hashable {
    /// Something a highlight points at.
    public enum Target: Sendable, Hashable {
        /// A virtual page of a process.
        case page(pid: UInt32, page: UInt64)
        /// A frame of RAM.
        case frame(Int)
        /// A slot of a swap device (by device index).
        case slot(device: Int, index: Int)
        /// The kernel's direct-map row of a frame.
        case kernel(frame: Int)
    }

    /// The page the access referenced, the frame that holds it, and the slot a major fault read it from.
    public var touched: [Target]
    /// Every page the access evicted, and the slot it went to.
    public var victims: [Target]

    public init(touched: [Target], victims: [Target]) {
        self.touched = touched
        self.victims = victims
    }

    /// The targets of one explained access.
    public init(record: StepRecord) {
        var touched: [Target] = []
        if record.pid == Access.kernelPID {
            if let frame = record.frame { touched += [.kernel(frame: frame), .frame(frame)] }
        } else {
            touched.append(.page(pid: record.pid, page: record.page))
            if let frame = record.frame { touched.append(.frame(frame)) }
            if let slot = record.swappedInFrom { touched.append(.slot(device: slot.device, index: slot.index)) }
        }
        var victims: [Target] = []
        for eviction in record.evictions {
            victims.append(.page(pid: eviction.pid, page: eviction.page))
            switch eviction.destination {
            case .written(let slot), .dropped(let slot): victims.append(.slot(device: slot.device, index: slot.index))
            case .lost: break
            }
        }
        self.init(touched: touched, victims: victims)
    }
}

/// How a highlighted row or edge is drawn, and what the legend says about it.
public enum HighlightRole: String, Sendable, Hashable, CaseIterable {
    /// The page the access referenced, its frame, and the edge between them.
    case touched
    /// A page the access evicted, the slot it went to, and the edge between them.
    case victim
}
