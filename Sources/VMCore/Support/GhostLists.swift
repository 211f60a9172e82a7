/// Ghost lists: pages recently evicted from frames, remembered by (process, page) and ordered newest first, in
/// buffers it owns. The directory of ARC (B1, B2), CAR (B1, B2), 2Q (A1out), S3-FIFO (G) and LIRS (non-resident
/// HIR pages, in the order they left RAM).
///
/// It also records which page each frame holds (``record(frame:reference:)`` when a page is inserted), so that a
/// policy evicting a frame says only ``remember(frame:in:)`` or ``enqueue(frame:in:)``. Ghosts live in a
/// ``PageGhostTable`` of ``capacity`` slots, ordered by one or two ``FrameList``s over those slots (``List/first``
/// and ``List/second``); each ghost is in exactly one list, and the lists share the table's capacity.
///
/// **Capacity policy.** ``remember(frame:in:)`` needs room (the caller keeps the bound, as ARC and CAR do);
/// ``enqueue(frame:in:)`` is a bounded FIFO: when the table is full it first drops the oldest ghost of the same
/// list, and with capacity 0 it remembers nothing (2Q's A1out and S3-FIFO's G).
///
/// All buffers are allocated once in `init`; nothing allocates afterwards. The value is move-only, like
/// ``FrameList``.
///
/// Complexity: every operation is O(1) (expected, for the table's lookups).
public struct GhostLists: ~Copyable {
    /// Which of the (at most two) lists a ghost is in.
    public enum List: Sendable, Equatable {
        case first
        case second
    }

    @usableFromInline var table: PageGhostTable
    /// Ghost slots, newest first.
    @usableFromInline var firstList: FrameList
    @usableFromInline var secondList: FrameList
    /// The page and process each frame holds, as last recorded.
    @usableFromInline let framePages: UnsafeMutablePointer<UInt64>
    @usableFromInline let frameProcesses: UnsafeMutablePointer<Int>
    /// Whether ``List/second`` may be used.
    public let hasSecondList: Bool

    /// Ghost lists for the pages of frames `0 ..< frames`, holding at most `capacity` ghosts in all, with one list
    /// (`lists` = 1) or two (`lists` = 2).
    public init(frames: Int, capacity: Int, lists: Int = 1) {
        precondition(lists == 1 || lists == 2, "ghost lists come one or two to a table")
        table = PageGhostTable(capacity: capacity)
        firstList = FrameList(capacity: capacity)
        secondList = FrameList(capacity: lists == 2 ? capacity : 0)
        hasSecondList = lists == 2
        let size = max(1, frames)
        framePages = .allocate(capacity: size)
        framePages.initialize(repeating: 0, count: size)
        frameProcesses = .allocate(capacity: size)
        frameProcesses.initialize(repeating: 0, count: size)
    }

    deinit {
        framePages.deallocate()
        frameProcesses.deallocate()
    }

    /// Most ghosts held, over both lists.
    @inlinable public var capacity: Int { table.capacity }

    /// Ghosts held, over both lists.
    @inlinable public var count: Int { table.count }

    /// Whether ``count`` has reached ``capacity``.
    @inlinable public var isFull: Bool { table.isFull }

    /// Ghosts in `list`.
    @inlinable public func count(_ list: List) -> Int { list == .first ? firstList.count : secondList.count }

    /// Whether `list` holds no ghost.
    @inlinable public func isEmpty(_ list: List) -> Bool { list == .first ? firstList.isEmpty : secondList.isEmpty }

    /// Notes that `frame` now holds the page of `reference`. O(1).
    @inlinable
    public func record(frame: Int, reference: PageReference) {
        framePages[frame] = reference.page
        frameProcesses[frame] = reference.process
    }

    /// The slot of the ghost of `reference`'s page, or nil when it is not remembered.
    @inlinable public func slot(of reference: PageReference) -> Int? { table.slot(of: reference) }

    /// Whether the page of `reference` is remembered in either list.
    @inlinable public func contains(_ reference: PageReference) -> Bool { table.slot(of: reference) != nil }

    /// Whether `slot` holds a ghost.
    @inlinable public func contains(slot: Int) -> Bool { table.isOccupied(slot) }

    /// The list that holds the ghost in `slot` (occupied).
    @inlinable public func list(of slot: Int) -> List { firstList.contains(slot) ? .first : .second }

    /// The slot of the oldest ghost of `list`, or nil when it is empty.
    @inlinable public func oldest(_ list: List) -> Int? { list == .first ? firstList.tail : secondList.tail }

    /// Makes the page that `frame` holds the newest ghost of `list` and returns its slot. The table must not be
    /// full and the page must not be remembered already.
    @inlinable
    @discardableResult
    public mutating func remember(frame: Int, in list: List = .first) -> Int {
        let slot = table.insert(page: framePages[frame], process: frameProcesses[frame])
        if list == .first {
            firstList.pushFront(slot)
        } else {
            precondition(hasSecondList, "these ghost lists have no second list")
            secondList.pushFront(slot)
        }
        return slot
    }

    /// A bounded FIFO of ghosts: makes the page that `frame` holds the newest ghost of `list`, first dropping the
    /// oldest ghost of `list` when the table is full (`list` must then not be empty); with capacity 0, does nothing.
    @inlinable
    public mutating func enqueue(frame: Int, in list: List = .first) {
        guard table.capacity > 0 else { return }
        if table.isFull { dropOldest(list) }
        remember(frame: frame, in: list)
    }

    /// Forgets the ghost in `slot` (occupied), whichever list holds it.
    @inlinable
    public mutating func forget(slot: Int) {
        if firstList.contains(slot) { firstList.remove(slot) } else { secondList.remove(slot) }
        table.remove(slot: slot)
    }

    /// Forgets the ghost of `reference`'s page if it is remembered; returns whether it was.
    @inlinable
    public mutating func forget(_ reference: PageReference) -> Bool {
        guard let slot = table.slot(of: reference) else { return false }
        forget(slot: slot)
        return true
    }

    /// Forgets the oldest ghost of `list` (not empty).
    @inlinable
    public mutating func dropOldest(_ list: List) {
        let slot = list == .first ? firstList.popBack()! : secondList.popBack()!
        table.remove(slot: slot)
    }

    /// Checks both lists' links, that every listed slot is occupied and in one list only, the table's own
    /// invariants, and that the lists hold exactly the table's ghosts.
    public func checkInvariants(name: String) throws(VMError) {
        try firstList.checkInvariants(
            name: "\(name) first list", isValid: { table.isOccupied($0) && !(hasSecondList && secondList.contains($0)) }
        )
        try secondList.checkInvariants(name: "\(name) second list", isValid: { table.isOccupied($0) })
        try table.checkInvariants(name: "\(name) table")
        guard firstList.count + secondList.count == table.count else {
            throw .contractViolation(
                "\(name): \(firstList.count) + \(secondList.count) ghosts listed, \(table.count) in the table")
        }
    }
}
