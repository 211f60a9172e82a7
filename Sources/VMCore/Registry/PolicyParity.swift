/// How a policy's numbers compare with one published implementation's: what `vmlab policies` shows and
/// `--compat FAMILY` applies. Every ``Status/matches`` names the test that checks it (``evidence``).
public struct PolicyParity: Sendable, Hashable, Codable {
    /// Whether VMLab gives the implementation's numbers.
    public enum Status: String, Sendable, Hashable, Codable {
        /// Fault for fault, with ``PolicyParity/parameters`` and at the sizes the note gives.
        case matches
        /// Known to differ; the note says why.
        case differs
        /// Not compared (the implementation cannot be run the same way); the note says what is checked instead.
        case unchecked
    }

    /// The family `--compat` names: `libcachesim` or `ostep`.
    public var family: String
    /// The implementation and its version (`libCacheSim 0.3.5 S3FIFO`).
    public var implementation: String
    public var status: Status
    /// The parameters that make VMLab's policy match, as `key=value,...` (empty: its defaults do); `--compat`
    /// adds those the user did not set.
    public var parameters: String
    /// Where the numbers agree (sizes) or why they differ.
    public var note: String
    /// The test that checks the claim.
    public var evidence: String

    public init(
        family: String, implementation: String, status: Status, parameters: String = "", note: String = "",
        evidence: String
    ) {
        self.family = family
        self.implementation = implementation
        self.status = status
        self.parameters = parameters
        self.note = note
        self.evidence = evidence
    }

    /// One line for `vmlab policies`: `matches libCacheSim 0.3.5 S3FIFO with threshold=2 (from 20 frames)`.
    public var summary: String {
        let with = parameters.isEmpty ? "" : " with \(parameters)"
        let why = note.isEmpty ? "" : " (\(note))"
        switch status {
        case .matches: return "matches \(implementation)\(with)\(why)"
        case .differs: return "differs from \(implementation)\(why)"
        case .unchecked: return "not checked against \(implementation)\(why)"
        }
    }
}

extension PolicyRegistry {
    /// The families some registered policy records parity with (`libcachesim`, `ostep`), sorted.
    public var parityFamilies: [String] { Array(Set(infos.flatMap { $0.parity.map(\.family) })).sorted() }

    /// `specification` with the parameters that make it match `family`'s implementation (those the user set are
    /// kept), and a note when the policy does not match it or records no parity with it.
    /// - Throws: ``VMError/invalidPolicy(_:)`` when a recorded parameter list does not parse (a catalogue bug).
    public func compatible(_ specification: PolicySpecification, kind: PolicyKind = .replacement, family: String)
        throws(VMError) -> (specification: PolicySpecification, note: String?)
    {
        guard let parity = info(kind: kind, name: specification.name)?.parity.first(where: { $0.family == family })
        else {
            return (specification, "\(specification.name) records no parity with \(family); run as given")
        }
        guard parity.status == .matches else {
            return (specification, "\(specification.name) \(parity.summary)")
        }
        var result = specification
        if !parity.parameters.isEmpty {
            for argument in try PolicySpecification(parsing: "compat:" + parity.parameters).arguments
            where !result.arguments.contains(where: { $0.key == argument.key }) {
                result.arguments.append(argument)
            }
        }
        return (result, nil)
    }
}
