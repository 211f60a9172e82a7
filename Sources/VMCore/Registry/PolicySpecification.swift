/// A policy as a user names it: `name` or `name:key=value,key=value` (for example `random:seed=7`).
public struct PolicySpecification: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    /// Parameters in the order given.
    public var arguments: [Argument]

    public struct Argument: Sendable, Hashable {
        public var key: String
        public var value: String

        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public init(name: String, arguments: [Argument] = []) {
        self.name = name
        self.arguments = arguments
    }

    /// Parses `name[:key=value[,key=value...]]`.
    ///
    /// The separators `:`, `,` and `=` are found among Unicode scalars, not Characters: a combining mark right after
    /// one would otherwise join it into a single Character and hide it, and a value starting with such a mark would
    /// not parse back from ``description``.
    /// - Throws: ``VMError/invalidPolicy(_:)`` naming the malformed part.
    public init(parsing text: String) throws(VMError) {
        let scalars = Substring(text.trimmingSpaces).unicodeScalars
        let colon = scalars.firstIndex(of: ":")
        let name = Substring(scalars[..<(colon ?? scalars.endIndex)]).trimmingSpaces
        guard !name.isEmpty else {
            throw .invalidPolicy(
                "policy specification \(SafeText.quoted(text)) has no name; expected NAME or NAME:key=value,...")
        }
        var arguments: [Argument] = []
        if let colon {
            let list = scalars[scalars.index(after: colon)...]
            for pair in list.split(separator: ",", omittingEmptySubsequences: false) {
                let equals = pair.firstIndex(of: "=")
                let key = Substring(pair[..<(equals ?? pair.endIndex)]).trimmingSpaces
                guard let equals, !key.isEmpty else {
                    throw .invalidPolicy(
                        "policy specification \(SafeText.quoted(text)): expected key=value after "
                            + "\(SafeText.quoted(name + ":")), found \(SafeText.quoted(Substring(pair)))"
                    )
                }
                guard !arguments.contains(where: { $0.key == key }) else {
                    throw .invalidPolicy(
                        "policy specification \(SafeText.quoted(text)) sets \(SafeText.quoted(key)) twice")
                }
                arguments.append(
                    Argument(key: key, value: Substring(pair[pair.index(after: equals)...]).trimmingSpaces))
            }
        }
        self.init(name: name, arguments: arguments)
    }

    /// `name` or `name:key=value,...`, the form `init(parsing:)` reads.
    public var description: String {
        arguments.isEmpty ? name : name + ":" + arguments.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}

extension StringProtocol {
    /// Without leading and trailing whitespace, scalar by scalar (a Character made of a space and a combining mark
    /// is not whitespace, but its space is).
    var trimmingSpaces: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(Substring(scalars))
    }
}
