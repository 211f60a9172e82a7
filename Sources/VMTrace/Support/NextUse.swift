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
    var table = DenseIDTable<ProcessPage>()
    defer { table.deallocate() }
    var lastSeen: [Int] = []
    return [Int](unsafeUninitializedCapacity: count) { result, initializedCount in
        var position = count
        while position > 0 {
            position -= 1
            let access = accesses[position]
            // At most 2^32 - 1 distinct pages can be numbered: beyond that a stream would need 64 GiB of table.
            guard let page = table.id(for: ProcessPage(pid: access.pid, page: access.address >> shift)) else {
                fatalError("computeNextUse: more than 2^32 - 1 distinct pages")
            }
            let index = Int(page)
            if index == lastSeen.count {
                lastSeen.append(Int.max)
            }
            result.initializeElement(at: position, to: lastSeen[index])
            lastSeen[index] = position
        }
        initializedCount = count
    }
}

/// Next-use positions for `accesses`, as the `UnsafeBufferPointer` variant computes them.
public func computeNextUse(_ accesses: [Access], pageShift: Int) -> [Int] {
    accesses.withUnsafeBufferPointer { computeNextUse($0, pageShift: pageShift) }
}
