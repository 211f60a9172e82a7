@_exported public import CVMPlugin
public import VMCore

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Turns Swift policies into a VMLab run-time plugin: each ``VMCore/ReplacementPolicyEntry``,
/// ``VMCore/FrameAllocatorEntry`` and ``VMCore/SwapPlacementEntry`` becomes a version-2 C ops table
/// (`Sources/CVMPlugin/include/vmlab_plugin.h`) served by generic thunks.
///
/// A plugin is a `.dynamic` library product exporting the two entry points:
///
/// ```swift
/// import VMPluginKit
///
/// @_cdecl("vmlab_plugin_abi_version")
/// public func abiVersion() -> UInt32 { VMPluginKit.abiVersion }
///
/// @_cdecl("vmlab_plugin_register")
/// public func register(_ registrar: UnsafePointer<vmlab_registrar>?) -> Int32 {
///     VMPluginKit.register(registrar, replacement: MyPolicyModule.entries)
/// }
/// ```
///
/// Only C types cross the boundary: the plugin carries its own static copy of VMCore, and `vmlab` its own, so no
/// Swift value is ever handed from one to the other (casts between the two copies' types would fail). The entry's
/// declared parameters travel as the typed `parameters` text (`key:type=default`) with their summaries; the
/// host checks the user's values against them and hands back normalised text, which the thunks parse into
/// ``VMCore/PolicyArguments`` for the factory. A factory's error becomes the `create` refusal reason that `vmlab`
/// prints. Each state is a class instance boxed with `Unmanaged`; the event thunks reach it without reference
/// counting and allocate nothing.
///
/// What a policy sees differs from a built-in in two ways: ``VMCore/PolicyContext/layout`` is
/// ``VMCore/AddressLayout/x86_64`` (the C ABI does not carry the page size; policies see page numbers anyway), and
/// an allocator's ``VMCore/PhysicalMemory`` and a placement's ``VMCore/SwapSpace`` are mirrors kept in step with
/// the host's through the events (and resynchronised from the host's bitmaps if the counts ever differ).
public enum VMPluginKit {
    /// The plugin ABI version the kit implements: return it from `vmlab_plugin_abi_version`.
    public static let abiVersion = UInt32(VMLAB_PLUGIN_ABI_VERSION)

    /// Registers every entry through `registrar`. Call it from `vmlab_plugin_register` and return its result.
    ///
    /// - Parameters:
    ///   - registrar: what `vmlab_plugin_register` received.
    ///   - replacement: replacement policies to export.
    ///   - allocation: frame allocators to export.
    ///   - swap: swap placements to export.
    /// - Returns: 0 when the host accepted every entry; -1 when the registrar is missing or of another ABI version,
    ///   an entry cannot be expressed in the C ABI (a parameter default containing `,`), or the host refused an
    ///   entry (it then reports why). Problems the host cannot see are written to standard error.
    public static func register(
        _ registrar: UnsafePointer<vmlab_registrar>?,
        replacement: [ReplacementPolicyEntry] = [],
        allocation: [FrameAllocatorEntry] = [],
        swap: [SwapPlacementEntry] = []
    ) -> Int32 {
        guard let registrar else { return fail("vmlab_plugin_register was given no registrar") }
        let host = registrar.pointee
        guard host.abi_version == abiVersion, let registerReplacement = host.register_replacement,
            let registerAllocator = host.register_allocator, let registerSwap = host.register_swap
        else {
            return fail(
                "this plugin needs plugin ABI version \(abiVersion); vmlab offers version \(host.abi_version)")
        }
        for entry in replacement {
            let export = Export(entry: entry)
            let needsFuture = entry.info.needsFuture
            let status = withDescription(entry.info) { description -> Int32? in
                var ops = vmlab_replacement_ops(
                    abi_version: abiVersion, struct_size: UInt32(MemoryLayout<vmlab_replacement_ops>.size),
                    name: description.name, summary: description.summary, source: description.source,
                    parameters: description.parameters, parameter_summaries: description.summaries,
                    context: export.retainedPointer, create: ReplacementState.create,
                    destroy: ReplacementState.destroy, inserted: ReplacementState.inserted,
                    accessed: ReplacementState.accessed, evict: ReplacementState.evict,
                    removed: ReplacementState.removed, needs_future: needsFuture ? 1 : 0)
                return registerReplacement(host.context, &ops)
            }
            guard status == 0 else { return -1 }
        }
        for entry in allocation {
            let export = Export(entry: entry)
            let status = withDescription(entry.info) { description -> Int32? in
                var ops = vmlab_allocator_ops(
                    abi_version: abiVersion, struct_size: UInt32(MemoryLayout<vmlab_allocator_ops>.size),
                    name: description.name, summary: description.summary, source: description.source,
                    parameters: description.parameters, parameter_summaries: description.summaries,
                    context: export.retainedPointer, create: AllocatorState.create, destroy: AllocatorState.destroy,
                    allocate: AllocatorState.allocate, released: AllocatorState.released)
                return registerAllocator(host.context, &ops)
            }
            guard status == 0 else { return -1 }
        }
        for entry in swap {
            let export = Export(entry: entry)
            let status = withDescription(entry.info) { description -> Int32? in
                var ops = vmlab_swap_ops(
                    abi_version: abiVersion, struct_size: UInt32(MemoryLayout<vmlab_swap_ops>.size),
                    name: description.name, summary: description.summary, source: description.source,
                    parameters: description.parameters, parameter_summaries: description.summaries,
                    context: export.retainedPointer, create: SwapState.create, destroy: SwapState.destroy,
                    place: SwapState.place, released: SwapState.released)
                return registerSwap(host.context, &ops)
            }
            guard status == 0 else { return -1 }
        }
        return 0
    }

    /// The `parameters` text of `parameters` (`key:type=default,...`), or nil when a default cannot be written in
    /// it (it contains `,`). Exposed for tests of the round trip.
    public static func parameterText(_ parameters: [PolicyParameter]) -> String? {
        var items: [String] = []
        for parameter in parameters {
            guard !parameter.defaultValue.contains(","), !parameter.name.contains(":"), !parameter.name.contains("=")
            else { return nil }
            items.append("\(parameter.name):\(parameter.type.rawValue)=\(parameter.defaultValue)")
        }
        return items.joined(separator: ",")
    }

    /// Writes `message` to standard error and returns -1.
    static func fail(_ message: String) -> Int32 {
        let line = Array("VMPluginKit: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        return -1
    }

    /// C strings of `info` for the duration of `body`; the host copies them during registration.
    private static func withDescription(
        _ info: PolicyInfo, _ body: (CDescription) -> Int32?
    ) -> Int32 {
        guard let parameters = parameterText(info.parameters) else {
            return fail("policy \(info.name) has a parameter whose name or default cannot be written as key=default")
        }
        var allocated: [UnsafeMutablePointer<CChar>?] = []
        defer { for pointer in allocated { free(pointer) } }
        func c(_ text: String) -> UnsafePointer<CChar>? {
            let pointer = strdup(text)
            allocated.append(pointer)
            return UnsafePointer(pointer)
        }
        let summaries = info.parameters.map { c($0.summary) }
        return summaries.withUnsafeBufferPointer { summaryBuffer in
            let description = CDescription(
                name: c(info.name), summary: c(info.summary), source: c(info.source), parameters: c(parameters),
                summaries: summaries.isEmpty ? nil : summaryBuffer.baseAddress)
            return body(description) ?? -1
        }
    }
}

/// The C strings of one entry's description, valid during registration.
struct CDescription {
    let name: UnsafePointer<CChar>?
    let summary: UnsafePointer<CChar>?
    let source: UnsafePointer<CChar>?
    let parameters: UnsafePointer<CChar>?
    let summaries: UnsafePointer<UnsafePointer<CChar>?>?
}
