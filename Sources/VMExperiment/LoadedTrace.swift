public import VMCore
public import VMTrace

/// A trace decoded into memory once and shared, read-only, by many runs (a `compare` sweep, OPT's pre-pass).
///
/// Costs 16 bytes per access, plus 8 per access for next-use times when loaded with them.
public final class LoadedTrace: Sendable {
    public let name: String
    public let accesses: [Access]
    /// Next-use time of each access (`Int.max` when the page is not referenced again), when loaded with them.
    public let nextUse: [Int]?
    /// Page size the addresses were decoded for.
    public let pageShift: Int
    /// The format the trace was read as (sniffed when it was asked for as `auto`), when known.
    public let format: TraceFormat?

    public init(name: String, accesses: [Access], nextUse: [Int]?, pageShift: Int, format: TraceFormat? = nil) {
        self.name = name
        self.accesses = accesses
        self.nextUse = nextUse
        self.pageShift = pageShift
        self.format = format
    }

    /// Bytes one access takes in memory, with and without next-use times.
    public static func bytesPerAccess(withNextUse: Bool) -> UInt64 {
        UInt64(MemoryLayout<Access>.stride + (withNextUse ? MemoryLayout<Int>.stride : 0))
    }

    /// Reads `source` to the end, or to its first `limit` accesses (reading stops there: the rest of the input is
    /// never decoded). With `withNextUse`, next-use times come from the trace when it carries them, else from one
    /// backward pass (over the accesses read).
    ///
    /// The memory it takes is checked against ``MemoryBudget/current`` as it grows: a trace too long to hold is
    /// an error that says how far it got, not an exhausted machine.
    public static func load(_ source: WorkloadSource, pageShift: Int, withNextUse: Bool, limit: Int? = nil)
        throws(TraceError) -> LoadedTrace
    {
        let reader = try source.openReader(pageShift: pageShift)
        let takesNextUse = withNextUse && reader.carriesNextUse
        let budget = MemoryBudget.current
        let perAccess = bytesPerAccess(withNextUse: withNextUse)
        var accesses: [Access] = []
        var nextUse: [Int] = []
        let batch = 1 << 16
        let accessBuffer = UnsafeMutableBufferPointer<Access>.allocate(capacity: batch)
        let nextUseBuffer = UnsafeMutableBufferPointer<Int>.allocate(capacity: batch)
        defer {
            accessBuffer.deallocate()
            nextUseBuffer.deallocate()
        }
        while limit.map({ accesses.count < $0 }) ?? true {
            let wanted = min(batch, (limit ?? Int.max) - accesses.count)
            let count = try reader.read(
                into: UnsafeMutableBufferPointer(rebasing: accessBuffer[0..<wanted]),
                nextUse: takesNextUse ? UnsafeMutableBufferPointer(rebasing: nextUseBuffer[0..<wanted]) : nil)
            if count == 0 { break }
            accesses.append(contentsOf: accessBuffer[0..<count])
            if takesNextUse { nextUse.append(contentsOf: nextUseBuffer[0..<count]) }
            if !budget.holds(accesses.count, of: perAccess) {
                throw .overBudget(
                    reader, "holding the trace in memory", budget: budget, after: "\(accesses.count) accesses",
                    bytesEach: perAccess, advice: "give a limit, a shorter trace or a larger --max-memory")
            }
        }
        let finalNextUse: [Int]?
        if !withNextUse {
            finalNextUse = nil
        } else if takesNextUse {
            finalNextUse = nextUse
        } else {
            finalNextUse = computeNextUse(accesses, pageShift: pageShift)
        }
        return LoadedTrace(
            name: source.name, accesses: accesses, nextUse: finalNextUse, pageShift: pageShift, format: reader.format)
    }
}
