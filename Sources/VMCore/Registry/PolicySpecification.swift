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
    /// - Throws: ``VMError/invalidPolicy(_:)`` naming the malformed part.
    public init(parsing text: String) throws(VMError) {
        let trimmed = text.trimmingSpaces
        let parts = trimmed.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0]).trimmingSpaces
        guard !name.isEmpty else {
            throw .invalidPolicy(
                "policy specification \(SafeText.quoted(text)) has no name; expected NAME or NAME:key=value,...")
        }
        var arguments: [Argument] = []
        if parts.count == 2 {
            for pair in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = keyValue.first.map { String($0).trimmingSpaces } ?? ""
                guard keyValue.count == 2, !key.isEmpty else {
                    throw .invalidPolicy(
                        "policy specification \(SafeText.quoted(text)): expected key=value after \(SafeText.quoted(name + ":")), found \(SafeText.quoted(pair))"
                    )
                }
                guard !arguments.contains(where: { $0.key == key }) else {
                    throw .invalidPolicy(
                        "policy specification \(SafeText.quoted(text)) sets \(SafeText.quoted(key)) twice")
                }
                arguments.append(Argument(key: key, value: String(keyValue[1]).trimmingSpaces))
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
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
