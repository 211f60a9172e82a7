/// CPython's `random` module stream, bit for bit: MT19937 (Matsumoto & Nishimura, "Mersenne Twister: a
/// 623-dimensionally equidistributed uniform pseudo-random number generator", ACM TOMACS 8(1), 1998) seeded the way
/// `random.seed(n)` seeds it for a non-negative integer `n`, with `random()` built from two 32-bit outputs.
///
/// It exists so that teaching simulators written in Python (OSTEP's `paging-policy.py`) can be reproduced exactly:
/// the same seed gives the same draws as `python3 -c 'import random; random.seed(S); print(random.random())'`.
///
/// - Seeding: `init_by_array` with the seed's 32-bit words, least significant first (seed 0 is the key `[0]`;
///   seeds below 2^32 are one word, larger ones two), over the state that `init_genrand(19650218)` leaves.
/// - ``random()``: `(a · 2^26 + b) / 2^53` with `a = next32() >> 5` and `b = next32() >> 6` (`genrand_res53`).
///
/// The 624-word state lives in a buffer the value owns; drawing allocates nothing. The value is move-only, like
/// ``FrameList``. Complexity: ``next32()`` O(1) amortised (the state is regenerated every 624 words).
public struct CPythonRandom: ~Copyable {
    @usableFromInline static let stateSize = 624
    @usableFromInline static let shift = 397
    @usableFromInline let state: UnsafeMutablePointer<UInt32>
    @usableFromInline var index: Int

    /// The stream of `random.seed(seed)` in CPython.
    public init(seed: UInt64) {
        let low = UInt32(truncatingIfNeeded: seed)
        let high = UInt32(truncatingIfNeeded: seed >> 32)
        self.init(key: high == 0 ? [low] : [low, high])
    }

    /// The stream of MT19937's `init_by_array(key)` (CPython's seeding for the integer whose 32-bit words, least
    /// significant first, are `key`). `key` must not be empty.
    public init(key: [UInt32]) {
        precondition(!key.isEmpty, "CPythonRandom needs at least one key word")
        let n = Self.stateSize
        state = .allocate(capacity: n)
        state[0] = 19_650_218
        for i in 1..<n {
            let previous = state[i - 1]
            state[i] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(truncatingIfNeeded: i)
        }
        var i = 1
        var j = 0
        for _ in 0..<max(n, key.count) {
            let previous = state[i - 1]
            state[i] =
                (state[i] ^ ((previous ^ (previous >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(truncatingIfNeeded: j)
            i += 1
            j += 1
            if i >= n {
                state[0] = state[n - 1]
                i = 1
            }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<(n - 1) {
            let previous = state[i - 1]
            state[i] = (state[i] ^ ((previous ^ (previous >> 30)) &* 1_566_083_941)) &- UInt32(truncatingIfNeeded: i)
            i += 1
            if i >= n {
                state[0] = state[n - 1]
                i = 1
            }
        }
        state[0] = 0x8000_0000
        index = n
    }

    deinit { state.deallocate() }

    /// The next 32-bit output (`genrand_uint32`; CPython's `getrandbits(32)`).
    @inlinable
    public mutating func next32() -> UInt32 {
        if index >= Self.stateSize { regenerate() }
        var y = state[index]
        index &+= 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// A double in `[0, 1)` with 53 random bits: CPython's `random.random()`.
    @inlinable
    public mutating func random() -> Double {
        let a = Double(next32() >> 5)
        let b = Double(next32() >> 6)
        return (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `int(random.random() * count)`: the index expression of OSTEP's simulators, one ``random()`` per call.
    @inlinable
    public mutating func index(below count: Int) -> Int {
        Int(random() * Double(count))
    }

    @usableFromInline
    mutating func regenerate() {
        let n = Self.stateSize
        let m = Self.shift
        let state = self.state
        @inline(__always) func twist(_ kk: Int, _ next: Int, _ far: Int) {
            let y = (state[kk] & 0x8000_0000) | (state[next] & 0x7fff_ffff)
            state[kk] = state[far] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : 0x9908_b0df)
        }
        for kk in 0..<(n - m) { twist(kk, kk + 1, kk + m) }
        for kk in (n - m)..<(n - 1) { twist(kk, kk + 1, kk + m - n) }
        twist(n - 1, 0, m - 1)
        index = 0
    }
}
