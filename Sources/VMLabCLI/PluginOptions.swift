import ArgumentParser
import Foundation
import VMCore
import VMPlugin
import VMPolicyCatalogue
import VMRunner
import VMScenario

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

    /// ``registry()`` plus the plugins the experiment file at `file` declares in its `plugins:` list (paths
    /// relative to the file), loaded after those given with `--plugin`; a library named both ways loads once.
    /// - Throws: ``YAMLInputError`` at the list entry when a declared plugin is refused (the plugin's own reason
    ///   follows), ``PluginError`` for a `--plugin` library.
    func registry(experimentFile file: String) throws -> PolicyRegistry {
        var registry = try registry()
        let given = Set(plugin.map { URL(fileURLWithPath: $0).standardized.path })
        for declared in try Experiment.declaredPlugins(contentsOf: file) where !given.contains(declared.path) {
            do {
                try PluginLoader.load(path: declared.path, into: &registry)
            } catch {
                throw YAMLInputError(
                    file: declared.location.file, line: declared.location.line, column: declared.location.column,
                    message: error.description)
            }
        }
        return registry
    }
}
