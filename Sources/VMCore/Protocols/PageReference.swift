/// What a policy learns about one reference: when it happened, to which page of which process, and (for
/// policies that declare ``ReplacementPolicy/needsFuture``) when the same page is referenced next.
@frozen
public struct PageReference: Sendable, Hashable {
    /// Position of this access in the run, from 0 (every access counts, hits and faults alike).
    public var time: Int
    /// Position of the next access to the same page of the same process, or `Int.max` when there is none.
    /// Only meaningful when the policy declared ``ReplacementPolicy/needsFuture``; otherwise `Int.max`.
    public var nextUse: Int
    /// Virtual page number.
    public var page: UInt64
    /// Dense index of the process (0 for the first process the machine saw), not its pid.
    public var process: Int
    /// What the access did.
    public var kind: AccessKind

    @inlinable
    public init(time: Int, nextUse: Int = .max, page: UInt64, process: Int = 0, kind: AccessKind = .read) {
        self.time = time
        self.nextUse = nextUse
        self.page = page
        self.process = process
        self.kind = kind
    }
}
