public import VMCore

extension PolicyCatalogue {
    /// Textbook and teaching-simulator replacement policies (one module each under `Policies/Replacement/`).
    static let textbook: [ReplacementPolicyEntry] = []
}
