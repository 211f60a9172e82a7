/// The parameter values a policy factory receives: the specification's values over the declared defaults,
/// already checked against the declared names.
public struct PolicyArguments: Sendable, Hashable {
    public let policy: String
    private let values: [String: String]
    private let types: [String: PolicyParameter.ValueType]

    /// Merges `specification` over the defaults of `parameters`.
    /// - Throws: when the specification names a parameter the policy does not declare, or a value does not parse.
    public init(_ specification: PolicySpecification, parameters: [PolicyParameter]) throws(VMError) {
        policy = specification.name
        var values: [String: String] = [:]
        var types: [String: PolicyParameter.ValueType] = [:]
        for parameter in parameters {
            values[parameter.name] = parameter.defaultValue
            types[parameter.name] = parameter.type
        }
        for argument in specification.arguments {
            guard let type = types[argument.key] else {
                let known = parameters.map(\.name)
                throw .invalidPolicy(
                    "policy \(specification.name) has no parameter \(SafeText.quoted(argument.key)); "
                        + (known.isEmpty ? "it takes none" : "its parameters are: \(known.joined(separator: ", "))"))
            }
            try Self.check(argument.value, as: type, key: argument.key, policy: specification.name)
            values[argument.key] = argument.value
        }
        self.values = values
        self.types = types
    }

    private static func check(
        _ value: String, as type: PolicyParameter.ValueType, key: String, policy: String
    ) throws(VMError) {
        let valid: Bool
        switch type {
        case .integer: valid = Int(value) != nil || UInt64(value) != nil
        case .number: valid = Double(value).map(\.isFinite) ?? false
        case .boolean: valid = ["true", "false", "1", "0", "yes", "no"].contains(value.lowercased())
        case .text: valid = true
        }
        guard valid else {
            throw .invalidPolicy(
                "parameter \(key) of \(policy) expects \(type.rawValue) value, found \(SafeText.quoted(value))")
        }
    }

    private func value(_ key: String, _ type: PolicyParameter.ValueType) -> String {
        guard let value = values[key], types[key] == type else {
            preconditionFailure("policy \(policy) reads undeclared \(type.rawValue) parameter '\(key)'")
        }
        return value
    }

    /// A declared integer parameter.
    public func integer(_ key: String) -> Int {
        Int(value(key, .integer)) ?? Int(bitPattern: UInt(value(key, .integer))!)
    }

    /// A declared integer parameter as an unsigned 64-bit value (seeds).
    public func unsigned(_ key: String) -> UInt64 {
        let text = value(key, .integer)
        return UInt64(text) ?? UInt64(bitPattern: Int64(text)!)
    }

    /// A declared number parameter.
    public func number(_ key: String) -> Double { Double(value(key, .number))! }

    /// A declared boolean parameter.
    public func boolean(_ key: String) -> Bool { ["true", "1", "yes"].contains(value(key, .boolean).lowercased()) }

    /// A declared text parameter.
    public func text(_ key: String) -> String { value(key, .text) }

    /// Throws unless `condition` holds, naming the parameter and its value.
    public func require(_ condition: Bool, _ key: String, _ expectation: String) throws(VMError) {
        guard condition else {
            throw .invalidPolicy("parameter \(key) of \(policy) must be \(expectation); got \(values[key] ?? "")")
        }
    }
}
