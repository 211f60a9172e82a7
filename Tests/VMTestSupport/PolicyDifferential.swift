public import VMCore

/// Drives two replacement policies through the same seeded random sequence of the calls a machine makes, and
/// reports the first point where they disagree: a fast implementation against the textbook one kept as its oracle.
///
/// Each step advances virtual time by 1 to `maxGap` accesses (now and then by a jump of 50 to 50 · `maxGap`) and
/// then, at random: a hit on a resident frame (read or write); a fault into a free frame; a fault with every frame
/// full (both policies evict, the victims must agree, and the new page goes into the victim's frame — or, as for
/// another process's fault under local replacement, nothing is inserted); or, rarely, the machine removing a page
/// (its process was killed). After every step both policies' ``ResidentOrder`` (frames and notes) must agree and
/// the fast one's invariants must hold.
public enum PolicyDifferential {
    /// The first disagreement, described, or nil when the two agreed on all `steps` steps.
    public static func firstDisagreement(
        _ fast: some ReplacementPolicy, _ oracle: some ReplacementPolicy, frames: Int, steps: Int, seed: UInt64,
        maxGap: Int = 3
    ) -> String? {
        var random = SplitMix64(seed: seed)
        var resident = [Bool](repeating: false, count: frames)
        var residentCount = 0
        var time = 0
        var page: UInt64 = 0
        for step in 0..<steps {
            time += random.next(below: 40) == 0 ? 50 + random.next(below: 50 * maxGap) : 1 + random.next(below: maxGap)
            page += 1
            let kind: AccessKind = random.next(below: 4) == 0 ? .write : .read
            let reference = PageReference(time: time, page: page, kind: kind)
            let choice = random.next(below: 100)
            let place = "step \(step) (time \(time))"
            if residentCount > 0 && choice < 55 {
                let frame = pick(in: resident, matching: true, using: &random)
                fast.accessed(frame: frame, reference: reference)
                oracle.accessed(frame: frame, reference: reference)
            } else if residentCount > 0 && choice < 58 {
                let frame = pick(in: resident, matching: true, using: &random)
                fast.removed(frame: frame)
                oracle.removed(frame: frame)
                resident[frame] = false
                residentCount -= 1
            } else if residentCount < frames {
                let frame = pick(in: resident, matching: false, using: &random)
                fast.inserted(frame: frame, reference: reference)
                oracle.inserted(frame: frame, reference: reference)
                resident[frame] = true
                residentCount += 1
            } else {
                let victim = fast.evict(for: reference)
                let expected = oracle.evict(for: reference)
                guard victim == expected else { return "\(place): evicted frame \(victim), the oracle \(expected)" }
                if random.next(below: 10) == 0 {
                    resident[victim] = false
                    residentCount -= 1
                } else {
                    fast.inserted(frame: victim, reference: reference)
                    oracle.inserted(frame: victim, reference: reference)
                }
            }
            let order = fast.residentOrder()
            let expectedOrder = oracle.residentOrder()
            guard order == expectedOrder else {
                return "\(place): order \(describe(order)), the oracle \(describe(expectedOrder))"
            }
            do {
                try fast.checkInvariants(residentCount: residentCount) { resident[$0] }
            } catch {
                return "\(place): \(error)"
            }
        }
        return nil
    }

    private static func pick(in resident: [Bool], matching: Bool, using random: inout SplitMix64) -> Int {
        let candidates = resident.indices.filter { resident[$0] == matching }
        return candidates[random.next(below: candidates.count)]
    }

    private static func describe(_ order: ResidentOrder?) -> String {
        guard let order else { return "none" }
        return order.entries.map { "\($0.frame)[\($0.note ?? "")]" }.joined(separator: " ")
    }
}
