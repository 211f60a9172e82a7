import Foundation
import Testing
import VMCore
import VMPolicyCatalogue

/// Every folder under `Policies/` is a module in `Package.swift` and registers at least one policy.
struct PolicyCatalogueTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let suffixes = ["Replacement": "Policy", "Allocation": "Allocator", "Swap": "SwapPlacement"]

    /// `(family, folder)` for every policy folder on disk.
    static func folders() throws -> [(family: String, folder: String)] {
        let policies = root.appendingPathComponent("Policies")
        var result: [(String, String)] = []
        for family in try FileManager.default.contentsOfDirectory(atPath: policies.path).sorted() {
            var isDirectory: ObjCBool = false
            let familyPath = policies.appendingPathComponent(family).path
            guard FileManager.default.fileExists(atPath: familyPath, isDirectory: &isDirectory), isDirectory.boolValue
            else { continue }
            for folder in try FileManager.default.contentsOfDirectory(atPath: familyPath).sorted()
            where !folder.hasPrefix(".") {
                result.append((family, folder))
            }
        }
        return result
    }

    @Test("Every policy folder is registered in the catalogue under its derived module name")
    func everyFolderRegistered() throws {
        let registered = Set(PolicyCatalogue.standard().infos.map(\.module))
        let folders = try Self.folders()
        #expect(!folders.isEmpty)
        for (family, folder) in folders {
            let suffix = try #require(Self.suffixes[family], "unknown policy family folder \(family)")
            #expect(registered.contains(folder + suffix), "Policies/\(family)/\(folder) is not registered")
        }
        #expect(registered.count == folders.count, "a registered module has no folder")
    }

    @Test("Every policy folder has its line in Package.swift and a test folder")
    func everyFolderInManifest() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        for (family, folder) in try Self.folders() {
            let line = "PolicyModule(family: .\(family.lowercased()), folder: \"\(folder)\")"
            #expect(manifest.contains(line), "Package.swift lacks \(line)")
            let tests = Self.root.appendingPathComponent("Tests/Policies/\(folder)\(Self.suffixes[family] ?? "")Tests")
            #expect(FileManager.default.fileExists(atPath: tests.path), "missing \(tests.path)")
        }
    }

    @Test("Every replacement policy's registry entry says whether it needs the future, as its instances do")
    func needsFutureDeclared() throws {
        let registry = PolicyCatalogue.standard()
        var needing: [String] = []
        for name in registry.names(of: .replacement) {
            let specification = PolicySpecification(name: name)
            for frames in [1, 7, 64] {
                let policy = try registry.makeReplacement(specification, frames: frames)
                #expect(policy.needsFuture == registry.needsFuture(specification), "\(name) at \(frames) frames")
            }
            if registry.needsFuture(specification) { needing.append(name) }
        }
        #expect(needing.sorted() == ["opt", "unopt"])
    }
}
