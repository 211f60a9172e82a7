/// The three kinds of policy the machine takes.
public enum PolicyKind: String, Sendable, Hashable, CaseIterable, Codable {
    case replacement
    case allocation
    case swap
}

/// A parameter a policy accepts in its specification (`name:key=value,...`).
public struct PolicyParameter: Sendable, Hashable, Codable {
    /// The type a value must parse as.
    public enum ValueType: String, Sendable, Hashable, Codable {
        case integer
        case number
        case boolean
        case text
    }

    public var name: String
    public var type: ValueType
    /// The value used when the specification leaves the parameter out.
    public var defaultValue: String
    public var summary: String

    public init(name: String, type: ValueType, defaultValue: String, summary: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.summary = summary
    }

    /// The `seed` parameter of a randomised policy.
    public static func seed(default value: UInt64 = 1) -> PolicyParameter {
        PolicyParameter(
            name: "seed", type: .integer, defaultValue: String(value),
            summary: "seed of the policy's random stream; the same seed gives the same run everywhere")
    }
}

/// What the registry knows about a policy besides how to make it.
public struct PolicyInfo: Sendable, Hashable, Codable {
    /// The name users type (`lru`, `first-free`). Unique within a kind.
    public var name: String
    public var kind: PolicyKind
    /// One line for `vmlab policies`.
    public var summary: String
    public var parameters: [PolicyParameter]
    /// The Swift module that implements it (one module per policy folder under `Policies/`).
    public var module: String
    /// The published source: paper, book or program, with year.
    public var source: String
    /// Published implementations whose numbers this policy gives, or is known not to (``PolicyParity``).
    public var parity: [PolicyParity]
    /// Whether the policy reads ``PageReference/nextUse`` (Belady's OPT and relatives): runs then compute each
    /// access's next use before simulating. Must equal the `needsFuture` of every instance the entry makes (the
    /// conformance suite checks it); the registry answers from it without making a throwaway instance.
    public var needsFuture: Bool

    public init(
        name: String, kind: PolicyKind, summary: String, parameters: [PolicyParameter] = [], module: String,
        source: String, parity: [PolicyParity] = [], needsFuture: Bool = false
    ) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.parameters = parameters
        self.module = module
        self.source = source
        self.parity = parity
        self.needsFuture = needsFuture
    }
}
