extension PolicyRegistry {
    /// Parses a list of policies as `--policies` takes it.
    ///
    /// - With `;` anywhere, `;` separates policies and each part is one whole specification, its parameters
    ///   separated by commas: `s3-fifo:threshold=2,small=0.2;lru`.
    /// - With commas only, a piece `key=value` whose key is a parameter of the policy before it belongs to that
    ///   policy; any other piece starts a policy: `s3-fifo:threshold=2,small=0.2,lru` is the same two policies,
    ///   and `fifo,lru,random:seed=3` three.
    ///
    /// Names are not checked here (``validate(_:kind:)`` does that), only used to look up parameters.
    /// - Throws: ``VMError/invalidPolicy(_:)`` for an empty list, a malformed specification, or a `key=value` piece
    ///   that belongs to no policy — the message then suggests `;`.
    public func parseList(_ text: String, kind: PolicyKind = .replacement, option: String = "--policies")
        throws(VMError) -> [PolicySpecification]
    {
        var specifications: [PolicySpecification] = []
        if text.contains(";") {
            for part in text.split(separator: ";") where !part.trimmingSpaces.isEmpty {
                let specification = try PolicySpecification(parsing: String(part))
                if specification.name.contains(where: { $0 == "=" || $0 == "," }) {
                    throw .invalidPolicy(
                        "\(option): expected a policy name, found \(SafeText.quoted(specification.name)); with ';', "
                            + "each part is a whole policy, its parameters separated by commas: "
                            + "'s3-fifo:threshold=2,small=0.2;lru'")
                }
                specifications.append(specification)
            }
        } else {
            var current: PolicySpecification?
            for piece in text.split(separator: ",") where !piece.trimmingSpaces.isEmpty {
                let scalars = piece.unicodeScalars
                let equals = scalars.firstIndex(of: "=")
                let colon = scalars.firstIndex(of: ":")
                guard let equals, colon.map({ $0 > equals }) ?? true else {
                    if let current { specifications.append(current) }
                    current = try PolicySpecification(parsing: String(piece))
                    continue
                }
                let key = Substring(scalars[..<equals]).trimmingSpaces
                guard let owner = current,
                    let info = info(kind: kind, name: owner.name), info.parameters.contains(where: { $0.name == key })
                else {
                    let owner = current.map { current in
                        let known = info(kind: kind, name: current.name)?.parameters.map(\.name) ?? []
                        return ", nor a parameter of \(SafeText.quoted(current.name))"
                            + (known.isEmpty ? " (it takes none)" : " (it takes \(known.joined(separator: ", ")))")
                    }
                    throw .invalidPolicy(
                        "\(option): \(SafeText.quoted(String(piece))) is not a policy\(owner ?? ""); separate "
                            + "policies with ';' when one has several parameters: 's3-fifo:threshold=2,small=0.2;lru'")
                }
                current = try PolicySpecification(
                    parsing: owner.description + (owner.arguments.isEmpty ? ":" : ",") + piece)
            }
            if let current { specifications.append(current) }
        }
        guard !specifications.isEmpty else { throw .invalidPolicy("\(option): no policy given") }
        return specifications
    }
}
