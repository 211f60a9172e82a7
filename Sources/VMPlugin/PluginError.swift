/// Why a plugin was refused. Every message names the file; the command-line tool exits with status 2.
public enum PluginError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No file at the path.
    case notFound(path: String)
    /// `dlopen` failed; `reason` is `dlerror()`'s text.
    case cannotOpen(path: String, reason: String)
    /// The library does not export a symbol every plugin must export.
    case missingSymbol(path: String, symbol: String)
    /// The plugin was built against a version of `vmlab_plugin.h` this host does not load; `supported` lists the
    /// versions it does, oldest first.
    case versionMismatch(path: String, plugin: UInt32, supported: [UInt32])
    /// The plugin loaded but its registration was refused (a bad field, a taken name, a non-zero return).
    case registrationFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            "plugin \(path): no such file"
        case .cannotOpen(let path, let reason):
            "plugin \(path) cannot be loaded: \(reason)"
        case .missingSymbol(let path, let symbol):
            "plugin \(path) does not export \(symbol)(); is it a VMLab plugin? (see Sources/CVMPlugin/include/vmlab_plugin.h)"
        case .versionMismatch(let path, let plugin, let supported):
            "plugin \(path) was built for plugin ABI version \(plugin), but this vmlab supports "
                + Self.versions(supported) + "; rebuild it against this vmlab's vmlab_plugin.h"
        case .registrationFailed(let path, let reason):
            "plugin \(path) was refused: \(reason)"
        }
    }

    /// `version 2`, `versions 1 and 2`, `versions 1, 2 and 3`.
    static func versions(_ list: [UInt32]) -> String {
        let names = list.map(String.init)
        guard let last = names.last else { return "no version" }
        if names.count == 1 { return "version \(last)" }
        return "versions " + names.dropLast().joined(separator: ", ") + " and " + last
    }
}
