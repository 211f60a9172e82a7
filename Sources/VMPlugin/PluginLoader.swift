internal import CVMPlugin
public import VMCore

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Loads run-time plugins: shared libraries that add replacement policies, frame allocators and swap placements
/// through the C ABI of `Sources/CVMPlugin/include/vmlab_plugin.h`.
///
/// Only C types cross the boundary: the plugin hands over a table of C function pointers per policy, which
/// ``PluginReplacementPolicy``, ``PluginFrameAllocator`` and ``PluginSwapPlacement`` wrap. The version the plugin
/// was built for is checked before anything else in it is called (versions 1 and 2 load), a plugin is
/// all-or-nothing (a refused policy registers none of its siblings), and libraries are never closed (a policy made
/// from one may outlive the registry).
public enum PluginLoader {
    /// The newest plugin ABI version this host implements (`VMLAB_PLUGIN_ABI_VERSION` in its header).
    public static let abiVersion = UInt32(VMLAB_PLUGIN_ABI_VERSION)

    /// Every plugin ABI version this host loads, oldest first.
    public static let supportedVersions = Array(UInt32(VMLAB_PLUGIN_ABI_VERSION_OLDEST)...abiVersion)

    /// Opens the plugin at `path` and registers its policies into `registry`.
    ///
    /// - Throws: ``PluginError`` naming the file when it is missing, cannot be loaded, lacks the entry points, was
    ///   built for an ABI version this host does not load, or registers a policy the host refuses (bad fields, a
    ///   name clash with a built-in or an earlier plugin). `registry` is unchanged when it throws.
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
        guard supportedVersions.contains(version) else {
            throw .versionMismatch(path: path, plugin: version, supported: supportedVersions)
        }
        guard let registerSymbol = dlsym(handle, VMLAB_PLUGIN_REGISTER_SYMBOL) else {
            throw .missingSymbol(path: path, symbol: VMLAB_PLUGIN_REGISTER_SYMBOL)
        }
        let register = unsafeBitCast(
            registerSymbol, to: (@convention(c) (UnsafePointer<vmlab_registrar>?) -> Int32).self)

        let session = RegistrationSession(file: fileName(path), version: version, registry: registry)
        // A version-1 plugin reads only the first three fields; the others are there but unknown to it.
        var registrar = vmlab_registrar(
            abi_version: version, context: Unmanaged.passUnretained(session).toOpaque(),
            register_replacement: { context, ops in
                guard let context else { return -1 }
                let session = Unmanaged<RegistrationSession>.fromOpaque(context).takeUnretainedValue()
                return session.register { () throws(RegistrationSession.RegistrationRefusal) in
                    try session.registerReplacement(UnsafeRawPointer(ops))
                }
            },
            register_allocator: { context, ops in
                guard let context else { return -1 }
                let session = Unmanaged<RegistrationSession>.fromOpaque(context).takeUnretainedValue()
                return session.register { () throws(RegistrationSession.RegistrationRefusal) in
                    try session.registerAllocator(ops)
                }
            },
            register_swap: { context, ops in
                guard let context else { return -1 }
                let session = Unmanaged<RegistrationSession>.fromOpaque(context).takeUnretainedValue()
                return session.register { () throws(RegistrationSession.RegistrationRefusal) in
                    try session.registerSwap(ops)
                }
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

    /// The parameters a plugin declares in its `parameters` field (`key=default,key:type=default`), each type
    /// declared or inferred from its default, exactly as registration reads them.
    /// - Throws: ``PluginError/registrationFailed(path:reason:)`` with `path` when the text is malformed.
    public static func parameters(declaredBy text: String, policy: String, path: String) throws(PluginError)
        -> [PolicyParameter]
    {
        do throws(RegistrationSession.RegistrationRefusal) {
            return try PluginDescription.parameters(text, summaries: [], policy: policy)
        } catch {
            throw .registrationFailed(path: path, reason: error.reason)
        }
    }

    /// The text a plugin's `create` receives for `parameter`: the checked argument, normalised as the header
    /// promises (integers and numbers in Swift's canonical form, booleans as `true`/`false`).
    public static func argumentText(of parameter: PolicyParameter, in arguments: PolicyArguments) -> String {
        PluginCreator.value(of: parameter, in: arguments)
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    }
}

/// The registrations of one plugin, collected while its `vmlab_plugin_register` runs. The first refusal is kept
/// and every later call is refused too.
final class RegistrationSession {
    let file: String
    /// The ABI version the plugin reported: every ops structure it hands over must declare it.
    let version: UInt32
    var registry: PolicyRegistry
    var registered = 0
    var failure: String?

    init(file: String, version: UInt32, registry: PolicyRegistry) {
        self.file = file
        self.version = version
        self.registry = registry
    }

    struct RegistrationRefusal: Error {
        let reason: String
    }

    /// Runs one registration; 0, or -1 after keeping the reason.
    func register(_ body: () throws(RegistrationRefusal) -> Void) -> Int32 {
        guard failure == nil else { return -1 }
        do throws(RegistrationRefusal) {
            try body()
            registered += 1
            return 0
        } catch {
            failure = error.reason
            return -1
        }
    }

    /// Checks the version and size fields that every ops structure starts with, before anything that depends on
    /// the layout is read.
    private func checkHeader(
        _ pointer: UnsafeRawPointer?, type: String, function: String, size: (UInt32) -> Int?
    ) throws(RegistrationRefusal) -> UnsafeRawPointer {
        guard let pointer else { throw RegistrationRefusal(reason: "\(function) was given a NULL \(type)") }
        let declared = pointer.load(as: UInt32.self)
        guard let expectedSize = size(declared), declared == version else {
            throw RegistrationRefusal(
                reason: "a \(type) declares ABI version \(declared), but the plugin reported version \(version)"
                    + (size(declared) == nil ? " (and \(type) does not exist in version \(declared))" : ""))
        }
        let structSize = pointer.load(fromByteOffset: 4, as: UInt32.self)
        guard Int(structSize) >= expectedSize else {
            throw RegistrationRefusal(
                reason: "a \(type) has struct_size \(structSize); expected \(expectedSize) for ABI version \(declared)")
        }
        return pointer
    }

    func registerReplacement(_ pointer: UnsafeRawPointer?) throws(RegistrationRefusal) {
        let raw = try checkHeader(pointer, type: "vmlab_replacement_ops", function: "register_replacement") {
            switch $0 {
            case 1: MemoryLayout<vmlab_replacement_ops_v1>.size
            case 2: MemoryLayout<vmlab_replacement_ops>.size
            default: nil
            }
        }
        let description: PluginDescription
        let creator: PluginCreator.Function
        let functions: PluginFunctions
        let needsFuture: Bool
        if version == 1 {
            let ops = raw.load(as: vmlab_replacement_ops_v1.self)
            description = try PluginDescription(
                kind: .replacement, file: file, name: ops.name, summary: ops.summary, source: ops.source,
                parameters: ops.parameters, summaries: nil, needsFuture: ops.needs_future != 0)
            guard let create = ops.create else { throw description.missing("create") }
            creator = .version1(create)
            functions = try PluginFunctions(
                description, destroy: ops.destroy, inserted: ops.inserted, accessed: ops.accessed, evict: ops.evict,
                removed: ops.removed)
            needsFuture = ops.needs_future != 0
        } else {
            let ops = raw.load(as: vmlab_replacement_ops.self)
            description = try PluginDescription(
                kind: .replacement, file: file, name: ops.name, summary: ops.summary, source: ops.source,
                parameters: ops.parameters, summaries: ops.parameter_summaries, needsFuture: ops.needs_future != 0)
            guard let create = ops.create else { throw description.missing("create") }
            creator = .version2(create, context: PluginContext(ops.context))
            functions = try PluginFunctions(
                description, destroy: ops.destroy, inserted: ops.inserted, accessed: ops.accessed, evict: ops.evict,
                removed: ops.removed)
            needsFuture = ops.needs_future != 0
        }
        let factory = PluginCreator(description: description, function: creator)
        let name = description.name
        try insert(description) { registry throws(VMError) in
            try registry.register(
                ReplacementPolicyEntry(info: description.info) { context throws(VMError) in
                    let state = try factory.create(context)
                    return PluginReplacementPolicy(
                        name: name, state: state, functions: functions, frames: context.frames,
                        needsFuture: needsFuture)
                })
        }
    }

    func registerAllocator(_ pointer: UnsafePointer<vmlab_allocator_ops>?) throws(RegistrationRefusal) {
        let raw = try checkHeader(
            UnsafeRawPointer(pointer), type: "vmlab_allocator_ops", function: "register_allocator"
        ) { $0 == 2 ? MemoryLayout<vmlab_allocator_ops>.size : nil }
        let ops = raw.load(as: vmlab_allocator_ops.self)
        let description = try PluginDescription(
            kind: .allocation, file: file, name: ops.name, summary: ops.summary, source: ops.source,
            parameters: ops.parameters, summaries: ops.parameter_summaries)
        guard let create = ops.create else { throw description.missing("create") }
        guard let destroy = ops.destroy else { throw description.missing("destroy") }
        guard let allocate = ops.allocate else { throw description.missing("allocate") }
        let functions = PluginAllocatorFunctions(destroy: destroy, allocate: allocate, released: ops.released)
        let factory = PluginCreator(
            description: description, function: .version2(create, context: PluginContext(ops.context)))
        let name = description.name
        try insert(description) { registry throws(VMError) in
            try registry.register(
                FrameAllocatorEntry(info: description.info) { context throws(VMError) in
                    PluginFrameAllocator(
                        name: name, state: try factory.create(context), functions: functions, frames: context.frames)
                })
        }
    }

    func registerSwap(_ pointer: UnsafePointer<vmlab_swap_ops>?) throws(RegistrationRefusal) {
        let raw = try checkHeader(UnsafeRawPointer(pointer), type: "vmlab_swap_ops", function: "register_swap") {
            $0 == 2 ? MemoryLayout<vmlab_swap_ops>.size : nil
        }
        let ops = raw.load(as: vmlab_swap_ops.self)
        let description = try PluginDescription(
            kind: .swap, file: file, name: ops.name, summary: ops.summary, source: ops.source,
            parameters: ops.parameters, summaries: ops.parameter_summaries)
        guard let create = ops.create else { throw description.missing("create") }
        guard let destroy = ops.destroy else { throw description.missing("destroy") }
        guard let place = ops.place else { throw description.missing("place") }
        let functions = PluginSwapFunctions(destroy: destroy, place: place, released: ops.released)
        let factory = PluginCreator(
            description: description, function: .version2(create, context: PluginContext(ops.context)))
        let name = description.name
        try insert(description) { registry throws(VMError) in
            try registry.register(
                SwapPlacementEntry(info: description.info) { context throws(VMError) in
                    PluginSwapPlacement(name: name, state: try factory.create(context), functions: functions)
                })
        }
    }

    /// Registers through `body`, turning a name clash into a sentence that says where to look.
    private func insert(
        _ description: PluginDescription, _ body: (inout PolicyRegistry) throws(VMError) -> Void
    ) throws(RegistrationRefusal) {
        do {
            try body(&registry)
        } catch {
            if registry.info(kind: description.kind, name: description.name) != nil {
                throw RegistrationRefusal(
                    reason: "a \(description.kindName) named \(description.name) is already registered (built in, or "
                        + "by an earlier plugin); choose another name")
            }
            throw RegistrationRefusal(reason: error.description)
        }
    }
}

/// A plugin's `context` pointer, kept for the life of the process and handed back to `create`.
struct PluginContext: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer?

    init(_ pointer: UnsafeMutableRawPointer?) { self.pointer = pointer }
}
