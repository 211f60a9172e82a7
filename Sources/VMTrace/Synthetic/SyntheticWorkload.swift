public import VMCore

/// Seeded synthetic reference patterns, the classic shapes of locality that textbooks and papers use to explain
/// replacement policies. Each generates a reproducible list of accesses: the same parameters and seed give the
/// same accesses on every machine (``SplitMix64``, ``ZipfGenerator``).
public indirect enum SyntheticWorkload: Sendable, Hashable {
    /// Pages `0, 1, 2, …` once each, wrapping after `pages` (a streaming scan: no reuse below `pages` frames).
    case sequential(pages: Int)
    /// Pages `0 ..< pages` over and over: LRU's and FIFO's worst case when memory holds fewer than `pages`.
    case loop(pages: Int)
    /// Every reference uniform over `0 ..< pages`.
    case uniform(pages: Int)
    /// Zipf(α) popularity over `pages` pages: rank k is page k − 1 (page 0 the most popular).
    case zipf(pages: Int, alpha: Double)
    /// A hot set of `hotFraction · pages` pages receives `hotProbability` of the references; the rest go to the cold
    /// pages (uniform within each set).
    case hotCold(pages: Int, hotFraction: Double, hotProbability: Double)
    /// Shifting locality (Denning's phase model): `phases` phases of `phaseLength` references each; each phase
    /// references a working set of `workingSet` pages uniformly, drawn at random from `pages` pages.
    case phases(pages: Int, workingSet: Int, phaseLength: Int)
    /// Several processes, each running its own pattern in its own address space, interleaved in turns of
    /// `quantum` references (round robin, pids 1, 2, …).
    case mix([SyntheticWorkload], quantum: Int)

    /// A short name for tables (`zipf(1000,a=0.9)`).
    public var name: String {
        switch self {
        case .sequential(let pages): "sequential(\(pages))"
        case .loop(let pages): "loop(\(pages))"
        case .uniform(let pages): "uniform(\(pages))"
        case .zipf(let pages, let alpha): "zipf(\(pages),a=\(alpha))"
        case .hotCold(let pages, let fraction, let probability): "hot-cold(\(pages),\(fraction),\(probability))"
        case .phases(let pages, let set, let length): "phases(\(pages),ws=\(set),len=\(length))"
        case .mix(let parts, let quantum): "mix(\(parts.map(\.name).joined(separator: "+")),q=\(quantum))"
        }
    }

    /// Checks the parameters; the message names the pattern and what was expected.
    public func validate() throws(VMError) {
        func require(_ condition: Bool, _ message: String) throws(VMError) {
            guard condition else { throw .invalidConfiguration("\(name): \(message)") }
        }
        switch self {
        case .sequential(let pages), .loop(let pages), .uniform(let pages):
            try require(pages >= 1, "pages must be at least 1")
        case .zipf(let pages, let alpha):
            try require(pages >= 1, "pages must be at least 1")
            try require(alpha >= 0 && alpha.isFinite, "alpha must be a finite number ≥ 0")
        case .hotCold(let pages, let fraction, let probability):
            try require(pages >= 2, "pages must be at least 2")
            try require(fraction > 0 && fraction < 1, "hot fraction must lie strictly between 0 and 1")
            try require(probability >= 0 && probability <= 1, "hot probability must lie in 0...1")
        case .phases(let pages, let set, let length):
            try require(pages >= 1 && set >= 1 && set <= pages, "need 1 ≤ working set ≤ pages")
            try require(length >= 1, "phase length must be at least 1")
        case .mix(let parts, let quantum):
            try require(!parts.isEmpty, "a mix needs at least one process")
            try require(quantum >= 1, "quantum must be at least 1")
            for part in parts { try part.validate() }
        }
    }

    /// `count` accesses of process `pid`; each is a write with probability `writeFraction`.
    public func accesses(
        count: Int, seed: UInt64, writeFraction: Double = 0, pageShift: Int = 12, pid: UInt32 = 1
    ) -> [Access] {
        var result: [Access] = []
        result.reserveCapacity(count)
        if case .mix(let parts, let quantum) = self {
            // Round robin in quanta: each part supplies at most ceil(count / (quantum × parts)) quanta. Streams are
            // prefix-stable, so generating only that much gives the same accesses as generating `count` each
            // (which would take parts × count accesses of memory).
            let round = quantum.multipliedReportingOverflow(by: parts.count)
            let partCount =
                round.overflow ? count : min(count, ((count - 1) / round.partialValue + 1) * quantum)
            var streams = parts.enumerated().map { index, part in
                part.accesses(
                    count: partCount, seed: seed &+ UInt64(index) &* 0x9E37_79B9, writeFraction: writeFraction,
                    pageShift: pageShift, pid: UInt32(index + 1))[...]
            }
            var turn = 0
            while result.count < count {
                let take = min(quantum, count - result.count)
                result.append(contentsOf: streams[turn].prefix(take))
                streams[turn] = streams[turn].dropFirst(take)
                turn = (turn + 1) % streams.count
            }
            return result
        }
        var random = SplitMix64(seed: seed)
        var writes = SplitMix64(seed: seed ^ 0x0057_5249_5445)
        let threshold = UInt64((min(max(writeFraction, 0), 1) * 0x1p53).rounded())
        var pages = PageStream(self, seed: seed)
        for _ in 0..<count {
            let page = pages.next(&random)
            let isWrite = threshold > 0 && (writes.next() >> 11) < threshold
            result.append(Access(pid: pid, page: page, kind: isWrite ? .write : .read, pageShift: pageShift))
        }
        return result
    }
}

/// The page sequence of one non-mixed pattern.
private struct PageStream {
    let pattern: SyntheticWorkload
    var position = 0
    var zipf: ZipfGenerator?
    var phaseSet: [UInt64] = []

    init(_ pattern: SyntheticWorkload, seed: UInt64) {
        self.pattern = pattern
        if case .zipf(let pages, let alpha) = pattern {
            zipf = ZipfGenerator(objects: pages, alpha: alpha, seed: seed)
        }
    }

    mutating func next(_ random: inout SplitMix64) -> UInt64 {
        defer { position += 1 }
        switch pattern {
        case .sequential(let pages), .loop(let pages):
            return UInt64(position % pages)
        case .uniform(let pages):
            return UInt64(random.next(below: pages))
        case .zipf(let pages, _):
            // Ranks 1...pages become pages 0 ..< pages; the rank order is kept (page 0 most popular).
            _ = pages
            return UInt64(zipf!.nextRank() - 1)
        case .hotCold(let pages, let fraction, let probability):
            let hot = max(1, min(pages - 1, Int((Double(pages) * fraction).rounded())))
            let draw = Double(random.next() >> 11) * 0x1p-53
            return draw < probability
                ? UInt64(random.next(below: hot)) : UInt64(hot + random.next(below: pages - hot))
        case .phases(let pages, let set, let length):
            if position % length == 0 {
                // A new phase: a fresh working set of `set` distinct pages (partial Fisher–Yates on the fly).
                var chosen = Set<UInt64>()
                phaseSet.removeAll(keepingCapacity: true)
                while phaseSet.count < set {
                    let page = UInt64(random.next(below: pages))
                    if chosen.insert(page).inserted { phaseSet.append(page) }
                }
            }
            return phaseSet[random.next(below: set)]
        case .mix:
            preconditionFailure("a mix is generated by interleaving its parts")
        }
    }
}
