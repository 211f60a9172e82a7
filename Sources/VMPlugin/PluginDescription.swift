internal import CVMPlugin
internal import VMCore

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The fields every ops structure starts with (name, summary, source, parameters), read and checked.
struct PluginDescription: Sendable {
    let kind: PolicyKind
    let name: String
    let info: PolicyInfo

    var parameters: [PolicyParameter] { info.parameters }

    /// `replacement policy`, `frame allocator`, `swap placement`: for messages.
    var kindName: String { Self.kindName(kind) }

    static func kindName(_ kind: PolicyKind) -> String {
        switch kind {
        case .replacement: "replacement policy"
        case .allocation: "frame allocator"
        case .swap: "swap placement"
        }
    }

    init(
        kind: PolicyKind, file: String, name cName: UnsafePointer<CChar>?, summary cSummary: UnsafePointer<CChar>?,
        source cSource: UnsafePointer<CChar>?, parameters cParameters: UnsafePointer<CChar>?,
        summaries: UnsafePointer<UnsafePointer<CChar>?>?, needsFuture: Bool = false
    ) throws(RegistrationSession.RegistrationRefusal) {
        let kindName = Self.kindName(kind)
        guard let cName else { throw .init(reason: "a \(kindName) has no name") }
        let name = String(cString: cName)
        guard Self.isValidName(name) else {
            throw .init(
                reason: "\(kindName) name \(SafeText.quoted(name)) is invalid; use lowercase letters, digits and dashes"
            )
        }
        guard let summary = cSummary.map({ String(cString: $0) }), !summary.isEmpty else {
            throw .init(reason: "\(kindName) \(name) has no summary")
        }
        guard let source = cSource.map({ String(cString: $0) }), !source.isEmpty else {
            throw .init(reason: "\(kindName) \(name) has no source")
        }
        let text = cParameters.map { String(cString: $0) } ?? ""
        // One summary per declared parameter when the array is given: count the parameters first.
        let count = text.isEmpty ? 0 : text.split(separator: ",", omittingEmptySubsequences: false).count
        let parameterSummaries: [String?] = (0..<count).map { index in
            summaries.flatMap { $0[index] }.map { String(cString: $0) }
        }
        let parameters = try Self.parameters(text, summaries: parameterSummaries, policy: name)
        self.kind = kind
        self.name = name
        self.info = PolicyInfo(
            name: name, kind: kind, summary: summary, parameters: parameters, module: "plugin:\(file)",
            source: source, needsFuture: needsFuture)
    }

    /// The refusal for a missing function.
    func missing(_ field: String) -> RegistrationSession.RegistrationRefusal {
        .init(reason: "\(kindName) \(name) has no \(field) function")
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first != UInt8(ascii: "-"), name.utf8.last != UInt8(ascii: "-") else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }

    /// Parses `key=default,key:type=default`; a type not declared is inferred from its default, and a default must
    /// pass its own type's check. `summaries[i]`, when present and not empty, describes parameter `i`.
    static func parameters(
        _ text: String, summaries: [String?], policy: String
    ) throws(RegistrationSession.RegistrationRefusal) -> [PolicyParameter] {
        guard !text.isEmpty else { return [] }
        var result: [PolicyParameter] = []
        for (index, item) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let declaration = parts[0].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(declaration[0])
            guard parts.count == 2, !key.isEmpty,
                key.utf8.allSatisfy({ byte in
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                        || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
                        || byte == UInt8(ascii: "-")
                })
            else {
                throw .init(
                    reason:
                        "policy \(policy) declares parameters \(SafeText.quoted(text)); expected key=default,key=default, "
                        + "found \(SafeText.quoted(item))")
            }
            guard !result.contains(where: { $0.name == key }) else {
                throw .init(reason: "policy \(policy) declares parameter \(key) twice")
            }
            let value = String(parts[1])
            let type: PolicyParameter.ValueType
            if declaration.count == 2 {
                guard let declared = PolicyParameter.ValueType(rawValue: String(declaration[1])) else {
                    throw .init(
                        reason: "policy \(policy) declares parameter \(key) of type "
                            + "\(SafeText.quoted(declaration[1])); expected integer, number, boolean or text")
                }
                type = declared
            } else if Int64(value) != nil || UInt64(value) != nil {
                type = .integer
            } else if let number = Double(value), number.isFinite {
                type = .number
            } else if value == "true" || value == "false" {
                type = .boolean
            } else {
                type = .text
            }
            let summary = index < summaries.count ? summaries[index] ?? "" : ""
            let parameter = PolicyParameter(
                name: key, type: type, defaultValue: value,
                summary: summary.isEmpty
                    ? "\(type.rawValue) parameter of the plugin policy (default \(value))" : summary)
            // The default must be a value a user could give.
            do {
                _ = try PolicyArguments(
                    PolicySpecification(name: policy, arguments: [.init(key: key, value: value)]),
                    parameters: [parameter])
            } catch {
                throw .init(
                    reason:
                        "policy \(policy) declares parameter \(key) with a default that is not \(type.rawValue): \(error.description)"
                )
            }
            result.append(parameter)
        }
        return result
    }
}

/// Makes plugin states: converts the checked arguments to C strings, calls the plugin's `create` with a buffer for
/// its reason, and turns a refusal into a sentence naming the policy, the frames, the arguments and the reason.
struct PluginCreator: Sendable {
    enum Function: @unchecked Sendable {
        typealias CreateV1 = @convention(c) (UInt32, UnsafePointer<vmlab_arguments>?) -> UnsafeMutableRawPointer?
        typealias CreateV2 =
            @convention(c) (
                UnsafeMutableRawPointer?, UInt32, UnsafePointer<vmlab_arguments>?, UnsafeMutablePointer<CChar>?, Int
            ) -> UnsafeMutableRawPointer?
        case version1(CreateV1)
        case version2(CreateV2, context: PluginContext)
    }

    let description: PluginDescription
    let function: Function

    /// A new state for `context`, never NULL.
    func create(_ context: PolicyContext) throws(VMError) -> UnsafeMutableRawPointer {
        let name = description.name
        guard context.frames >= 1, context.frames <= Int(Int32.max) else {
            throw .invalidConfiguration(
                "plugin \(description.kindName) \(name) takes 1...\(Int32.max) frames; the machine has \(context.frames)"
            )
        }
        let parameters = description.parameters
        let texts = parameters.map { Self.value(of: $0, in: context.arguments) }
        let keys = parameters.map { strdup($0.name) }
        let values = texts.map { strdup($0) }
        let errorSize = Int(VMLAB_ERROR_SIZE)
        let error = UnsafeMutablePointer<CChar>.allocate(capacity: errorSize)
        error.initialize(repeating: 0, count: errorSize)
        defer {
            for pointer in keys + values { free(pointer) }
            error.deallocate()
        }
        let state = keys.map { UnsafePointer($0) }.withUnsafeBufferPointer { keyBuffer in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { valueBuffer in
                var arguments = vmlab_arguments(
                    count: UInt32(parameters.count), keys: keyBuffer.baseAddress, values: valueBuffer.baseAddress)
                switch function {
                case .version1(let create):
                    return create(UInt32(context.frames), &arguments)
                case .version2(let create, let pluginContext):
                    return create(pluginContext.pointer, UInt32(context.frames), &arguments, error, errorSize)
                }
            }
        }
        if let state { return state }
        // The reason: up to the first NUL, never past the buffer, escaped like any outside text.
        error[errorSize - 1] = 0
        let reason = SafeText.escaped(
            String(decoding: UnsafeRawBufferPointer(start: error, count: strlen(error)), as: UTF8.self),
            limit: errorSize)
        let arguments =
            parameters.isEmpty
            ? "no parameters"
            : zip(parameters, texts).map { "\($0.name)=\(SafeText.escaped($1))" }.joined(separator: ",")
        let frames = context.frames == 1 ? "1 frame" : "\(context.frames) frames"
        let because =
            reason.isEmpty
            ? "its create function returned NULL without a reason" : "its create function refused: \(reason)"
        throw .invalidPolicy(
            "plugin \(description.kindName) \(name) could not be created for \(frames) with \(arguments) (\(because))")
    }

    /// The checked value of `parameter`, normalised as the header promises.
    static func value(of parameter: PolicyParameter, in arguments: PolicyArguments) -> String {
        switch parameter.type {
        case .integer: String(arguments.integer(parameter.name))
        case .number: String(arguments.number(parameter.name))
        case .boolean: arguments.boolean(parameter.name) ? "true" : "false"
        case .text: arguments.text(parameter.name)
        }
    }
}

extension vmlab_reference {
    /// The C view of `reference`, built on the caller's stack.
    @inline(__always)
    init(_ reference: PageReference) {
        self.init(
            time: Int64(truncatingIfNeeded: reference.time), next_use: Int64(truncatingIfNeeded: reference.nextUse),
            page: reference.page, process: Int32(truncatingIfNeeded: reference.process),
            kind: UInt32(reference.kind.rawValue))
    }
}
