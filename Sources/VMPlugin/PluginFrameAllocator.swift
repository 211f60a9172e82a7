internal import CVMPlugin
public import VMCore

/// A frame allocator implemented by a plugin: one C state, driven through the plugin's `vmlab_allocator_ops`.
///
/// ``allocate(for:in:)`` builds a `vmlab_frame_map` on the stack that points at the machine's own free-frame bitmap
/// (``FreeMap/unsafeFreeBits``): nothing is copied or allocated per call. The machine checks every answer (a frame
/// that is not free, out of range, or a refusal while frames are free stops the run with a contract violation);
/// the adapter counts the frames it handed out and got back, so that ``checkInvariants(memory:)`` can check that
/// every used frame came from the allocator.
public final class PluginFrameAllocator: FrameAllocator {
    /// The registered name, for messages.
    public let name: String
    private let state: UnsafeMutableRawPointer
    private let functions: PluginAllocatorFunctions
    private let frameCount: Int
    /// Frames handed out (and accepted: free and in range) minus frames released.
    @exclusivity(unchecked) private var outstanding = 0

    init(name: String, state: UnsafeMutableRawPointer, functions: PluginAllocatorFunctions, frames: Int) {
        self.name = name
        self.state = state
        self.functions = functions
        self.frameCount = frames
    }

    deinit { functions.destroy(state) }

    /// Asks the plugin's `allocate`, showing it the machine's free-frame bitmap; `VMLAB_NO_FRAME` becomes nil.
    public func allocate(for reference: PageReference, in memory: PhysicalMemory) -> Int? {
        var value = vmlab_reference(reference)
        let free = memory.free
        var map = vmlab_frame_map(
            free_bits: free.unsafeFreeBits, frame_count: UInt32(truncatingIfNeeded: memory.frameCount),
            free_count: UInt32(truncatingIfNeeded: free.freeCount))
        let answer = functions.allocate(state, &value, &map)
        if answer == VMLAB_NO_FRAME { return nil }
        let frame = Int(answer)
        // The machine refuses anything else with a contract violation; only an accepted frame is counted.
        if frame >= 0, frame < memory.frameCount, free.isFree(frame) { outstanding += 1 }
        return frame
    }

    /// Tells the plugin's `released` (when it has one).
    public func released(frame: Int) {
        outstanding -= 1
        functions.released?(state, Int32(truncatingIfNeeded: frame))
    }

    /// Checks what the host can see of a C allocator: it serves the machine it was created for, and every used
    /// frame is one it handed out and has not been given back.
    public func checkInvariants(memory: PhysicalMemory) throws(VMError) {
        guard memory.frameCount == frameCount else {
            throw .contractViolation(
                "plugin frame allocator \(name) was created for \(frameCount) frames; the machine has "
                    + "\(memory.frameCount)")
        }
        let used = memory.frameCount - memory.freeCount
        guard outstanding == used else {
            throw .contractViolation(
                "plugin frame allocator \(name) handed out \(outstanding) frames not yet released; \(used) are used")
        }
    }
}

/// The functions of one registered `vmlab_allocator_ops`, checked (`released` may be NULL).
struct PluginAllocatorFunctions: @unchecked Sendable {
    typealias Destroy = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias Allocate =
        @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<vmlab_reference>?, UnsafePointer<vmlab_frame_map>?)
        -> Int32
    typealias Release = @convention(c) (UnsafeMutableRawPointer?, Int32) -> Void

    let destroy: Destroy
    let allocate: Allocate
    let released: Release?
}
