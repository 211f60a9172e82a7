import Testing
import VMCore
import VMExperiment
import VMTrace

@testable import VMRunner

/// The report's one-pass workload profile against the definitions computed naively.
struct WorkloadProfileTests {
    /// W(t, τ) by definition: the distinct (pid, page) pairs among the τ accesses ending at t.
    static func naiveWorkingSet(_ accesses: [Access], end: Int, window: Int) -> Int {
        let start = max(0, end - window)
        return Set(accesses[start..<end].map { "\($0.pid):\($0.address >> 12)" }).count
    }

    @Test("Working-set sizes, distinct pages and LRU's histogram equal their definitions", arguments: [1, 3, 500])
    func matchesDefinitions(length: Int) throws {
        var state: UInt64 = 99
        let accesses = (0..<(length * 37)).map { index -> Access in
            state = state &* 6_364_136_223_846_793_005 &+ 1
            let pid = UInt32(state >> 60 & 1) + 1
            let page = index % 97 < 60 ? (state >> 33) % 25 : (state >> 33) % 400
            return Access(pid: pid, page: page, pageShift: 12)
        }
        let trace = try SharedTrace.build(name: "w", accesses: accesses, pageShift: 12, withNextUse: false)
        let profile = try WorkloadProfile(trace: trace, samples: 40, withLRU: true)
        #expect(profile.distinctPages == Set(accesses.map { "\($0.pid):\($0.address >> 12)" }).count)
        #expect(profile.workingSet.last?.time == accesses.count)
        for point in profile.workingSet {
            for (index, window) in profile.windows.enumerated() {
                #expect(point.sizes[index] == Self.naiveWorkingSet(accesses, end: point.time, window: window))
            }
        }
        let exact = accesses.withUnsafeBufferPointer { StackDistanceHistogram.exact($0, pageShift: 12) }
        #expect(profile.lruHistogram == exact)
    }
}
