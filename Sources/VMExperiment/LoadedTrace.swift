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

    public init(name: String, accesses: [Access], nextUse: [Int]?, pageShift: Int) {
        self.name = name
        self.accesses = accesses
        self.nextUse = nextUse
        self.pageShift = pageShift
    }

    /// Reads `source` to the end. With `withNextUse`, next-use times come from the trace when it carries them,
    /// else from one backward pass.
    public static func load(_ source: WorkloadSource, pageShift: Int, withNextUse: Bool) throws(TraceError)
        -> LoadedTrace
    {
        let reader = try source.openReader(pageShift: pageShift)
        let takesNextUse = withNextUse && reader.carriesNextUse
        var accesses: [Access] = []
        var nextUse: [Int] = []
        let batch = 1 << 16
        let accessBuffer = UnsafeMutableBufferPointer<Access>.allocate(capacity: batch)
        let nextUseBuffer = UnsafeMutableBufferPointer<Int>.allocate(capacity: batch)
        defer {
            accessBuffer.deallocate()
            nextUseBuffer.deallocate()
        }
        while true {
            let count = try reader.read(into: accessBuffer, nextUse: takesNextUse ? nextUseBuffer : nil)
            if count == 0 { break }
            accesses.append(contentsOf: accessBuffer[0..<count])
            if takesNextUse { nextUse.append(contentsOf: nextUseBuffer[0..<count]) }
        }
        let finalNextUse: [Int]?
        if !withNextUse {
            finalNextUse = nil
        } else if takesNextUse {
            finalNextUse = nextUse
        } else {
            finalNextUse = computeNextUse(accesses, pageShift: pageShift)
        }
        return LoadedTrace(name: source.name, accesses: accesses, nextUse: finalNextUse, pageShift: pageShift)
    }
}
