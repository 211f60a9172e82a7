import ArgumentParser
import VMCore
import VMPlugin
import VMPolicyCatalogue

/// `--plugin PATH` (repeatable), shared by every command that looks policies up: run-time plugins that add
/// replacement policies, frame allocators and swap placements through the C ABI of `Sources/CVMPlugin/include/vmlab_plugin.h` (see `Examples/plugin`).
struct PluginOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A plugin library adding policies of any kind (repeatable); see Examples/plugin/README.md.",
            valueName: "path"))
    var plugin: [String] = []

    /// The built-in policies plus those of every plugin, loaded in the order given.
    /// - Throws: ``PluginError`` naming the file when a plugin is refused.
    func registry() throws -> PolicyRegistry {
        var registry = Entry.registry
        for path in plugin { try PluginLoader.load(path: path, into: &registry) }
        return registry
    }
}
