internal import CVMPlugin
public import VMCore

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Loads run-time plugins: shared libraries that add replacement policies through the C ABI of
/// `Sources/CVMPlugin/include/vmlab_plugin.h`.
///
/// Only C types cross the boundary: the plugin hands over a table of C function pointers per policy, which
/// ``PluginReplacementPolicy`` wraps. The version the plugin was built for is checked before anything else in it
/// is called, a plugin is all-or-nothing (a refused policy registers none of its siblings), and libraries are
/// never closed (a policy made from one may outlive the registry).
public enum PluginLoader {
    /// The plugin ABI version this host implements (`VMLAB_PLUGIN_ABI_VERSION` in its header).
    public static let abiVersion = UInt32(VMLAB_PLUGIN_ABI_VERSION)

    /// Opens the plugin at `path` and registers its replacement policies into `registry`.
    ///
    /// - Throws: ``PluginError`` naming the file when it is missing, cannot be loaded, lacks the entry points, was
    ///   built for another ABI version, or registers a policy the host refuses (bad fields, a name clash with a
    ///   built-in or an earlier plugin). `registry` is unchanged when it throws.
    public static func load(path: String, into registry: inout PolicyRegistry) throws(PluginError) {
        guard access(path, F_OK) == 0 else { throw .notFound(path: path) }
        // Without a slash, dlopen searches the library path instead of opening the named file.
        let openPath = path.contains("/") ? path : "./" + path
        _ = dlerror()
        // Never closed: code and strings of the plugin stay valid for the life of the process.
        guard let handle = dlopen(openPath, RTLD_NOW | RTLD_LOCAL) else {
            throw .cannotOpen(path: path, reason: dlerror().map { String(cString: $0) } ?? "unknown dlopen error")
        }
        guard let versionSymbol = dlsym(handle, VMLAB_PLUGIN_ABI_VERSION_SYMBOL) else {
            throw .missingSymbol(path: path, symbol: VMLAB_PLUGIN_ABI_VERSION_SYMBOL)
        }
        let version = unsafeBitCast(versionSymbol, to: (@convention(c) () -> UInt32).self)()
        guard version == abiVersion else {
            throw .versionMismatch(path: path, plugin: version, host: abiVersion)
        }
        guard let registerSymbol = dlsym(handle, VMLAB_PLUGIN_REGISTER_SYMBOL) else {
            throw .missingSymbol(path: path, symbol: VMLAB_PLUGIN_REGISTER_SYMBOL)
        }
        let register = unsafeBitCast(
            registerSymbol, to: (@convention(c) (UnsafePointer<vmlab_registrar>?) -> Int32).self)

        let session = RegistrationSession(file: fileName(path), registry: registry)
        var registrar = vmlab_registrar(
            abi_version: abiVersion, context: Unmanaged.passUnretained(session).toOpaque(),
            register_replacement: { context, ops in
                guard let context else { return -1 }
                let session = Unmanaged<RegistrationSession>.fromOpaque(context).takeUnretainedValue()
                return session.register(ops)
            })
        let status = withExtendedLifetime(session) { register(&registrar) }
        if let failure = session.failure { throw .registrationFailed(path: path, reason: failure) }
        guard status == 0 else {
            throw .registrationFailed(path: path, reason: "vmlab_plugin_register returned \(status)")
        }
        guard session.registered > 0 else {
            throw .registrationFailed(path: path, reason: "it registered no policy")
        }
        registry = session.registry
    }

    /// The parameters a plugin declares in its `parameters` field (`key=default,key=default`), each type inferred
    /// from its default, exactly as registration reads them.
    /// - Throws: ``PluginError/registrationFailed(path:reason:)`` with `path` when the text is malformed.
    public static func parameters(declaredBy text: String, policy: String, path: String) throws(PluginError)
        -> [PolicyParameter]
    {
        do throws(RegistrationSession.RegistrationRefusal) {
            return try RegistrationSession.parameters(text, policy: policy)
        } catch {
            throw .registrationFailed(path: path, reason: error.reason)
        }
    }

    /// The text a plugin's `create` receives for `parameter`: the checked argument, normalised as the header
    /// promises (integers and numbers in Swift's canonical form, booleans as `true`/`false`).
    public static func argumentText(of parameter: PolicyParameter, in arguments: PolicyArguments) -> String {
        PluginFactory.value(of: parameter, in: arguments)
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    }
}

/// The registrations of one plugin, collected while its `vmlab_plugin_register` runs. The first refusal is kept
/// and every later call is refused too.
final class RegistrationSession {
    let file: String
    var registry: PolicyRegistry
    var registered = 0
    var failure: String?

    init(file: String, registry: PolicyRegistry) {
        self.file = file
        self.registry = registry
    }

    func register(_ pointer: UnsafePointer<vmlab_replacement_ops>?) -> Int32 {
        guard failure == nil else { return -1 }
        do throws(RegistrationRefusal) {
            try registerChecked(pointer)
            registered += 1
            return 0
        } catch {
            failure = error.reason
            return -1
        }
    }

    struct RegistrationRefusal: Error {
        let reason: String
    }

    private func registerChecked(_ pointer: UnsafePointer<vmlab_replacement_ops>?) throws(RegistrationRefusal) {
        guard let pointer else { throw RegistrationRefusal(reason: "register_replacement was given a NULL ops") }
        // The version field comes first and is read before anything that depends on the layout.
        let version = UnsafeRawPointer(pointer).load(as: UInt32.self)
        guard version == PluginLoader.abiVersion else {
            throw RegistrationRefusal(
                reason: "a vmlab_replacement_ops declares ABI version \(version); this vmlab supports "
                    + "\(PluginLoader.abiVersion)")
        }
        let ops = pointer.pointee
        let expectedSize = MemoryLayout<vmlab_replacement_ops>.size
        guard Int(ops.struct_size) >= expectedSize else {
            throw RegistrationRefusal(
                reason: "a vmlab_replacement_ops has struct_size \(ops.struct_size); expected \(expectedSize)")
        }
        guard let cName = ops.name else { throw RegistrationRefusal(reason: "a vmlab_replacement_ops has no name") }
        let name = String(cString: cName)
        guard Self.isValidName(name) else {
            throw RegistrationRefusal(
                reason: "policy name \(SafeText.quoted(name)) is invalid; use lowercase letters, digits and dashes")
        }
        guard let summary = ops.summary.map({ String(cString: $0) }), !summary.isEmpty else {
            throw RegistrationRefusal(reason: "policy \(name) has no summary")
        }
        guard let source = ops.source.map({ String(cString: $0) }), !source.isEmpty else {
            throw RegistrationRefusal(reason: "policy \(name) has no source")
        }
        let functions: PluginFunctions
        switch PluginFunctions.from(ops) {
        case .success(let found): functions = found
        case .failure(let missing):
            throw RegistrationRefusal(reason: "policy \(name) has no \(missing.field) function")
        }
        let parameters = try Self.parameters(ops.parameters.map { String(cString: $0) } ?? "", policy: name)
        let info = PolicyInfo(
            name: name, kind: .replacement, summary: summary, parameters: parameters, module: "plugin:\(file)",
            source: source)
        let needsFuture = ops.needs_future != 0
        let entry = ReplacementPolicyEntry(info: info) { context throws(VMError) in
            try PluginFactory.make(
                name: name, functions: functions, parameters: parameters, context: context, needsFuture: needsFuture)
        }
        do {
            try registry.register(entry)
        } catch {
            if registry.info(kind: .replacement, name: name) != nil {
                throw RegistrationRefusal(
                    reason: "a replacement policy named \(name) is already registered (built in, or by an earlier "
                        + "plugin); choose another name")
            }
            throw RegistrationRefusal(reason: error.description)
        }
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

    /// Parses `key=default,key=default`; each type is inferred from its default.
    static func parameters(_ text: String, policy: String) throws(RegistrationRefusal) -> [PolicyParameter] {
        guard !text.isEmpty else { return [] }
        var result: [PolicyParameter] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            guard parts.count == 2, !key.isEmpty,
                key.utf8.allSatisfy({ byte in
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                        || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
                        || byte == UInt8(ascii: "-")
                })
            else {
                throw RegistrationRefusal(
                    reason:
                        "policy \(policy) declares parameters \(SafeText.quoted(text)); expected key=default,key=default, "
                        + "found \(SafeText.quoted(item))")
            }
            guard !result.contains(where: { $0.name == key }) else {
                throw RegistrationRefusal(reason: "policy \(policy) declares parameter \(key) twice")
            }
            let value = String(parts[1])
            let type: PolicyParameter.ValueType
            if Int64(value) != nil || UInt64(value) != nil {
                type = .integer
            } else if let number = Double(value), number.isFinite {
                type = .number
            } else if value == "true" || value == "false" {
                type = .boolean
            } else {
                type = .text
            }
            result.append(
                PolicyParameter(
                    name: key, type: type, defaultValue: value,
                    summary: "\(type.rawValue) parameter of the plugin policy (default \(value))"))
        }
        return result
    }
}

/// Makes plugin states: converts the checked arguments to C strings for `create`, wraps the state.
enum PluginFactory {
    static func make(
        name: String, functions: PluginFunctions, parameters: [PolicyParameter], context: PolicyContext,
        needsFuture: Bool
    ) throws(VMError) -> any ReplacementPolicy {
        guard context.frames >= 1, context.frames <= Int(Int32.max) else {
            throw .invalidConfiguration(
                "plugin policy \(name) takes 1...\(Int32.max) frames; the machine has \(context.frames)")
        }
        let keys = parameters.map { strdup($0.name) }
        let values = parameters.map { strdup(value(of: $0, in: context.arguments)) }
        defer {
            for pointer in keys + values { free(pointer) }
        }
        let state = keys.map { UnsafePointer($0) }.withUnsafeBufferPointer { keyBuffer in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { valueBuffer in
                var arguments = vmlab_arguments(
                    count: UInt32(parameters.count), keys: keyBuffer.baseAddress, values: valueBuffer.baseAddress)
                return functions.create(UInt32(context.frames), &arguments)
            }
        }
        guard let state else {
            throw .invalidPolicy(
                "plugin policy \(name) could not be created for \(context.frames) frames with "
                    + "\(parameters.isEmpty ? "no parameters" : parameters.map { "\($0.name)=\(value(of: $0, in: context.arguments))" }.joined(separator: ","))"
                    + " (its create function returned NULL)")
        }
        return PluginReplacementPolicy(
            name: name, state: state, functions: functions, frames: context.frames, needsFuture: needsFuture)
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
