public import VMCore

/// Reference strings and sweeps that the per-policy golden tests share, so that each test states only its policy
/// and its expected numbers.
extension Workbench {
    /// The 60 references of OSTEP's `paging-policy.py -n 60 -m 10 -s 5` (the script's own generated addresses),
    /// passed back to the script with `-a` for its golden numbers.
    public static let ostepString: [UInt64] = [
        6, 7, 7, 9, 7, 9, 0, 4, 9, 6, 9, 1, 4, 2, 5, 5, 0, 2, 2, 9, 7, 1, 7, 1, 6, 1, 0, 8, 2, 2,
        9, 8, 2, 9, 5, 6, 2, 9, 6, 9, 8, 2, 3, 1, 1, 0, 3, 6, 0, 6, 3, 3, 8, 4, 3, 4, 7, 0, 9, 0,
    ]

    /// A reference by `time` and `page` (process 0, a read, no next use): for driving a policy by hand.
    public static func reference(_ time: Int, _ page: UInt64) -> PageReference {
        PageReference(time: time, page: page)
    }

    /// Faults (minor plus major) of `policy` on `pages` at each frame count of `frameCounts`, in order.
    public static func faults(
        _ policy: String, pages: [UInt64], frameCounts: some Sequence<Int>, checks: Bool = true
    ) throws -> [Int] {
        try frameCounts.map { try faults(policy, pages: pages, frames: $0, checks: checks) }
    }

    /// "H" or "M" per reference of `pages` (reads), as OSTEP's `paging-policy.py` prints HIT / MISS.
    public static func hitsAndMisses(_ policy: String, pages: [UInt64], frames: Int) throws -> String {
        let machine = try machine(policy: policy, frames: frames)
        var result = ""
        for page in pages {
            let before = machine.totals.hits
            try machine.step(Access(page: page, kind: .read, pageShift: machine.layout.pageShift))
            result += machine.totals.hits > before ? "H" : "M"
        }
        return result
    }

    /// Fault counts of one policy on the three strings the research policies' golden tests share.
    public struct GoldenCurves: Sendable {
        /// The Belady string at 1 ... 6 frames.
        public var belady: [Int]
        /// 2000 references over 60 pages (seed 7) at each size; run without invariant checks, for speed.
        public var first: [Int]
        /// 400 references over 21 pages (seed 14) at each size, invariants checked.
        public var second: [Int]
    }

    /// The frame counts of ``researchCurves(_:sizes:)`` by default.
    public static let researchSizes = [1, 2, 3, 4, 5, 8, 13, 20, 40]

    /// Faults of `policy` on the Belady string at 1 ... 6 frames, and on the two seeded strings (see
    /// ``GoldenCurves``) at each of `sizes`: the sweep that libCacheSim's numbers were taken on.
    public static func researchCurves(_ policy: String, sizes: [Int] = researchSizes) throws -> GoldenCurves {
        let first = randomPages(count: 2000, distinct: 60, seed: 7)
        let second = randomPages(count: 400, distinct: 21, seed: 14)
        return GoldenCurves(
            belady: try faults(policy, pages: beladyString, frameCounts: 1...6),
            first: try faults(policy, pages: first, frameCounts: sizes, checks: false),
            second: try faults(policy, pages: second, frameCounts: sizes))
    }
}
