// Policies added with `vmlab new-policy` (see Sources/VMCore/VMCore.docc/WritingAPolicy.md). The command inserts
// one import, in sorted order, below the imports anchor, and one `+ <Module>Module.entries` line at the end of the
// list of the policy's kind (below its anchor). Editing by hand is fine; keep the anchor comments and the `[]`.
// vmlab new-policy: imports
import VMCore

extension PolicyCatalogue {
    /// Replacement policies added with `vmlab new-policy`.
    static let addedReplacement: [ReplacementPolicyEntry] =
        // vmlab new-policy: replacement entries
        []

    /// Frame allocators added with `vmlab new-policy`.
    static let addedAllocation: [FrameAllocatorEntry] =
        // vmlab new-policy: allocation entries
        []

    /// Swap placements added with `vmlab new-policy`.
    static let addedSwap: [SwapPlacementEntry] =
        // vmlab new-policy: swap entries
        []
}
