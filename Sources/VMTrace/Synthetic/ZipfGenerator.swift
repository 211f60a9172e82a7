import VMCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Draws objects whose popularity follows a Zipf law: rank `k` in `1...objects` has probability proportional to
/// `1 / k^alpha`.
///
/// Contract:
/// - Exact sampling by rejection-inversion (Hörmann & Derflinger, "Rejection-inversion to generate variates from
///   monotone discrete distributions", 1996): O(1) memory and time per sample for any `objects` and any
///   `alpha >= 0` (including 1), about 1.1 uniform draws per sample.
/// - Deterministic: the same `(objects, alpha, seed)` gives the same sequence on every machine. Randomness comes
///   from ``SplitMix64`` seeded with `seed`.
/// - ``objectID(rank:)`` maps ranks to ids with a seeded bijection on 64-bit integers (xor with a seed-derived key,
///   then an invertible xor-shift-multiply mix), so distinct ranks give distinct ids and the popular objects are
///   not simply 0, 1, 2, …
/// - It is an infinite `Sequence` of object ids: use `prefix(_:)` to take a trace.
public struct ZipfGenerator: Sendable, Sequence, IteratorProtocol {
    /// The number of distinct objects (ranks `1...objects`).
    public let objects: Int
    /// The exponent: 0 is uniform, 1 the classic Zipf law, larger values more skewed.
    public let alpha: Double

    private var random: SplitMix64
    private let idKey: UInt64
    /// `H(1.5) - h(1)`: the lower end of the sampling interval.
    private let lowerIntegral: Double
    /// `H(objects + 0.5)`: the upper end of the sampling interval.
    private let upperIntegral: Double
    /// Accept at once when `k - x` is at most this (the squeeze of the paper).
    private let squeeze: Double

    /// A generator over `objects` (at least 1) objects with exponent `alpha` (finite, at least 0).
    public init(objects: Int, alpha: Double, seed: UInt64) {
        precondition(objects >= 1, "ZipfGenerator needs at least one object")
        precondition(alpha >= 0 && alpha.isFinite, "ZipfGenerator needs a finite alpha >= 0")
        self.objects = objects
        self.alpha = alpha
        random = SplitMix64(seed: seed)
        var keyGenerator = SplitMix64(seed: seed ^ 0x5A17_F00D_1D5E_ED00)
        idKey = keyGenerator.next()
        let exponent = 1 - alpha
        lowerIntegral = Self.integral(1.5, exponent) - 1
        upperIntegral = Self.integral(Double(objects) + 0.5, exponent)
        squeeze = 2 - Self.inverseIntegral(Self.integral(2.5, exponent) - Self.density(2, alpha), exponent)
    }

    /// The next rank, in `1...objects`; rank 1 is the most popular.
    public mutating func nextRank() -> Int {
        let exponent = 1 - alpha
        while true {
            let uniform = Double(random.next() >> 11) * 0x1p-53
            let u = upperIntegral + uniform * (lowerIntegral - upperIntegral)
            let x = Self.inverseIntegral(u, exponent)
            let rank = Swift.min(Swift.max(Int(x + 0.5), 1), objects)
            let k = Double(rank)
            // The rank's acceptance region is the top h(k) of [H(k - 0.5), H(k + 0.5)]: probability h(k).
            if k - x <= squeeze || u >= Self.integral(k + 0.5, exponent) - Self.density(k, alpha) {
                return rank
            }
        }
    }

    /// The id of the object at `rank` (a seeded bijection: distinct ranks, distinct ids).
    public func objectID(rank: Int) -> UInt64 {
        var bits = UInt64(truncatingIfNeeded: rank) ^ idKey
        bits = (bits ^ (bits >> 31)) &* 0x7FB5_D329_728E_A185
        bits = (bits ^ (bits >> 27)) &* 0x81DA_DEF4_BC2D_D44D
        return bits ^ (bits >> 33)
    }

    /// The id of the next object drawn.
    public mutating func nextObjectID() -> UInt64 {
        objectID(rank: nextRank())
    }

    /// The id of the next object drawn; never `nil`.
    public mutating func next() -> UInt64? {
        nextObjectID()
    }

    /// `h(x) = x^-alpha`, the unnormalised probability of rank `x`.
    private static func density(_ x: Double, _ alpha: Double) -> Double {
        exp(-alpha * log(x))
    }

    /// `H(x) = (x^(1-alpha) - 1) / (1-alpha)`, `log x` when alpha = 1: an antiderivative of `h`, computed stably
    /// near alpha = 1.
    private static func integral(_ x: Double, _ exponent: Double) -> Double {
        let logX = log(x)
        return expm1Ratio(exponent * logX) * logX
    }

    /// The inverse of ``integral(_:_:)``: `(1 + (1-alpha) u)^(1/(1-alpha))`, `exp(u)` when alpha = 1.
    private static func inverseIntegral(_ u: Double, _ exponent: Double) -> Double {
        var t = u * exponent
        if t < -1 { t = -1 }  // rounding at the lower end of the interval
        return exp(log1pRatio(t) * u)
    }

    /// `(e^t - 1) / t`, 1 at 0.
    private static func expm1Ratio(_ t: Double) -> Double {
        abs(t) > 1e-8 ? expm1(t) / t : 1 + t / 2
    }

    /// `log(1 + t) / t`, 1 at 0.
    private static func log1pRatio(_ t: Double) -> Double {
        abs(t) > 1e-8 ? log1p(t) / t : 1 - t / 2
    }
}
