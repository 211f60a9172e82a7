public import VMCore

/// Several processes, each drawing its pages from its own Zipf(α) law, interleaved round robin in turns of
/// `quantum` accesses: the multi-process workload of `vmlab generate zipf-mix` and of the full-machine benchmark.
///
/// Contract:
/// - Process `i` (0-based) has pid `i + 1` and its own ``ZipfGenerator`` over `pages` pages, seeded from `seed`
///   and `i`; its rank `k` is page `k - 1` (page 0 the most popular), as ``SyntheticWorkload/zipf(pages:alpha:)``.
/// - Turns go pid 1, 2, …, `processes`, then 1 again; each turn is `quantum` accesses of one process.
/// - Each access is a write with probability `writeFraction` (one shared seeded stream), else a read.
/// - Deterministic: the same parameters give the same accesses on every machine. Memory: O(processes) (one
///   generator each, 64 bytes); time: O(1) per access. It is an infinite `Sequence`: use `prefix(_:)`.
public struct ZipfProcessMix: Sendable, Sequence, IteratorProtocol {
    public let processes: Int
    public let pages: Int
    public let alpha: Double
    public let quantum: Int
    public let pageShift: Int

    private var generators: [ZipfGenerator]
    private var writes: SplitMix64
    private let writeThreshold: UInt64
    private var turn = 0
    private var leftInTurn: Int

    /// - Precondition: `processes`, `pages` and `quantum` at least 1; `alpha` finite and at least 0; `pid`s fit in
    ///   32 bits.
    public init(
        processes: Int, pages: Int, alpha: Double, quantum: Int = 1, writeFraction: Double = 0, seed: UInt64,
        pageShift: Int = 12
    ) {
        precondition(processes >= 1 && processes < Int(UInt32.max), "ZipfProcessMix needs 1 to 2^32 - 2 processes")
        precondition(quantum >= 1, "ZipfProcessMix needs a quantum of at least 1")
        self.processes = processes
        self.pages = pages
        self.alpha = alpha
        self.quantum = quantum
        self.pageShift = pageShift
        generators = (0..<processes).map { index in
            ZipfGenerator(objects: pages, alpha: alpha, seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        }
        writes = SplitMix64(seed: seed ^ 0x0057_5249_5445)
        writeThreshold = UInt64((Swift.min(Swift.max(writeFraction, 0), 1) * 0x1p53).rounded())
        leftInTurn = quantum
    }

    /// The next access (never nil).
    public mutating func next() -> Access? {
        if leftInTurn == 0 {
            turn = turn + 1 == processes ? 0 : turn + 1
            leftInTurn = quantum
        }
        leftInTurn -= 1
        let page = UInt64(generators[turn].nextRank() - 1)
        let isWrite = writeThreshold > 0 && (writes.next() >> 11) < writeThreshold
        return Access(pid: UInt32(turn + 1), page: page, kind: isWrite ? .write : .read, pageShift: pageShift)
    }
}
