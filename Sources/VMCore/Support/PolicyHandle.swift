/// A replacement policy reached without reference counting: an unretained reference to a box whose `let` holds
/// the policy. Calling through an existential loaded from an array or a buffer retains and releases the policy
/// object at every call; through a handle, the box is guaranteed alive by its owner and the policy, a `let` of
/// the box, needs no retain either.
///
/// Whoever makes a handle keeps its ``PolicyHandle/Box`` alive (``PolicyHandle/box``) for as long as the handle
/// is used.
struct PolicyHandle {
    final class Box {
        let policy: any ReplacementPolicy
        init(_ policy: any ReplacementPolicy) { self.policy = policy }
    }

    private let reference: Unmanaged<Box>

    /// A handle to `box`, which the caller keeps alive.
    init(_ box: Box) { reference = Unmanaged.passUnretained(box) }

    /// Runs `body` with the policy, borrowed.
    @inline(__always)
    func with<Result>(_ body: (any ReplacementPolicy) -> Result) -> Result {
        reference._withUnsafeGuaranteedRef { body($0.policy) }
    }
}
