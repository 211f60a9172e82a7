/// Something the machine did to a page other than the one referenced: what explanations need beyond the counters
/// (`vmlab simulate --steps`, step-through captions). Recorded only while ``Machine/recordsEvents`` is on.
public enum MachineEvent: Sendable, Hashable {
    /// Where an evicted page went.
    public enum Destination: Sendable, Hashable {
        /// Clean, with a valid copy already in this slot: dropped without I/O.
        case dropped(keptIn: SwapSlot)
        /// Written out to this slot (a swap-out).
        case written(to: SwapSlot)
        /// No slot was free: the out-of-memory rule killed its owner, and the page is lost.
        case lost
    }

    /// The page `page` of process index `process` left `frame` during access `time` (1-based).
    case evicted(time: Int, process: Int, page: UInt64, frame: Int, destination: Destination)
    /// The out-of-memory rule killed process index `process` during access `time` (1-based).
    case killed(time: Int, process: Int)
}
