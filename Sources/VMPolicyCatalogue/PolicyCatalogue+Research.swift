public import VMCore

extension PolicyCatalogue {
    /// Research and kernel replacement policies (one module each under `Policies/Replacement/`).
    static let research: [ReplacementPolicyEntry] = []
}
