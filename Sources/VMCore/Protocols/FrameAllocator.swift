/// Chooses which free physical frame a faulting page gets.
///
/// ## Contract
/// The machine owns the truth about which frames are free (``PhysicalMemory``); the allocator chooses among them
/// and may keep its own structures (free lists, buddy orders, cursors), kept in step through the notifications.
///
/// - ``allocate(for:in:)`` is called only while at least one frame is free. It returns a frame that is free in
///   `memory`, or nil when the allocator will not give one (the process is over its budget). The machine marks it used and then calls nothing else;
///   returning a used frame is a contract violation that stops the run.
/// - ``released(frame:)`` is called after a frame became free again (eviction or a killed process).
///
/// When no frame is free, or after a nil from `allocate`, the machine evicts a page (``ReplacementPolicy/evict(for:)``), releases its frame,
/// and asks again; a second nil with a free frame available is a contract violation.
/// `allocate` runs once per fault, `released` once per eviction: neither is on the hit path.
public protocol FrameAllocator: AnyObject {
    /// A free frame for the page `reference` faulted on, or nil.
    func allocate(for reference: PageReference, in memory: PhysicalMemory) -> Int?

    /// `frame` became free.
    func released(frame: Int)

    /// Checks the allocator's own structures against `memory` (tests call it after every step). Default: nothing.
    func checkInvariants(memory: PhysicalMemory) throws(VMError)
}

extension FrameAllocator {
    public func released(frame: Int) {}
    public func checkInvariants(memory: PhysicalMemory) throws(VMError) {}
}

/// The physical frames of a machine and which are free; read-only to allocators.
public final class PhysicalMemory {
    /// Number of frames.
    public let frameCount: Int
    /// Free frames.
    public let free: FreeMap

    public init(frameCount: Int) {
        self.frameCount = frameCount
        self.free = FreeMap(count: frameCount)
    }

    /// Number of free frames.
    public var freeCount: Int { free.freeCount }
}
