import Foundation
public import VMCore
public import VMScenario
import VMTrace
import Yams

extension Experiment {
    /// A run-time plugin named in an experiment file's `plugins:` list.
    public struct DeclaredPlugin: Sendable, Hashable {
        /// The library's path, resolved against the experiment file's folder when written relative.
        public var path: String
        /// Where the file names it, for errors found while loading it.
        public var location: Location
    }

    /// The plugins an experiment file declares (`plugins: [lib/libmine.so, ...]`), in order, with relative paths
    /// resolved against `baseDirectory` (the file's folder), so a file and its plugins can move together and run
    /// from any directory (a cluster job, `vmlab run` from elsewhere).
    ///
    /// Read before the rest of the file: the plugins' policies must be registered before the file's policy names
    /// are checked. Only the `plugins` key is looked at; the rest is read by ``init(yaml:file:baseDirectory:registry:)``.
    /// - Throws: ``YAMLInputError`` when the YAML is malformed, `plugins` is not a list of non-empty paths, or a
    ///   path is listed twice.
    public static func declaredPlugins(yaml text: String, file: String, baseDirectory: String)
        throws(YAMLInputError) -> [DeclaredPlugin]
    {
        let reader = YAMLReader(file: file)
        guard case .mapping(let root) = try reader.root(text) else { return [] }
        guard let node = root["plugins"] else { return [] }
        var plugins: [DeclaredPlugin] = []
        for item in try reader.sequence(node, what: "plugins (paths of plugin libraries)") {
            let written = try reader.string(item, what: "a plugin's path")
            guard !written.isEmpty, !written.contains("\0") else {
                throw reader.error(item, "a plugin's path must not be empty")
            }
            let path =
                written.hasPrefix("/")
                ? written : URL(fileURLWithPath: baseDirectory).appendingPathComponent(written).standardized.path
            guard !plugins.contains(where: { $0.path == path }) else {
                throw reader.error(item, "plugin \(SafeText.quoted(written)) is listed twice")
            }
            plugins.append(
                DeclaredPlugin(
                    path: path,
                    location: Location(file: file, line: item.mark?.line ?? 1, column: item.mark?.column ?? 1)))
        }
        return plugins
    }

    /// The plugins the experiment file at `path` declares; see ``declaredPlugins(yaml:file:baseDirectory:)``.
    public static func declaredPlugins(contentsOf path: String) throws(YAMLInputError) -> [DeclaredPlugin] {
        let text = try YAMLFile.read(path, what: "experiment file")
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try declaredPlugins(yaml: text, file: path, baseDirectory: base)
    }
}

extension Experiment {
    /// Records, for every policy the experiment uses that a run-time plugin provides (a registry entry whose module
    /// is `plugin:FILE`), the plugin file and a fingerprint of its content. Cells of those policies carry it in
    /// their definition (``Cell/definition``), so a rebuilt plugin never reuses results stored by the old one on
    /// `--resume`, while cells of built-in policies keep their identity.
    ///
    /// `pluginPaths` are the libraries loaded besides the file's own `plugins:` (the command line's `--plugin`); a
    /// registry entry names only its library's file name, which is matched against both lists.
    public mutating func notePluginOrigins(registry: PolicyRegistry, pluginPaths: [String] = []) {
        pluginOrigins = [:]
        let used: [(PolicyKind, [PolicySpecification])] = [
            (.replacement, replacement), (.allocation, allocators), (.swap, placements),
        ]
        for (kind, specifications) in used {
            for specification in specifications {
                guard let info = registry.info(kind: kind, name: specification.name), info.module.hasPrefix("plugin:")
                else { continue }
                let file = String(info.module.dropFirst("plugin:".count))
                let candidates = (pluginPaths + plugins).filter { URL(fileURLWithPath: $0).lastPathComponent == file }
                let contents = candidates.map { path in
                    "\(path) \((try? TraceFingerprint.of(path: path)) ?? "unreadable")"
                }
                pluginOrigins[Self.originKey(kind, specification.name)] =
                    contents.isEmpty ? "\(file) not found" : contents.joined(separator: " ")
            }
        }
    }

    /// The key of ``pluginOrigins`` for a policy.
    static func originKey(_ kind: PolicyKind, _ name: String) -> String { "\(kind.rawValue):\(name)" }

    /// The plugin origins of a cell's three policies, as text for its definition; empty when none is a plugin's.
    func pluginOrigin(replacement: String, allocator: String, swap: String) -> String {
        guard !pluginOrigins.isEmpty else { return "" }
        var parts: [String] = []
        for (kind, description) in [(PolicyKind.replacement, replacement), (.allocation, allocator), (.swap, swap)] {
            let name = description.split(separator: ":", maxSplits: 1).first.map(String.init) ?? description
            if let origin = pluginOrigins[Self.originKey(kind, name)] { parts.append("\(kind.rawValue)=\(origin)") }
        }
        return parts.isEmpty ? "" : " plugins=" + parts.joined(separator: ";")
    }
}
