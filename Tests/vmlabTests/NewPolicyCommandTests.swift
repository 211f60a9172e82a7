import Foundation
import Testing

/// `vmlab new-policy` on a temporary copy of the package's manifest and catalogue: the files it creates, the table
/// line, the catalogue edits, and every refusal (exit 2, nothing written).
struct NewPolicyCommandTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let catalogue = "Sources/VMPolicyCatalogue/PolicyCatalogue+Added.swift"

    /// A minimal package tree (Package.swift and the catalogue sources copied from the repository, and the folders
    /// in `also`), removed after `body`.
    static func inPackageCopy(also: [String] = [], _ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-new-policy-\(UUID())")
        let sources = directory.appendingPathComponent("Sources/VMPolicyCatalogue")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // The manifest and catalogue as they were before any `vmlab new-policy` (a user's own additions would
        // otherwise change what these tests see: `make test` must pass after the command too).
        try pristineManifest(try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8))
            .write(to: directory.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        for folder in also {
            let target = directory.appendingPathComponent(folder)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: root.appendingPathComponent(folder), to: target)
        }
        let catalogue = root.appendingPathComponent("Sources/VMPolicyCatalogue")
        for file in try FileManager.default.contentsOfDirectory(atPath: catalogue.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: catalogue.appendingPathComponent(file), encoding: .utf8)
            try (file == "PolicyCatalogue+Added.swift" ? pristineCatalogue(text) : text)
                .write(to: sources.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        try body(directory)
    }

    /// `Package.swift` without the table lines `new-policy` added (between its anchor and the table's `]`).
    static func pristineManifest(_ manifest: String) -> String {
        var kept: [Substring] = []
        var added = false
        for line in manifest.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if added && trimmed == "]" { added = false }
            if added { continue }
            if trimmed == "// Added with vmlab new-policy." { added = true }
            kept.append(line)
        }
        return kept.joined(separator: "\n")
    }

    /// The added-policies catalogue without what `new-policy` added: imports other than VMCore, `+ …entries` lines.
    static func pristineCatalogue(_ catalogue: String) -> String {
        catalogue.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("+ ") && trimmed.hasSuffix("Module.entries") { return false }
            if trimmed.hasPrefix("import ") && trimmed != "import VMCore" { return false }
            return true
        }.joined(separator: "\n")
    }

    @Test("The copies the tests work on are the pristine manifest and catalogue, whatever new-policy added")
    func pristineCopies() {
        let manifest = """
            let policyModules: [PolicyModule] = [
                PolicyModule(family: .swap, folder: "Cluster"),
                // Added with vmlab new-policy.
                PolicyModule(family: .replacement, folder: "MyLRU"),
            ]

            """
        #expect(!Self.pristineManifest(manifest).contains("MyLRU"))
        #expect(Self.pristineManifest(manifest).contains("Cluster\"),\n    // Added with vmlab new-policy.\n]"))
        let catalogue =
            "// vmlab new-policy: imports\nimport MyLRUPolicy\nimport VMCore\n  []\n  + MyLRUPolicyModule.entries\n"
        #expect(Self.pristineCatalogue(catalogue) == "// vmlab new-policy: imports\nimport VMCore\n  []\n")
    }

    static func read(_ path: String, in directory: URL) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every file under `directory` with its contents.
    static func snapshot(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[String(url.path.dropFirst(directory.path.count))] = try Data(contentsOf: url)
            }
        }
        return files
    }

    static func newPolicy(_ arguments: [String], in directory: URL) throws -> VMLabProcess.Result {
        try VMLabProcess.run(["new-policy"] + arguments + ["--no-build", "--package-path", directory.path])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var kind: String
        var family: String
        var folder: String
        var module: String
        var declaration: String
        var golden: String
        var testDescription: String { "\(kind) \(name)" }
    }

    static let cases = [
        Case(
            name: "my-lru", kind: "replacement", family: "Replacement", folder: "MyLRU", module: "MyLRUPolicy",
            declaration: "public final class MyLRU: ReplacementPolicy {",
            golden: "Workbench.faults(\"my-lru\", pages: Workbench.beladyString, frames: 4) == 10"),
        Case(
            name: "best-fit", kind: "allocation", family: "Allocation", folder: "BestFit", module: "BestFitAllocator",
            declaration: "public final class BestFitFrameAllocator: FrameAllocator {",
            golden: "Workbench.machine(policy: \"fifo\", frames: 3, allocator: \"best-fit\")"),
        Case(
            name: "near-slot", kind: "swap", family: "Swap", folder: "NearSlot", module: "NearSlotSwapPlacement",
            declaration: "public final class NearSlotSwapPlacement: SwapPlacement {",
            golden: "#expect(machine.totals.swapOuts == 6)"),
    ]

    @Test("Creates the policy and its golden test, adds the table line and registers the module", arguments: cases)
    func creates(_ example: Case) throws {
        try Self.inPackageCopy { directory in
            let originalManifest = try Self.read("Package.swift", in: directory)
            let result = try Self.newPolicy([example.name, "--kind", example.kind], in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            let sourcePath = "Policies/\(example.family)/\(example.folder)/\(example.folder).swift"
            let testPath = "Tests/Policies/\(example.module)Tests/\(example.folder)Tests.swift"
            #expect(result.stdout.contains("created    \(sourcePath)"))
            #expect(result.stdout.contains("Next steps:"))

            let source = try Self.read(sourcePath, in: directory)
            #expect(source.hasPrefix("public import VMCore\n"))
            #expect(source.contains(example.declaration))
            #expect(source.contains("public enum \(example.module)Module {"))
            #expect(source.contains("public static let entries: ["))
            #expect(source.contains("name: \"\(example.name)\", kind: .\(example.kind),"))
            #expect(source.contains("module: \"\(example.module)\","))
            #expect(source.contains("## Make it yours"))
            #expect(!source.contains("TODO") && !source.contains("fatalError"), "a working template, not a stub")

            let test = try Self.read(testPath, in: directory)
            #expect(test.contains("import \(example.module)\n"))
            #expect(test.contains("import VMTestSupport\n"))
            #expect(test.contains(example.golden))

            let line = "    PolicyModule(family: .\(example.kind), folder: \"\(example.folder)\"),"
            let manifest = try Self.read("Package.swift", in: directory)
            #expect(
                manifest
                    == originalManifest.replacingOccurrences(
                        of: "    // Added with vmlab new-policy.\n]",
                        with: "    // Added with vmlab new-policy.\n\(line)\n]"))

            let catalogue = try Self.read(Self.catalogue, in: directory)
            #expect(catalogue.contains("import \(example.module)\n"))
            #expect(
                catalogue.contains(
                    "        // vmlab new-policy: \(example.kind) entries\n        []\n"
                        + "        + \(example.module)Module.entries\n"))
        }
    }

    @Test("Several additions: table lines in order, imports sorted, entries appended; --folder overrides the folder")
    func several() throws {
        try Self.inPackageCopy { directory in
            #expect(try Self.newPolicy(["zz-top", "--kind", "replacement"], in: directory).status == 0)
            #expect(try Self.newPolicy(["s3-lru", "--kind", "replacement"], in: directory).status == 0)
            let custom = try Self.newPolicy(["aa", "--kind", "replacement", "--folder", "AlphaAlpha"], in: directory)
            #expect(custom.status == 0, "\(custom.stderr)")
            #expect(
                FileManager.default.fileExists(
                    atPath: directory.appendingPathComponent("Policies/Replacement/AlphaAlpha/AlphaAlpha.swift").path))
            let manifest = try Self.read("Package.swift", in: directory)
            #expect(
                manifest.contains(
                    """
                        // Added with vmlab new-policy.
                        PolicyModule(family: .replacement, folder: "ZzTop"),
                        PolicyModule(family: .replacement, folder: "S3LRU"),
                        PolicyModule(family: .replacement, folder: "AlphaAlpha"),
                    ]
                    """))
            let catalogue = try Self.read(Self.catalogue, in: directory)
            let imports = catalogue.split(separator: "\n").filter { $0.hasPrefix("import ") }
            #expect(
                imports == ["import AlphaAlphaPolicy", "import S3LRUPolicy", "import VMCore", "import ZzTopPolicy"])
            #expect(
                catalogue.contains(
                    """
                            []
                            + ZzTopPolicyModule.entries
                            + S3LRUPolicyModule.entries
                            + AlphaAlphaPolicyModule.entries

                    """))
        }
    }

    @Test("Refuses taken names, taken folders, invalid names and a package without its anchors, writing nothing")
    func refusals() throws {
        try Self.inPackageCopy { directory in
            #expect(try Self.newPolicy(["mine", "--kind", "allocation"], in: directory).status == 0)
            let before = try Self.snapshot(directory)
            let refusals: [([String], String)] = [
                (["lru", "--kind", "replacement"], "a replacement policy named 'lru' is already registered"),
                (["first-free", "--kind", "swap"], "a swap policy named 'first-free' is already registered"),
                (["mine", "--kind", "allocation"], "Policies/Allocation/Mine already exists"),
                (["other", "--kind", "allocation", "--folder", "Mine"], "Policies/Allocation/Mine already exists"),
                (["My-LRU", "--kind", "replacement"], "policy name 'My-LRU' is invalid"),
                (["a--b", "--kind", "replacement"], "policy name 'a--b' is invalid"),
                (["2q-ish", "--kind", "replacement"], "folder '2qIsh' is not an UpperCamelCase Swift identifier"),
                (["fine", "--kind", "replacement", "--folder", "lower"], "folder 'lower' is not an UpperCamelCase"),
                (["fine", "--kind", "paging"], "--kind paging: expected replacement, allocation or swap"),
                (["frame-list", "--kind", "replacement"], "folder 'FrameList' would declare a type that hides"),
            ]
            for (arguments, message) in refusals {
                let result = try Self.newPolicy(arguments, in: directory)
                #expect(result.status == 2, "\(arguments)")
                #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            }
            #expect(try Self.snapshot(directory) == before, "a refused new-policy wrote something")
        }
    }

    @Test("Refuses a package without Package.swift, the table anchor or the catalogue anchors")
    func missingAnchors() throws {
        try Self.inPackageCopy { directory in
            let manifestURL = directory.appendingPathComponent("Package.swift")
            let manifest = try String(contentsOf: manifestURL, encoding: .utf8)
            try manifest.replacingOccurrences(of: "// Added with vmlab new-policy.", with: "").write(
                to: manifestURL, atomically: true, encoding: .utf8)
            let before = try Self.snapshot(directory)
            let noAnchor = try Self.newPolicy(["fine", "--kind", "replacement"], in: directory)
            #expect(noAnchor.status == 2)
            #expect(noAnchor.stderr.contains("Package.swift lacks the anchor '// Added with vmlab new-policy.'"))
            #expect(try Self.snapshot(directory) == before)

            try manifest.write(to: manifestURL, atomically: true, encoding: .utf8)
            let catalogueURL = directory.appendingPathComponent(Self.catalogue)
            let catalogue = try String(contentsOf: catalogueURL, encoding: .utf8)
            try catalogue.replacingOccurrences(of: "// vmlab new-policy: swap entries", with: "").write(
                to: catalogueURL, atomically: true, encoding: .utf8)
            let noEntries = try Self.newPolicy(["fine", "--kind", "swap"], in: directory)
            #expect(noEntries.status == 2)
            #expect(noEntries.stderr.contains("lacks the anchor '// vmlab new-policy: swap entries'"))
            try catalogue.replacingOccurrences(of: "// vmlab new-policy: imports", with: "").write(
                to: catalogueURL, atomically: true, encoding: .utf8)
            let noImports = try Self.newPolicy(["fine", "--kind", "replacement"], in: directory)
            #expect(noImports.status == 2)
            #expect(noImports.stderr.contains("lacks the anchor '// vmlab new-policy: imports'"))
            try FileManager.default.removeItem(at: catalogueURL)
            let noCatalogue = try Self.newPolicy(["fine", "--kind", "replacement"], in: directory)
            #expect(noCatalogue.status == 2)
            #expect(noCatalogue.stderr.contains("PolicyCatalogue+Added.swift is missing"))
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("Policies").path))

            let empty = directory.appendingPathComponent("empty")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            let noPackage = try VMLabProcess.run([
                "new-policy", "fine", "--kind", "swap", "--no-build", "--package-path", empty.path,
            ])
            #expect(noPackage.status == 2)
            #expect(noPackage.stderr.contains("--package-path \(empty.path): no Package.swift there"))

            // A package of one's own that depends on VMLab: new-policy points at the VMLabCLI route instead.
            let own = directory.appendingPathComponent("own")
            try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
            let ownManifest =
                "// swift-tools-version: 6.1\nimport PackageDescription\nlet package = Package(name: \"Own\")\n"
            try Data(ownManifest.utf8).write(to: own.appendingPathComponent("Package.swift"))
            let notVMLab = try VMLabProcess.run([
                "new-policy", "fine", "--kind", "replacement", "--no-build", "--package-path", own.path,
            ])
            #expect(notVMLab.status == 2)
            #expect(notVMLab.stderr.contains("has no 'let policyModules: [PolicyModule] = [' table"))
            #expect(notVMLab.stderr.contains("pass its entries to VMLabCLI.main(registering:)"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: own.path) == ["Package.swift"])
        }
    }

    @Test("Refuses names that make invalid Swift or clash with a keyword, a standard type, a module or a type")
    func invalidSwift() throws {
        try Self.inPackageCopy(also: ["Sources/VMCore", "Tests/VMTestSupport", "Policies"]) { directory in
            let before = try Self.snapshot(directory)
            let refusals: [([String], String)] = [
                (["self", "--kind", "replacement"], "policy name 'self' is a Swift keyword"),
                (["class", "--kind", "replacement"], "policy name 'class' is a Swift keyword"),
                (["protocol", "--kind", "swap"], "policy name 'protocol' is a Swift keyword"),
                (["init", "--kind", "allocation"], "policy name 'init' is a Swift keyword"),
                (["func", "--kind", "replacement"], "policy name 'func' is a Swift keyword"),
                (["any", "--kind", "replacement"], "policy name 'any' is a Swift keyword"),
                (["some", "--kind", "replacement"], "policy name 'some' is a Swift keyword"),
                (["inout", "--kind", "replacement"], "policy name 'inout' is a Swift keyword"),
                (["type", "--kind", "replacement"], "folder 'Type' is a Swift keyword"),
                (["mine", "--kind", "replacement", "--folder", "Self"], "folder 'Self' is a Swift keyword"),
                (["mine", "--kind", "replacement", "--folder", "Protocol"], "folder 'Protocol' is a Swift keyword"),
                (["mine", "--kind", "replacement", "--folder", "Any"], "folder 'Any' is a Swift keyword"),
                (
                    ["2q", "--kind", "replacement"],
                    "folder '2q' is not an UpperCamelCase Swift identifier (it starts with a digit)"
                ),
                (
                    ["mine", "--kind", "swap", "--folder", "9Lives"],
                    "folder '9Lives' is not an UpperCamelCase Swift identifier (it starts with a digit)"
                ),
                (
                    ["mine", "--kind", "swap", "--folder", "mine"],
                    "folder 'mine' is not an UpperCamelCase Swift identifier (it starts in lowercase)"
                ),
                (["string", "--kind", "replacement"], "folder 'String' would declare a type that hides String"),
                (
                    ["double", "--kind", "replacement"],
                    "folder 'Double' would name the policy's type Double, which would hide the standard library's Double"
                ),
                (["array", "--kind", "replacement"], "type Array, which would hide the standard library's Array"),
                (["result", "--kind", "replacement"], "type Result, which would hide the standard library's Result"),
                (["task", "--kind", "replacement"], "type Task, which would hide the standard library's Task"),
                (
                    ["mine", "--kind", "replacement", "--folder", "AnyObject"],
                    "would hide the standard library's AnyObject"
                ),
                (
                    ["mine", "--kind", "replacement", "--folder", "Sendable"],
                    "would hide the standard library's Sendable"
                ),
                (["mine", "--kind", "replacement", "--folder", "Mutex"], "would hide the standard library's Mutex"),
                (
                    ["mine", "--kind", "replacement", "--folder", "VMTrace"],
                    "folder 'VMTrace' would name the policy's type VMTrace, which is already the name of a module"
                ),
                (
                    ["mine", "--kind", "replacement", "--folder", "Foundation"],
                    "type Foundation, which is already the name of a module"
                ),
                (
                    ["mine", "--kind", "replacement", "--folder", "Plot"],
                    "type Plot, which is already the name of a module"
                ),
                (
                    ["mine", "--kind", "replacement", "--folder", "FirstFreeSwapPlacement"],
                    "type FirstFreeSwapPlacement, which is already the name of a module"
                ),
                (
                    ["mine", "--kind", "replacement", "--folder", "LRUPolicyModule"],
                    "type LRUPolicyModule, which is already a type, declared in Policies/Replacement/LRU/LRU.swift"
                ),
                (
                    ["tlb", "--kind", "replacement"],
                    "folder 'TLB' would name the policy's type TLB, which is already a type, declared in "
                        + "Sources/VMCore/Machine/TLB.swift"
                ),
                (
                    ["mine", "--kind", "replacement", "--folder", "Workbench"],
                    "would declare a type that hides Workbench"
                ),
                (
                    ["mine", "--kind", "replacement", "--folder", "HostileText"],
                    "type HostileText, which is already a type, declared in Tests/VMTestSupport/HostileText.swift"
                ),
                (
                    ["mine", "--kind", "replacement", "--folder", "LRUPolicy"],
                    "type LRUPolicy, which is already the name of a module"
                ),
            ]
            for (arguments, message) in refusals {
                let result = try Self.newPolicy(arguments, in: directory)
                #expect(result.status == 2, "\(arguments): \(result.stderr)")
                #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            }
            #expect(try Self.snapshot(directory) == before, "a refused new-policy wrote something")
            // Names near those are fine.
            for arguments in [["string-cache", "--kind", "replacement"], ["selfish", "--kind", "allocation"]] {
                let result = try Self.newPolicy(arguments, in: directory)
                #expect(result.status == 0, "\(arguments): \(result.stderr)")
            }
        }
    }
}
