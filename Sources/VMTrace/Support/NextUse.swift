public import VMCore

/// Next-use positions for a reference stream, for OPT on formats that do not carry them.
///
/// Contract: `result[i]` is the smallest `j > i` whose access touches the same `(pid, address >> pageShift)` as
/// access `i`, or `Int.max` when there is none. Kind and mode are ignored. One backward pass with a dense
/// renumbering table: O(n) time, memory for the result plus one slot per distinct page.
public func computeNextUse(_ accesses: UnsafeBufferPointer<Access>, pageShift: Int) -> [Int] {
    precondition((0...63).contains(pageShift), "pageShift must be between 0 and 63")
    let count = accesses.count
    guard count > 0 else { return [] }
    let shift = UInt64(pageShift)
    let tracker = NextUseTracker()
    return [Int](unsafeUninitializedCapacity: count) { result, initializedCount in
        var position = count
        while position > 0 {
            position -= 1
            let access = accesses[position]
            // At most 2^32 - 1 distinct pages can be numbered: beyond that a stream would need 64 GiB of table.
            guard let next = tracker.nextUse(pid: access.pid, page: access.address >> shift, at: position) else {
                fatalError("computeNextUse: more than 2^32 - 1 distinct pages")
            }
            result.initializeElement(at: position, to: next)
        }
        initializedCount = count
    }
}

/// Next-use positions for `accesses`, as the `UnsafeBufferPointer` variant computes them.
public func computeNextUse(_ accesses: [Access], pageShift: Int) -> [Int] {
    accesses.withUnsafeBufferPointer { computeNextUse($0, pageShift: pageShift) }
}

/// Next-use positions computed walking a trace backwards one access at a time, for traces too long to hold: what
/// a spilled ``computeNextUse(_:pageShift:)`` is made of. Memory: one table slot and one position per distinct
/// `(pid, page)`, whatever the trace length.
///
/// Contract: call ``nextUse(pid:page:at:)`` for positions in strictly decreasing order; each call returns the
/// position of the previous call for the same page (the next use in trace order), or `Int.max` for its first.
public final class NextUseTracker {
    private let numbering = PageNumbering()
    @exclusivity(unchecked) private var lastSeen: [Int] = []

    public init() {}

    /// Distinct pages seen so far.
    public var distinctPages: Int { numbering.count }

    /// The next use after `position` of page `page` of process `pid`, recording `position` as that page's use.
    /// Returns nil only past 2^32 - 1 distinct pages.
    @inline(__always)
    public func nextUse(pid: UInt32, page: UInt64, at position: Int) -> Int? {
        guard let index = numbering.id(pid: pid, page: page) else { return nil }
        if index == lastSeen.count {
            lastSeen.append(position)
            return Int.max
        }
        let next = lastSeen[index]
        lastSeen[index] = position
        return next
    }
}

/// Numbers `(pid, page)` pairs densely in order of first appearance (0, 1, 2, …): per-page state in a plain array,
/// in memory proportional to the distinct pages. Open addressing; O(1) expected per lookup.
public final class PageNumbering {
    @exclusivity(unchecked) private var table = DenseIDTable<ProcessPage>()

    public init() {}

    deinit { table.deallocate() }

    /// Pages numbered so far.
    public var count: Int { table.count }

    /// The number of page `page` of process `pid`, the next one when it is new; nil past 2^32 - 1 pages.
    @inline(__always)
    public func id(pid: UInt32, page: UInt64) -> Int? {
        table.id(for: ProcessPage(pid: pid, page: page)).map { Int($0) }
    }
}
