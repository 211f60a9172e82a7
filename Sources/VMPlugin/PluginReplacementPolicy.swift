internal import CVMPlugin
public import VMCore

/// A replacement policy implemented by a plugin: one C state, driven through the plugin's function table.
///
/// Each method builds a `vmlab_reference` on the stack and makes one indirect call; nothing is allocated per
/// access. Besides the plugin's own state, the adapter keeps one byte per frame recording which frames the plugin
/// was told about and has not given back, so that ``checkInvariants(residentCount:isResident:)`` can check a C
/// policy as strictly as a Swift one (the machine's invariant checks call it after every step in tests).
public final class PluginReplacementPolicy: ReplacementPolicy {
    public let needsFuture: Bool
    /// The registered name, for messages.
    public let name: String
    private let state: UnsafeMutableRawPointer
    private let functions: PluginFunctions
    private let frameCount: Int
    /// `tracked[frame]`: the plugin was told about `frame` (inserted) and has not returned it (evict, removed).
    private let tracked: UnsafeMutablePointer<Bool>
    @exclusivity(unchecked) private var trackedCount = 0

    init(name: String, state: UnsafeMutableRawPointer, functions: PluginFunctions, frames: Int, needsFuture: Bool) {
        self.name = name
        self.state = state
        self.functions = functions
        self.frameCount = frames
        self.needsFuture = needsFuture
        tracked = .allocate(capacity: max(frames, 1))
        tracked.initialize(repeating: false, count: max(frames, 1))
    }

    deinit {
        functions.destroy(state)
        tracked.deallocate()
    }

    @inline(__always)
    private func track(_ frame: Int, _ value: Bool) {
        guard frame >= 0, frame < frameCount, tracked[frame] != value else { return }
        tracked[frame] = value
        trackedCount &+= value ? 1 : -1
    }

    public func inserted(frame: Int, reference: PageReference) {
        var value = vmlab_reference(reference)
        functions.inserted(state, Int32(truncatingIfNeeded: frame), &value)
        track(frame, true)
    }

    public func accessed(frame: Int, reference: PageReference) {
        var value = vmlab_reference(reference)
        functions.accessed(state, Int32(truncatingIfNeeded: frame), &value)
    }

    public func evict(for reference: PageReference) -> Int {
        var value = vmlab_reference(reference)
        let frame = Int(functions.evict(state, &value))
        track(frame, false)
        return frame
    }

    public func removed(frame: Int) {
        functions.removed(state, Int32(truncatingIfNeeded: frame))
        track(frame, false)
    }

    /// Checks what the host can see of a C policy: every frame it was told about and has not returned is resident,
    /// and their number is the number of resident frames in its scope.
    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        for frame in 0..<frameCount where tracked[frame] && !isResident(frame) {
            throw .contractViolation("plugin policy \(name) still holds frame \(frame), which is not resident")
        }
        guard trackedCount == residentCount else {
            throw .contractViolation(
                "plugin policy \(name) holds \(trackedCount) frames, \(residentCount) are resident in its scope")
        }
    }
}

/// The event functions of one registered replacement policy (either ABI version), checked to be non-null.
struct PluginFunctions: @unchecked Sendable {
    typealias Destroy = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias Touch = @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<vmlab_reference>?) -> Void
    typealias Evict = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<vmlab_reference>?) -> Int32
    typealias Remove = @convention(c) (UnsafeMutableRawPointer?, Int32) -> Void

    let destroy: Destroy
    let inserted: Touch
    let accessed: Touch
    let evict: Evict
    let removed: Remove

    /// The functions, or a refusal naming the first missing one.
    init(
        _ description: PluginDescription, destroy: Destroy?, inserted: Touch?, accessed: Touch?, evict: Evict?,
        removed: Remove?
    ) throws(RegistrationSession.RegistrationRefusal) {
        guard let destroy else { throw description.missing("destroy") }
        guard let inserted else { throw description.missing("inserted") }
        guard let accessed else { throw description.missing("accessed") }
        guard let evict else { throw description.missing("evict") }
        guard let removed else { throw description.missing("removed") }
        self.destroy = destroy
        self.inserted = inserted
        self.accessed = accessed
        self.evict = evict
        self.removed = removed
    }
}
