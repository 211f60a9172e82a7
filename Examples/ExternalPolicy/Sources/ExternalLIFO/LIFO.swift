public import VMCore

/// Last in, first out: evict the page that was brought in most recently, whatever was referenced since.
///
/// A classic textbook rule, kept here as the smallest complete example of a policy that lives outside VMLab. It
/// orders pages by the time they were loaded, a priority that does not change while a page stays resident, so it
/// is a stack algorithm in the sense of R. L. Mattson, J. Gecsei, D. R. Slutz & I. L. Traiger, "Evaluation
/// techniques for storage hierarchies", IBM Systems Journal 9(2), 1970: with n + 1 frames memory always holds what
/// it holds with n (plus one page), so it never shows Belady's anomaly, unlike FIFO. Its weakness is as plain:
/// once memory is full, the pages loaded first stay for good and every later fault evicts the page loaded just
/// before it. On Belady's string (1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5) it faults 12, 10, 8, 7, 5, 5 times with 1 to 6
/// frames (FIFO: 12, 12, 9, 10, 5, 5).
///
/// Under the machine's event order (evict first, then insert) the victim is the page of the previous fault.
///
/// Complexity: insert, access, evict and remove are O(1): an intrusive list over frames, newest first. Hits cost
/// nothing (``accessed(frame:reference:)`` does no work).
///
/// Growable (``GrowableReplacementPolicy``): decisions never depend on frame numbers, so under local scope an
/// instance stores only its process's frames.
public final class LIFO: GrowableReplacementPolicy {
    private var loads: FrameList

    /// A policy for frames `0 ..< frames`.
    public init(frames: Int) { loads = FrameList(capacity: frames) }

    /// Puts the frame at the front: it is the next victim.
    public func inserted(frame: Int, reference: PageReference) { loads.pushFront(frame) }

    /// Nothing: a hit does not change the order of loading.
    public func accessed(frame: Int, reference: PageReference) {}

    /// The frame loaded last.
    public func evict(for reference: PageReference) -> Int { loads.popFront()! }

    /// Frame numbers this instance accepts: `0 ..< frameCapacity`.
    public var frameCapacity: Int { loads.capacity }

    /// Accepts frames `0 ..< capacity` from now on.
    public func growFrames(to capacity: Int) { loads.grow(to: capacity) }

    /// Forgets a frame the machine freed.
    public func removed(frame: Int) { loads.remove(frame) }

    /// The resident frames, loaded last first (the next victim first). O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        ResidentOrder(frames: loads.frames(), meaning: "loaded last first")
    }

    /// Checks that the list holds exactly the resident frames.
    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try loads.checkInvariants(name: "lifo list", isValid: isResident)
        guard loads.count == residentCount else {
            throw .contractViolation("lifo tracks \(loads.count) frames, \(residentCount) are resident")
        }
    }
}

/// Registers `lifo`: pass ``entries`` to `VMLabCLI.main(registering: [.replacement(ExternalLIFOModule.entries)])`.
public enum ExternalLIFOModule {
    /// The policy as the registry lists it.
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "lifo", kind: .replacement,
                summary: "last in, first out: evict the page loaded most recently (a stack algorithm)",
                module: "ExternalLIFO",
                source: "textbook; stack algorithms: Mattson et al., IBM Systems Journal 1970")
        ) { context throws(VMError) in LIFO(frames: context.frames) }
    ]
}
