public import VMCore

extension PolicyCatalogue {
    /// Which published implementation each built-in replacement policy matches, or why not. Each `matches` row is
    /// backed by the golden test it names; `vmlab policies` shows the rows and `--compat FAMILY` applies their
    /// parameters.
    static let parity: [String: [PolicyParity]] = [
        "fifo-reinsertion": [
            libCacheSim("Clock (n-bit-counter=1)", evidence: "FIFOReinsertionTests.goldenLibCacheSim")
        ],
        "lfu": [libCacheSim("LFU", evidence: "LFUTests.goldenLibCacheSim")],
        "arc": [libCacheSim("ARC", evidence: "ARCTests.goldenLibCacheSim")],
        "2q": [
            libCacheSim(
                "TwoQ", note: "from 4 frames; below, libCacheSim caches nothing",
                evidence: "TwoQTests.goldenLibCacheSim")
        ],
        "s3-fifo": [
            libCacheSim(
                "S3FIFO", parameters: "threshold=2",
                note: "from 20 frames, where libCacheSim starts caching; threshold=2 is libCacheSim's default "
                    + "move-to-main threshold, VMLab's default 1 is the paper's",
                evidence: "S3FIFOTests.goldenLibCacheSim")
        ],
        "sieve": [libCacheSim("Sieve", evidence: "SIEVETests.goldenLibCacheSim")],
        "lru-k": [libCacheSim("LRU_K", note: "k=2", evidence: "LRUKTests.goldenLibCacheSim")],
        "lirs": [
            PolicyParity(
                family: "libcachesim", implementation: "libCacheSim 0.3.5 LIRS", status: .differs,
                note: "agrees on the Belady string only: libCacheSim demotes an LIR page on a hit to a resident HIR "
                    + "page outside the stack, which the paper does not do; VMLab follows the paper",
                evidence: "LIRSTests.golden")
        ],
        "clock-pro": [
            PolicyParity(
                family: "libcachesim", implementation: "libCacheSim 0.3.5 ClockPro", status: .differs,
                note: "libCacheSim's counts are not a usable reference: 7 misses on the Belady string at 6 frames with "
                    + "5 distinct pages, and a repeated page always misses at 1 frame; VMLab follows the paper, "
                    + "m_c starting at m as pyclockpro and go-clockpro do",
                evidence: "ClockProTests")
        ],
        "clock": [
            PolicyParity(
                family: "libcachesim", implementation: "libCacheSim 0.3.5 Clock", status: .differs,
                note: "clock sets the reference bit on load (textbook); libCacheSim's Clock clears it, which is "
                    + "fifo-reinsertion",
                evidence: "FIFOReinsertionTests.goldenLibCacheSim")
        ],
        "car": [
            PolicyParity(
                family: "libcachesim", implementation: "libCacheSim 0.3.5 CAR", status: .unchecked,
                note: "its Python binding does not expose CAR; checked against a model of the paper's pseudocode",
                evidence: "CARTests")
        ],
        "fifo": [ostep("FIFO")],
        "lru": [ostep("LRU")],
        "mru": [ostep("MRU")],
        "unopt": [ostep("UNOPT")],
        "opt": [ostep("OPT", parameters: "ties=last-loaded")],
        "ostep-rand": [ostep("RAND", note: "-s S is seed=S")],
        "ostep-clock": [ostep("CLOCK", note: "-s S -b B is seed=S,bits=B")],
    ]

    private static func libCacheSim(
        _ name: String, parameters: String = "", note: String = "", evidence: String
    ) -> PolicyParity {
        PolicyParity(
            family: "libcachesim", implementation: "libCacheSim 0.3.5 \(name)", status: .matches,
            parameters: parameters, note: note.isEmpty ? "every size" : note, evidence: evidence)
    }

    private static func ostep(_ name: String, parameters: String = "", note: String = "") -> PolicyParity {
        PolicyParity(
            family: "ostep", implementation: "OSTEP paging-policy.py -p \(name)", status: .matches,
            parameters: parameters, note: note.isEmpty ? "hit for hit, -c output byte for byte" : note,
            evidence: "OSTEPTranscriptTests (420 runs of the script)")
    }

    /// `entry` with its row of ``parity``.
    static func withParity(_ entry: ReplacementPolicyEntry) -> ReplacementPolicyEntry {
        var entry = entry
        entry.info.parity = parity[entry.info.name] ?? entry.info.parity
        return entry
    }
}
