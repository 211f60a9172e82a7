public import VMCore

/// Spatial sampling of pages by hash, as SHARDS and miniature simulation use it (Waldspurger, Park, Garthwaite &
/// Ahmad, "Efficient MRC construction with SHARDS", FAST 2015; Waldspurger, Saemundsson, Ahmad & Park, "Cache
/// modeling and optimization using miniature simulations", USENIX ATC 2017).
///
/// A page `(pid, page)` is sampled when a seeded 64-bit hash of it falls below `rate · 2^64`: every reference to a
/// sampled page is kept and every reference to any other page dropped, so the sampled stream is the reference
/// string of a random subset of about `rate` of the pages, with their order and reuse intact. The decision depends
/// only on the page, the rate and the seed: the same on every machine, in every pass, and nested (a page sampled
/// at a rate is sampled at every larger rate with the same seed). O(1) per reference, no memory.
public struct SpatialSampler: Sendable, Hashable {
    /// The fraction of pages kept, in (0, 1].
    public let rate: Double
    public let seed: UInt64
    /// Pages whose hash is below this are kept (`UInt64.max` keeps every page).
    let threshold: UInt64
    let key: UInt64

    /// A sampler keeping about `rate` of the pages (`0 < rate ≤ 1`; 1 keeps every page).
    public init(rate: Double, seed: UInt64 = 0) {
        precondition(rate > 0 && rate <= 1, "sampling rate \(rate) outside (0, 1]")
        self.rate = rate
        self.seed = seed
        threshold = rate >= 1 ? .max : UInt64(rate * 0x1p64)
        key = mix64(seed ^ 0x5348_4152_4453)
    }

    /// Whether every page is kept.
    public var keepsEveryPage: Bool { threshold == .max }

    /// Whether page `page` (a page number, not an address) of process `pid` is sampled.
    @inline(__always)
    public func samples(pid: UInt32, page: UInt64) -> Bool {
        keepsEveryPage || mix64(ProcessPage(pid: pid, page: page).mixedHash ^ key) < threshold
    }

    /// Copies the sampled accesses of `accesses` (pages of `1 << pageShift` bytes), in order, to the start of
    /// `output` (at least as long as `accesses`) and returns how many there were.
    public func filter(
        _ accesses: UnsafeBufferPointer<Access>, pageShift: Int, into output: UnsafeMutableBufferPointer<Access>
    ) -> Int {
        precondition(output.count >= accesses.count)
        let shift = UInt64(pageShift)
        var kept = 0
        for access in accesses where samples(pid: access.pid, page: access.address >> shift) {
            output[kept] = access
            kept += 1
        }
        return kept
    }
}
