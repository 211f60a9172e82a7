import ArgumentParser
import VMCore

/// `--compat FAMILY`: run policies with the parameters that give a published implementation's numbers, where VMLab
/// records parity with it (`vmlab policies` shows which); shared by `simulate`, `compare` and `run`.
struct CompatOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Use a published implementation's defaults where VMLab matches it: libcachesim (s3-fifo threshold=2) "
                + "or ostep (opt ties=last-loaded); policies that do not match it are named in a note."))
    var compat: String?

    /// `specifications` with `--compat`'s parameters added (those given explicitly are kept); notes go to standard
    /// error. Without `--compat`, `specifications` unchanged.
    /// - Throws: ``UsageError`` for a family no policy records parity with.
    func apply(_ specifications: [PolicySpecification], registry: PolicyRegistry) throws -> [PolicySpecification] {
        try Self.apply(specifications, family: compat, registry: registry)
    }

    /// `specifications` with `family`'s parameters (nil: unchanged), notes on standard error.
    static func apply(_ specifications: [PolicySpecification], family compat: String?, registry: PolicyRegistry)
        throws -> [PolicySpecification]
    {
        guard let compat else { return specifications }
        let family = compat.lowercased()
        let families = registry.parityFamilies
        guard families.contains(family) else {
            throw UsageError(
                "--compat \(SafeText.quoted(compat)): expected one of \(families.joined(separator: ", "))")
        }
        return try specifications.map { specification in
            let (result, note) = try registry.compatible(specification, family: family)
            if let note { Entry.printNote("--compat \(family): \(note)") }
            return result
        }
    }
}
