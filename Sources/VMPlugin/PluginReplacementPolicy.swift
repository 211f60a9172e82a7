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
    private var trackedCount = 0

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
    private static func cReference(_ reference: PageReference) -> vmlab_reference {
        vmlab_reference(
            time: Int64(truncatingIfNeeded: reference.time), next_use: Int64(truncatingIfNeeded: reference.nextUse),
            page: reference.page, process: Int32(truncatingIfNeeded: reference.process),
            kind: UInt32(reference.kind.rawValue))
    }

    @inline(__always)
    private func track(_ frame: Int, _ value: Bool) {
        guard frame >= 0, frame < frameCount, tracked[frame] != value else { return }
        tracked[frame] = value
        trackedCount &+= value ? 1 : -1
    }

    public func inserted(frame: Int, reference: PageReference) {
        var value = Self.cReference(reference)
        functions.inserted(state, Int32(truncatingIfNeeded: frame), &value)
        track(frame, true)
    }

    public func accessed(frame: Int, reference: PageReference) {
        var value = Self.cReference(reference)
        functions.accessed(state, Int32(truncatingIfNeeded: frame), &value)
    }

    public func evict(for reference: PageReference) -> Int {
        var value = Self.cReference(reference)
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

/// The function pointers of one registered `vmlab_replacement_ops`, checked to be non-null.
struct PluginFunctions: @unchecked Sendable {
    typealias Create = @convention(c) (UInt32, UnsafePointer<vmlab_arguments>?) -> UnsafeMutableRawPointer?
    typealias Destroy = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias Touch = @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<vmlab_reference>?) -> Void
    typealias Evict = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<vmlab_reference>?) -> Int32
    typealias Remove = @convention(c) (UnsafeMutableRawPointer?, Int32) -> Void

    let create: Create
    let destroy: Destroy
    let inserted: Touch
    let accessed: Touch
    let evict: Evict
    let removed: Remove

    /// The functions of `ops`, or the name of the first missing one.
    static func from(_ ops: vmlab_replacement_ops) -> Result<PluginFunctions, MissingFunction> {
        guard let create = ops.create else { return .failure(MissingFunction(field: "create")) }
        guard let destroy = ops.destroy else { return .failure(MissingFunction(field: "destroy")) }
        guard let inserted = ops.inserted else { return .failure(MissingFunction(field: "inserted")) }
        guard let accessed = ops.accessed else { return .failure(MissingFunction(field: "accessed")) }
        guard let evict = ops.evict else { return .failure(MissingFunction(field: "evict")) }
        guard let removed = ops.removed else { return .failure(MissingFunction(field: "removed")) }
        return .success(
            PluginFunctions(
                create: create, destroy: destroy, inserted: inserted, accessed: accessed, evict: evict,
                removed: removed))
    }

    struct MissingFunction: Error {
        let field: String
    }
}
