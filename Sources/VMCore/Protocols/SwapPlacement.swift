/// Chooses where on which swap device an evicted page is written.
///
/// ## Contract
/// The machine owns the devices and which slots are used (``SwapSpace``); the placement policy chooses a free
/// slot and may keep its own state (cursors, clusters).
///
/// - ``place(for:in:)`` is called when a page must be written out (it is dirty, or has no valid swap copy). It
///   returns a slot that is free in `space` (an unbounded device's slots past its end count as free), or nil when
///   no device has room; the machine then applies its out-of-memory rule. Returning a used slot is a contract
///   violation that stops the run.
/// - ``released(slot:)`` is called after a slot became free: its page was written to while resident (the copy is
///   stale), or its process was killed.
///
/// A slot is freed only through the machine; a page keeps its slot while its copy stays valid (a swapped-in page
/// that is only read can be dropped again without I/O).
public protocol SwapPlacement: AnyObject {
    /// A free slot for the page being evicted (`reference` describes that page's last known reference), or nil.
    func place(for reference: PageReference, in space: SwapSpace) -> SwapSlot?

    /// `slot` became free.
    func released(slot: SwapSlot)

    /// Checks the placement's own structures against `space` (tests call it after every step). Default: nothing.
    func checkInvariants(space: SwapSpace) throws(VMError)
}

extension SwapPlacement {
    public func released(slot: SwapSlot) {}
    public func checkInvariants(space: SwapSpace) throws(VMError) {}
}
