public import VMCore

/// Linux's two-list page reclaim before the multi-generational LRU (Linux 5.x): an inactive and an active list,
/// each newest-first, and a per-page referenced flag (`PG_referenced`).
///
/// - **Fault**: the page joins the inactive list's head; its first access marks it referenced.
/// - **Hit** (`mark_page_accessed`, mm/swap.c): an inactive page already referenced is activated — moved to the
///   active list's head with the flag cleared; otherwise the flag is set. Hits never reorder a list.
/// - **Balancing** (`inactive_is_low` and `shrink_active_list`, mm/vmscan.c): before each reclaim, while the active
///   list is longer than the inactive one (ratio 1, as for memories under 1 GB), the page at the active tail is
///   deactivated to the inactive head, keeping its referenced flag (`shrink_active_list` clears only the PTE young
///   bits), so a page still marked referenced returns to the active list on its next hit.
/// - **Reclaim** (`shrink_page_list`/`page_check_references`, mm/vmscan.c): scan from the inactive tail; a
///   referenced page has its flag cleared and rotates to the inactive head (a second chance); the first
///   unreferenced page is evicted.
///
/// Reduction: one LRU per memory (no anon/file split, no swappiness, no per-node or per-cgroup lists), the PTE
/// accessed bit and `PG_referenced` folded into one flag, no executable-page protection, no batching (pagevecs).
///
/// Linux kernel 5.x, `mm/swap.c` (`mark_page_accessed`, `lru_cache_add`) and `mm/vmscan.c` (`shrink_active_list`,
/// `shrink_page_list`, `inactive_is_low`); see also M. Gorman, *Understanding the Linux Virtual Memory Manager*,
/// Prentice Hall 2004, ch. 10.
///
/// Complexity: insert, access and remove O(1); evict O(1) amortised (each page is deactivated or rotated at most
/// once per set flag), O(n) worst case.
///
/// Growable (``GrowableReplacementPolicy``): decisions never depend on frame numbers, so under local scope an
/// instance stores only its process's frames; growing is O(capacity), amortised O(1) per frame.
///
/// Order (``residentOrder()``): the inactive list from its tail, then the active list from its tail (the order
/// balancing moves pages to the inactive list), `r=1` on referenced pages; reclaim takes the first inactive page
/// without `r=1`.
public final class Linux2List: GrowableReplacementPolicy {
    /// Head = most recently added.
    @exclusivity(unchecked) private var inactive: FrameList
    @exclusivity(unchecked) private var active: FrameList
    @exclusivity(unchecked) private var referenced: UnsafeMutablePointer<Bool>

    public init(frames: Int) {
        inactive = FrameList(capacity: frames)
        active = FrameList(capacity: frames)
        referenced = .allocate(capacity: max(1, frames))
        referenced.initialize(repeating: false, count: max(1, frames))
    }

    deinit { referenced.deallocate() }

    /// Pages on the active and inactive lists.
    public var sizes: (active: Int, inactive: Int) { (active.count, inactive.count) }

    /// Whether the page in `frame` is marked referenced.
    public func isReferenced(_ frame: Int) -> Bool { referenced[frame] }

    public func inserted(frame: Int, reference: PageReference) {
        inactive.pushFront(frame)
        referenced[frame] = true
    }

    public func accessed(frame: Int, reference: PageReference) {
        if referenced[frame] && inactive.contains(frame) {
            inactive.remove(frame)
            active.pushFront(frame)
            referenced[frame] = false
        } else {
            referenced[frame] = true
        }
    }

    public func evict(for reference: PageReference) -> Int {
        while active.count > inactive.count {
            inactive.pushFront(active.popBack()!)
        }
        while true {
            let tail = inactive.tail!
            if !referenced[tail] {
                inactive.remove(tail)
                return tail
            }
            referenced[tail] = false
            inactive.moveToFront(tail)
        }
    }

    public var frameCapacity: Int { inactive.capacity }

    public func growFrames(to capacity: Int) {
        referenced = FrameBuffer.grow(referenced, from: max(1, inactive.capacity), to: capacity, filling: false)
        inactive.grow(to: capacity)
        active.grow(to: capacity)
    }

    public func removed(frame: Int) {
        if active.contains(frame) { active.remove(frame) } else { inactive.remove(frame) }
        referenced[frame] = false
    }

    /// Both lists from their tails, inactive first, `r=1` on referenced pages. O(n), allocating.
    public func residentOrder() -> ResidentOrder? {
        func entries(_ frames: [Int]) -> [ResidentOrder.Entry] {
            frames.map { ResidentOrder.Entry(frame: $0, note: referenced[$0] ? "r=1" : nil) }
        }
        return ResidentOrder(
            groups: [
                ResidentOrder.Group(name: "inactive", entries: entries(inactive.frames(reversed: true))),
                ResidentOrder.Group(name: "active", entries: entries(active.frames(reversed: true))),
            ], meaning: "from each list's tail, inactive first")
    }

    public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
        try inactive.checkInvariants(name: "linux inactive list", isValid: { isResident($0) && !active.contains($0) })
        try active.checkInvariants(name: "linux active list", isValid: isResident)
        guard active.count + inactive.count == residentCount else {
            throw .contractViolation(
                "linux-2list tracks \(active.count + inactive.count) frames, \(residentCount) are resident")
        }
    }
}

/// Registers `linux-2list`.
public enum Linux2ListPolicyModule {
    public static let entries: [ReplacementPolicyEntry] = [
        ReplacementPolicyEntry(
            info: PolicyInfo(
                name: "linux-2list", kind: .replacement,
                summary: "Linux 5.x active/inactive lists: second access activates, inactive tail gets a second chance",
                module: "Linux2ListPolicy",
                source: "Linux 5.x mm/swap.c (mark_page_accessed), mm/vmscan.c (shrink_active_list, shrink_page_list)")
        ) { context throws(VMError) in Linux2List(frames: context.frames) }
    ]
}
