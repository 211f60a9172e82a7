import Foundation
import PropertyBased
import Testing
import VMCore

/// Why a property does not hold for one input. Properties throw it (through ``require(_:_:)``); any other error
/// thrown while checking an input (an invariant check of the machine, a contract violation) is a failure too.
struct PropertyFailure: Error, CustomStringConvertible {
    var description: String
}

/// Throws a ``PropertyFailure`` with `message` unless `condition` holds.
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(PropertyFailure) {
    if !condition { throw PropertyFailure(description: message()) }
}

/// Deterministic property checking on top of PropertyBased's generators and shrink sequences.
///
/// PropertyBased's own `propertyCheck` draws a fresh random seed for every run (its `.fixedSeed` trait is meant for
/// reproducing one failure and reports an issue even when the property holds), so CI runs would differ from each
/// other. Here every case's generator state is derived from a fixed seed, the property's name and the case number:
/// every run checks the same inputs. `VMLAB_PROPERTY_SEED=<n>` checks other inputs, and `VMLAB_PROPERTY_SCALE=<k>`
/// checks `k` times as many cases (a soak run); a failure prints the settings that reproduce it.
///
/// A failing input is shrunk greedily, as PropertyBased does it: take the first candidate of the shrink sequence that
/// still fails, and start again from it, until no candidate fails. The result is 1-minimal for that sequence: no
/// single candidate step (dropping one access, moving one value towards its bound) keeps the failure.
enum PropertyCheck {
    /// The seed used unless `VMLAB_PROPERTY_SEED` is set.
    static let defaultSeed: UInt64 = 0x1553_0008

    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["VMLAB_PROPERTY_SEED"].flatMap { UInt64($0) } ?? defaultSeed
    }

    static var scale: Int {
        max(1, ProcessInfo.processInfo.environment["VMLAB_PROPERTY_SCALE"].flatMap { Int($0) } ?? 1)
    }

    /// The generator state for case `index` of the property `name`: a pure function of its arguments (the name is
    /// hashed with FNV-1a, not Swift's per-process randomised `Hasher`).
    static func generatorState(seed: UInt64, name: String, index: Int) -> Xoshiro {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var mixer = SplitMix64(seed: seed ^ hash ^ (UInt64(index) &* 0x9e37_79b9_7f4a_7c15))
        return Xoshiro(seed: (mixer.next(), mixer.next(), mixer.next(), mixer.next()))
    }

    /// The failure of `property` on `value`, or nil when it holds.
    static func failure<Value>(of property: (Value) throws -> Void, on value: Value) -> String? {
        do {
            try property(value)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    /// Shrinks a failing `value` with `shrink` (a PropertyBased shrink sequence, most shrunk first) while
    /// `property` still fails. Returns the smallest failing value found, its failure, and the steps taken.
    static func shrink<Value, Candidates: Sequence<Value>>(
        _ value: Value, failure: String, shrink: (Value) -> Candidates, property: (Value) throws -> Void,
        maximumAttempts: Int = 50_000
    ) -> (value: Value, failure: String, steps: Int) {
        var current = (value: value, failure: failure, steps: 0)
        var attempts = 0
        var improved = true
        while improved && attempts < maximumAttempts {
            improved = false
            for candidate in shrink(current.value) {
                attempts += 1
                if let failure = Self.failure(of: property, on: candidate) {
                    current = (candidate, failure, current.steps + 1)
                    improved = true
                    break
                }
                if attempts >= maximumAttempts { break }
            }
        }
        return current
    }

    /// A failing input: where it was found, and what shrinking made of it.
    struct Counterexample<Value> {
        var seed: UInt64
        /// The case that failed, and the number of cases checked.
        var index: Int
        var cases: Int
        var original: Value
        var originalFailure: String
        var shrunk: Value
        var failure: String
        /// Successful shrink steps from `original` to `shrunk`.
        var steps: Int
    }

    /// The first of `cases` inputs from `generator` (times `VMLAB_PROPERTY_SCALE`) on which `property` fails, shrunk;
    /// nil when it holds on all of them.
    static func search<Value, Candidates: Sequence<Value>>(
        _ name: String, cases: Int, generator: Generator<Value, some SendableSequenceType>,
        shrink: (Value) -> Candidates, property: (Value) throws -> Void
    ) -> Counterexample<Value>? {
        let seed = self.seed
        let count = cases * scale
        for index in 0..<count {
            var state = generatorState(seed: seed, name: name, index: index)
            let value = generator.run(using: &state)
            guard let failure = failure(of: property, on: value) else { continue }
            let shrunk = Self.shrink(value, failure: failure, shrink: shrink, property: property)
            return Counterexample(
                seed: seed, index: index, cases: count, original: value, originalFailure: failure,
                shrunk: shrunk.value, failure: shrunk.failure, steps: shrunk.steps)
        }
        return nil
    }

    /// Checks `property` on `cases` inputs from `generator` (times `VMLAB_PROPERTY_SCALE`). On the first failure it
    /// shrinks the input and records one issue naming the property, the seed, the case, the shrunk input and its
    /// failure, and the original input.
    static func check<Value, Candidates: Sequence<Value>>(
        _ name: String, cases: Int, generator: Generator<Value, some SendableSequenceType>,
        shrink: (Value) -> Candidates, sourceLocation: SourceLocation = #_sourceLocation,
        property: (Value) throws -> Void
    ) {
        guard
            let found = search(name, cases: cases, generator: generator, shrink: shrink, property: property)
        else { return }
        Issue.record(
            """
            Property "\(name)" fails at case \(found.index) of \(found.cases) (seed \(found.seed); reproduce with \
            VMLAB_PROPERTY_SEED=\(found.seed)\(scale > 1 ? " VMLAB_PROPERTY_SCALE=\(scale)" : "")).
            Shrunk input (\(found.steps) steps): \(found.shrunk)
            Failure: \(found.failure)
            Original input: \(found.original)
            Original failure: \(found.originalFailure)
            """,
            sourceLocation: sourceLocation)
    }
}
