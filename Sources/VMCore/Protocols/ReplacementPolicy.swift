/// Chooses which resident page leaves RAM when a page must come in and no frame is free.
///
/// ## Contract
/// A replacement policy sees resident pages only as *frames* (`0 ..< PolicyContext.frames`). The machine tells it
/// about every event on the frames in its scope, in this order and no other:
///
/// - ``inserted(frame:reference:)`` when a page has just been mapped into a frame after a fault. This insertion *is*
///   the faulting reference: ``accessed(frame:reference:)`` is not also called for it.
/// - ``accessed(frame:reference:)`` on every later reference to a resident page (a hit), reads and writes alike.
/// - ``evict(for:)`` when a page must come in and no frame is free. It is called only while at least one page is
///   resident in the policy's scope. The policy picks one of its resident frames, forgets it, and returns it; the
///   machine then writes the page out if needed and frees the frame. **Event order:** on a fault with RAM full the
///   victim is evicted *before* the new page is inserted, so the incoming page is never its own victim.
/// - ``removed(frame:)`` when a page leaves for another reason (its process was killed). The policy forgets it.
///
/// A frame is never inserted twice without an eviction or removal between; the policy must never return a frame
/// that is not resident in its scope (the machine checks and stops with ``VMError/contractViolation(_:)``).
///
/// **Scope.** With global replacement one instance sees every frame; with local replacement the machine makes one
/// instance per process and each sees only that process's frames (frame numbers stay global). Under local
/// replacement ``evict(for:)`` may be called on behalf of *another* process's fault (that process is under its
/// budget and RAM is full): the reference then belongs to the other process, and no ``inserted(frame:reference:)``
/// follows in this instance. A policy that prepares state in `evict` for the insertion that follows must check, in
/// `inserted`, that it is the same fault (same ``PageReference/time``), and otherwise start afresh.
///
/// **Speed.** These methods run once per access. They must not allocate, and should keep their state in buffers
/// they own (`UnsafeMutablePointer`), not in arrays stored on the class. Each policy's doc comment states the
/// complexity of each method and its source.
///
/// **Determinism.** A policy that draws random numbers takes a seed parameter and uses ``SplitMix64`` (or its
/// own documented generator): the same seed gives the same evictions on every machine.
public protocol ReplacementPolicy: AnyObject {
    /// Whether the policy needs ``PageReference/nextUse`` (Belady's OPT and relatives). The runner then computes
    /// next-use times (a pre-pass over the trace, or the trace's own next-access field).
    var needsFuture: Bool { get }

    /// A page was mapped into `frame` by the fault of `reference`.
    func inserted(frame: Int, reference: PageReference)

    /// The page in `frame` was referenced again (a hit).
    func accessed(frame: Int, reference: PageReference)

    /// Chooses a resident frame to free for the page that `reference` faulted on, forgets it, and returns it.
    func evict(for reference: PageReference) -> Int

    /// The page in `frame` left RAM without being chosen by ``evict(for:)``; forget it.
    func removed(frame: Int)

    /// Checks the policy's internal structures: every frame it tracks is resident (`isResident`), it tracks exactly
    /// `residentCount` frames, and its own bookkeeping is consistent. Called after every step when the machine's
    /// invariant checks are on (tests); never in benchmarks.
    func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError)

    /// The resident frames in the policy's own order, with what it keeps about each (see ``ResidentOrder`` for
    /// the convention), or nil when the policy keeps no order worth showing: explanations then list frames in
    /// ascending order. Called only to explain a run (`--steps`, frame tables), never on the access path; it may
    /// allocate. It must not change any state: a run with explanations makes the same decisions as one without.
    func residentOrder() -> ResidentOrder?
}

extension ReplacementPolicy {
    public var needsFuture: Bool { false }

    /// No order of its own: explanations list resident frames in ascending order.
    public func residentOrder() -> ResidentOrder? { nil }
}

/// A replacement policy whose storage can start with a few frames and grow, without changing any decision.
///
/// Conforming declares two things: the policy's decisions depend only on the order of the events it is told —
/// never on the frame numbers themselves, nor on ``PolicyContext/frames`` beyond sizing storage — and
/// ``growFrames(to:)`` makes room for more frame numbers keeping all state. An instance made for a few frames and
/// grown then behaves exactly like one made for the whole machine.
///
/// Local replacement relies on it: each process's instance sees its frames renumbered densely (`0 ..< held`) and
/// starts small, so P processes cost storage for the frames they hold, not P × frames. A policy that does not
/// conform gets, under local scope, one instance per faulting process sized by the machine's frame count.
public protocol GrowableReplacementPolicy: ReplacementPolicy {
    /// Frame numbers the instance accepts: `0 ..< frameCapacity`.
    var frameCapacity: Int { get }

    /// Accepts frame numbers `0 ..< capacity` from now on (`capacity > frameCapacity`), keeping every decision the
    /// same. O(frameCapacity) at most; called rarely (the capacity doubles).
    func growFrames(to capacity: Int)
}
