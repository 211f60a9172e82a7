import Foundation
import Testing

/// The names `vmlab new-policy` refuses (Sources/VMLabCLI/SwiftNames.swift) cover the standard library of the
/// toolchain that builds the tests.
struct SwiftNamesTests {
    /// The module interfaces (`.swiftinterface`) of the standard library's modules in the toolchain of the `swift`
    /// on `PATH`, or none when they cannot be found (macOS keeps them in the SDK).
    static let interfaces: [URL] = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        guard
            let swift = path.split(separator: ":").map({
                URL(fileURLWithPath: String($0)).appendingPathComponent("swift")
            })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
        else { return [] }
        let library = swift.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("lib/swift/linux")
        return ["Swift", "_Concurrency", "_StringProcessing", "Synchronization"].compactMap { module in
            let folder = library.appendingPathComponent("\(module).swiftmodule")
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return files.first { $0.hasSuffix(".swiftinterface") && !$0.hasSuffix(".private.swiftinterface") }
                .map { folder.appendingPathComponent($0) }
        }
    }()

    /// The names listed in `standardLibraryTypes`, read from the source file.
    static func listed() throws -> Set<String> {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/VMLabCLI/SwiftNames.swift")
        let text = try String(contentsOf: source, encoding: .utf8)
        let start = try #require(text.range(of: "static let standardLibraryTypes"))
        let parts = text[start.upperBound...].components(separatedBy: "\"\"\"")
        try #require(parts.count >= 3)
        return Set(parts[1].split(whereSeparator: \.isWhitespace).map(String.init))
    }

    @Test(
        "Every public top-level type of the standard library an UpperCamelCase folder could name is listed",
        .enabled(if: interfaces.count == 4, "the toolchain's module interfaces were not found"))
    func standardLibrary() throws {
        let listed = try Self.listed()
        #expect(listed.isSuperset(of: ["String", "Array", "Int", "Result", "Task", "Mutex", "Atomic", "Regex"]))
        // A declaration at the start of a line (not nested), after attributes and modifiers.
        let declaration = #/^(?:[@\w][^\n]*?\s)?(?:struct|class|enum|protocol|typealias|actor)\s+([A-Z][A-Za-z0-9]*)/#
            .anchorsMatchLineEndings()
        var missing: Set<String> = []
        for interface in Self.interfaces {
            let text = try String(contentsOf: interface, encoding: .utf8)
            for match in text.matches(of: declaration) where !listed.contains(String(match.output.1)) {
                missing.insert(String(match.output.1))
            }
        }
        #expect(missing.isEmpty, "not in SwiftNames.standardLibraryTypes: \(missing.sorted())")
    }
}
