import VMPluginKit

// The two entry points every VMLab plugin exports. Only C types cross them: this library carries its own copy of
// VMCore, and `vmlab` its own.

/// The plugin ABI version this plugin was built for.
@_cdecl("vmlab_plugin_abi_version")
public func vmlabPluginABIVersion() -> UInt32 { VMPluginKit.abiVersion }

/// Registers the three Swift policies of this package.
@_cdecl("vmlab_plugin_register")
public func vmlabPluginRegister(_ registrar: UnsafePointer<vmlab_registrar>?) -> Int32 {
    VMPluginKit.register(
        registrar,
        replacement: SwiftRandomReplacement.entries,
        allocation: SwiftNextFreeAllocator.entries,
        swap: SwiftFirstFreeSwapPlacement.entries)
}
