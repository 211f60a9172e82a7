import VMCore

/// One trace format's decoder behind ``TraceReader``.
protocol AccessDecoder: AnyObject {
    /// Fills up to `accesses.count` accesses and returns how many; 0 only at the end of the trace. Fills
    /// `nextUse[i]` too when it is given and the format carries next-use times.
    func read(
        into accesses: UnsafeMutableBufferPointer<Access>,
        nextUse: UnsafeMutableBufferPointer<Int>?
    ) throws(TraceError) -> Int
}

/// Serves accesses parsed up front (the inline page list).
final class ArrayDecoder: AccessDecoder {
    private let accesses: [Access]
    @exclusivity(unchecked) private var next = 0

    init(_ accesses: [Access]) {
        self.accesses = accesses
    }

    func read(
        into accesses: UnsafeMutableBufferPointer<Access>,
        nextUse: UnsafeMutableBufferPointer<Int>?
    ) throws(TraceError) -> Int {
        let count = min(accesses.count, self.accesses.count - next)
        for index in 0..<count {
            accesses[index] = self.accesses[next + index]
        }
        next += count
        return count
    }
}
