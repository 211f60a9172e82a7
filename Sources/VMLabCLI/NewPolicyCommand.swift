import ArgumentParser
import Foundation
import RegexBuilder
import VMCore
import VMExperiment
import VMPolicyCatalogue

/// `vmlab new-policy NAME --kind replacement|allocation|swap`: a new policy module that builds, runs and passes its
/// golden test at once — the template's source, its test, its `Package.swift` line and its registration.
struct NewPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-policy",
        abstract: "Create a policy module from a working template, with its golden test, and register it.",
        discussion: """
            Creates Policies/<Kind>/<Folder>/<Folder>.swift (replacement: FIFO over a FrameList; allocation: the
            lowest free frame; swap: the lowest free slot on the preferred device), its golden test under
            Tests/Policies/<Module>Tests, adds a PolicyModule line to Package.swift's table (below the anchor
            '// Added with vmlab new-policy.') and registers the module in
            Sources/VMPolicyCatalogue/PolicyCatalogue+Added.swift. Then runs 'swift build' unless --no-build.
            Nothing is written when a check fails (exit status 2).

            Examples:
              vmlab new-policy my-lru --kind replacement
              vmlab new-policy best-fit --kind allocation --folder BestFit --no-build
            """
    )

    @Argument(help: "The name users will type: lowercase letters, digits and dashes (e.g. my-lru).")
    var name: String

    @Option(name: .long, help: "replacement, allocation or swap.")
    var kind: String

    @Option(name: .long, help: "Folder and type name in UpperCamelCase (default: derived from NAME, my-lru → MyLRU).")
    var folder: String?

    @Option(name: .long, help: "Root of the VMLab package (the directory holding Package.swift).")
    var packagePath: String = "."

    @Option(name: .long, help: "Scratch path for the build (passed to 'swift build --scratch-path').")
    var scratchPath: String?

    @Flag(name: .long, help: "Create and register the files, but do not run 'swift build'.")
    var noBuild = false

    func validate() throws {
        guard PolicyKind(rawValue: kind) != nil else {
            throw ValidationError("--kind \(kind): expected replacement, allocation or swap")
        }
    }

    func run() throws {
        let plan = try NewPolicyPlan(
            name: name, kind: PolicyKind(rawValue: kind)!, folder: folder, root: packagePath,
            registry: Entry.registry)
        try plan.write()
        for line in plan.summary { print(line) }
        if !noBuild {
            print("\nbuilding: swift build\(scratchPath.map { " --scratch-path \($0)" } ?? "")")
            let status = try Self.build(root: plan.root, scratchPath: scratchPath)
            guard status == 0 else {
                throw NewPolicyBuildFailure(status: status, source: plan.sourcePath)
            }
        }
        print("")
        for line in plan.nextSteps { print(line) }
    }

    /// Runs `swift build` in `root` with the tool's output passed through; returns its exit status.
    static func build(root: String, scratchPath: String?) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "build"] + (scratchPath.map { ["--scratch-path", $0] } ?? [])
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// `swift build` failed after the files were written (exit status 1: the files stay, the build needs a look).
struct NewPolicyBuildFailure: Error, CustomStringConvertible {
    let status: Int32
    let source: String
    var description: String {
        "swift build failed (exit status \(status)); the policy was created: fix the errors above, starting in "
            + "\(source), and run swift build again"
    }
}

/// Everything `new-policy` will create and edit, computed and checked before anything is written.
struct NewPolicyPlan {
    static let manifestAnchor = "// Added with vmlab new-policy."
    static let importsAnchor = "// vmlab new-policy: imports"
    static let cataloguePath = "Sources/VMPolicyCatalogue/PolicyCatalogue+Added.swift"
    /// Words that become all capitals in a folder name (`my-lru` → `MyLRU`), as the existing modules spell them.
    static let acronyms: Set<String> = [
        "arc", "car", "fifo", "io", "lfu", "lifo", "lirs", "lru", "lrfu", "mfu", "mglru", "mru", "nfu", "nru", "numa",
        "opt", "os", "pff", "tlb", "ws",
    ]

    /// Types the templates and their tests use: a policy type of the same name would hide them.
    static let reservedTypeNames: Set<String> = [
        "Access", "AccessKind", "Bool", "FrameAllocator", "FrameAllocatorEntry", "FrameList", "FreeMap", "Int",
        "Machine", "PageReference", "PhysicalMemory", "PolicyArguments", "PolicyContext", "PolicyInfo",
        "PolicyParameter", "ReplacementPolicy", "ReplacementPolicyEntry", "SplitMix64", "String",
        "SwapDeviceConfiguration",
        "SwapPlacement", "SwapPlacementEntry", "SwapSlot", "SwapSpace", "Test", "Testing", "VMCore", "VMError",
        "VMTestSupport", "Workbench",
    ]

    let name: String
    let kind: PolicyKind
    let folder: String
    /// The package root, as given.
    let root: String
    let family: String
    let module: String
    let typeName: String
    let sourcePath: String
    let testPath: String
    let source: String
    let test: String
    let manifest: String
    let catalogue: String
    let originalManifest: String
    let originalCatalogue: String
    let manifestLine: String

    /// Checks the name, the folder and the package, and prepares every file.
    /// - Throws: ``UsageError`` (exit status 2) naming the problem; nothing has been written.
    init(name: String, kind: PolicyKind, folder: String?, root: String, registry: PolicyRegistry) throws {
        guard Self.isValidName(name) else {
            throw UsageError(
                "policy name \(SafeText.quoted(name)) is invalid: use lowercase letters, digits and single dashes, "
                    + "e.g. my-lru")
        }
        guard !SwiftNames.keywords.contains(name) else {
            throw UsageError(
                "policy name '\(name)' is a Swift keyword; choose another name, e.g. my-\(name)")
        }
        let folder = folder ?? Self.folder(for: name)
        guard Self.isValidFolder(folder) else {
            let reason =
                folder.first?.isNumber == true
                ? " (it starts with a digit)" : folder.first?.isUppercase == false ? " (it starts in lowercase)" : ""
            throw UsageError(
                "folder \(SafeText.quoted(folder)) is not an UpperCamelCase Swift identifier\(reason); pass --folder, "
                    + "e.g. --folder MyPolicy")
        }
        guard !SwiftNames.keywords.contains(folder) else {
            throw UsageError(
                "folder '\(folder)' is a Swift keyword and must not name the policy's type; pass --folder with "
                    + "another name")
        }
        guard !Self.reservedTypeNames.contains(folder) else {
            throw UsageError(
                "folder '\(folder)' would declare a type that hides \(folder) from VMCore, Swift or the tests; "
                    + "pass --folder with another name")
        }
        self.name = name
        self.kind = kind
        self.folder = folder
        self.root = root
        (family, module, typeName) =
            switch kind {
            case .replacement: ("Replacement", folder + "Policy", folder)
            case .allocation: ("Allocation", folder + "Allocator", folder + "FrameAllocator")
            case .swap: ("Swap", folder + "SwapPlacement", folder + "SwapPlacement")
            }
        sourcePath = "Policies/\(family)/\(folder)/\(folder).swift"
        testPath = "Tests/Policies/\(module)Tests/\(folder)Tests.swift"

        let files = FileManager.default
        let manifestURL = URL(fileURLWithPath: root).appendingPathComponent("Package.swift")
        guard let manifestText = try? String(contentsOf: manifestURL, encoding: .utf8) else {
            throw UsageError("--package-path \(root): no Package.swift there; run from the VMLab package root")
        }
        guard manifestText.contains("let policyModules: [PolicyModule] = [") else {
            // Most likely a package of one's own that depends on VMLab (a custom vmlab built with VMLabCLI).
            throw UsageError(
                "\(manifestURL.path) has no 'let policyModules: [PolicyModule] = [' table: new-policy adds a module to "
                    + "a VMLab checkout; in a package of your own, add a target that imports VMCore and pass its "
                    + "entries to VMLabCLI.main(registering:) (see Examples/ExternalPolicy/README.md in VMLab)")
        }
        let catalogueURL = URL(fileURLWithPath: root).appendingPathComponent(Self.cataloguePath)
        guard let catalogueText = try? String(contentsOf: catalogueURL, encoding: .utf8) else {
            throw UsageError("\(catalogueURL.path) is missing; it holds the policies added with vmlab new-policy")
        }

        // Taken: registered in this vmlab, declared by a policy of the package, or its folders or line exist.
        if registry.info(kind: kind, name: name) != nil {
            throw UsageError("a \(kind.rawValue) policy named '\(name)' is already registered; choose another name")
        }
        for path in ["Policies/\(family)/\(folder)", "Tests/Policies/\(module)Tests"]
        where files.fileExists(atPath: URL(fileURLWithPath: root).appendingPathComponent(path).path) {
            throw UsageError("\(path) already exists; choose another name or pass --folder")
        }
        manifestLine = "PolicyModule(family: .\(kind.rawValue), folder: \"\(folder)\"),"
        guard !manifestText.contains("family: .\(kind.rawValue), folder: \"\(folder)\")") else {
            throw UsageError("Package.swift already lists \(family)/\(folder); choose another name or pass --folder")
        }
        guard !catalogueText.contains("import \(module)\n") else {
            throw UsageError("\(Self.cataloguePath) already imports \(module)")
        }
        let identifiers = [
            (typeName, "type"), (module, "module"), (module + "Module", "registration enum"),
            (kind == .replacement ? typeName + "Tests" : module + "Tests", "test suite"),
            (module + "Tests", "test module"),
        ]
        let taken = Self.takenNames(manifest: manifestText, root: URL(fileURLWithPath: root))
        for (identifier, role) in identifiers {
            if let clash = Self.clash(identifier, taken: taken) {
                throw UsageError(
                    "folder '\(folder)' would name the policy's \(role) \(identifier), which \(clash); pass --folder "
                        + "with another name")
            }
        }
        if let declaring = Self.policyDeclaring(
            name: name, in: URL(fileURLWithPath: root).appendingPathComponent("Policies/\(family)"))
        {
            throw UsageError("a \(kind.rawValue) policy named '\(name)' is already declared in \(declaring)")
        }

        originalManifest = manifestText
        originalCatalogue = catalogueText
        manifest = try Self.insertingTableLine(manifestLine, into: manifestText)
        catalogue = try Self.registering(module: module, kind: kind, in: catalogueText)
        (source, test) = Templates.files(
            name: name, kind: kind, folder: folder, module: module, typeName: typeName, sourcePath: sourcePath,
            testPath: testPath)
    }

    /// Writes the two new files and the two edits, each atomically; if one write fails, undoes the others.
    func write() throws {
        let base = URL(fileURLWithPath: root)
        let sourceFolder = base.appendingPathComponent(sourcePath).deletingLastPathComponent()
        let testFolder = base.appendingPathComponent(testPath).deletingLastPathComponent()
        let manifestPath = base.appendingPathComponent("Package.swift").path
        let cataloguePath = base.appendingPathComponent(Self.cataloguePath).path
        do {
            try AtomicFile.write(source, to: base.appendingPathComponent(sourcePath).path)
            try AtomicFile.write(test, to: base.appendingPathComponent(testPath).path)
            try AtomicFile.write(manifest, to: manifestPath)
            try AtomicFile.write(catalogue, to: cataloguePath)
        } catch {
            try? FileManager.default.removeItem(at: sourceFolder)
            try? FileManager.default.removeItem(at: testFolder)
            try? AtomicFile.write(originalManifest, to: manifestPath)
            try? AtomicFile.write(originalCatalogue, to: cataloguePath)
            throw error
        }
    }

    var summary: [String] {
        [
            "created    \(sourcePath)  (\(typeName): \(Templates.what(kind)))",
            "created    \(testPath)  (golden test)",
            "added      \(manifestLine.dropLast()) to Package.swift",
            "registered \(module)Module.entries in \(Self.cataloguePath)",
        ]
    }

    var nextSteps: [String] {
        let tryIt =
            switch kind {
            case .replacement: "vmlab simulate --pages 1,2,3,4,1,2,5,1,2,3,4,5 --policy \(name) --frames 3"
            case .allocation:
                "vmlab simulate --pages 1,2,3,4,1,2,5,1,2,3,4,5 --policy fifo --allocator \(name) --frames 3"
            case .swap: "vmlab simulate --pages 1,2,3,4,1,2,5 --policy fifo --swap \(name) --swap-slots 8 --frames 3"
            }
        return [
            "Next steps:",
            "  1. Make it yours: edit \(sourcePath) (its doc comment says what to change and the contract to keep).",
            "  2. Update the golden numbers: swift test --filter \(module)Tests",
            "  3. Run the conformance suite: swift test --filter PolicyConformanceTests",
            "  4. Try it with the debug build just made: .build/debug/\(tryIt)",
            "     or rebuild the release binary the README's alias runs: swift build -c release --product vmlab "
                + "&& .build/release/vmlab policies | grep \(name)",
            "  5. Measure it: vmlab bench (see BENCHMARKS.md); guide: Sources/VMCore/VMCore.docc/WritingAPolicy.md",
        ]
    }

    // MARK: Names

    static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 40, !name.hasPrefix("-"), !name.hasSuffix("-"), !name.contains("--")
        else { return false }
        return name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    static func isValidFolder(_ folder: String) -> Bool {
        guard let first = folder.first, ("A"..."Z").contains(first), folder.count <= 60 else { return false }
        return folder.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// Names the new policy's identifiers must not take, and what each one is.
    struct TakenNames {
        /// Module names: the package's targets and products (from its manifest, policy modules included).
        var modules: Set<String> = []
        /// Type names declared in the package's VMCore, its policies and its test support, with their files.
        var types: [String: String] = [:]
    }

    /// The modules and types of the package at `root` (with `manifest`, its Package.swift) that a new policy's
    /// identifiers would clash with.
    static func takenNames(manifest: String, root: URL) -> TakenNames {
        var taken = TakenNames()
        for match in manifest.matches(of: #/name: "([A-Za-z_][A-Za-z0-9_]*)"/#) {
            taken.modules.insert(String(match.output.1))
        }
        let suffixes = ["replacement": "Policy", "allocation": "Allocator", "swap": "SwapPlacement"]
        for match in manifest.matches(of: #/PolicyModule\(family: \.([a-z]+), folder: "([A-Za-z0-9]+)"\)/#) {
            guard let suffix = suffixes[String(match.output.1)] else { continue }
            taken.modules.insert(String(match.output.2) + suffix)
            taken.modules.insert(String(match.output.2) + suffix + "Tests")
        }
        // Top-level declarations only (nested types are indented, and clash with nothing).
        let modifier = #/(?:public|package|internal|fileprivate|private|final|open|indirect|@\w+(?:\([^)]*\))?)/#
        let declaration = Regex {
            Anchor.startOfLine
            ZeroOrMore {
                modifier
                OneOrMore(.horizontalWhitespace)
            }
            #/(?:class|struct|enum|protocol|actor|typealias)\s+/#
            Capture(#/[A-Z][A-Za-z0-9_]*/#)
        }.anchorsMatchLineEndings()
        for folder in ["Sources/VMCore", "Policies", "Tests/VMTestSupport"] {
            let directory = root.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
                continue
            }
            for case let url as URL in files where url.pathExtension == "swift" {
                guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                for match in text.matches(of: declaration) where taken.types[String(match.output.1)] == nil {
                    taken.types[String(match.output.1)] = folder + "/" + url.path.dropFirst(directory.path.count + 1)
                }
            }
        }
        return taken
    }

    /// Why `identifier` cannot name a generated type, module or test: a keyword, or a name a standard type,
    /// a module or a type of the package already has; nil when it is free.
    static func clash(_ identifier: String, taken: TakenNames) -> String? {
        if SwiftNames.keywords.contains(identifier) { return "is a Swift keyword" }
        if SwiftNames.standardLibraryTypes.contains(identifier) {
            return "would hide the standard library's \(identifier)"
        }
        if SwiftNames.modules.contains(identifier) || taken.modules.contains(identifier) {
            return "is already the name of a module"
        }
        if let file = taken.types[identifier] { return "is already a type, declared in \(file)" }
        return nil
    }

    /// `my-lru` → `MyLRU`, `s3-fifo` → `S3FIFO`, `working-set` → `WorkingSet`.
    static func folder(for name: String) -> String {
        name.split(separator: "-").map { word in
            acronyms.contains(String(word)) ? word.uppercased() : word.prefix(1).uppercased() + word.dropFirst()
        }.joined()
    }

    /// The first Swift file under `directory` that registers a policy called `name`, relative to the package.
    static func policyDeclaring(name: String, in directory: URL) -> String? {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return nil
        }
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            if let text = try? String(contentsOf: url, encoding: .utf8), text.contains("name: \"\(name)\"") {
                return "Policies/" + directory.lastPathComponent + "/"
                    + url.path.dropFirst(directory.path.count + 1)
            }
        }
        return nil
    }

    // MARK: Edits

    /// `manifest` with `line` added to the policy table, below the anchor, just before the table's closing `]`.
    static func insertingTableLine(_ line: String, into manifest: String) throws -> String {
        var lines = manifest.components(separatedBy: "\n")
        guard let anchor = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == manifestAnchor })
        else {
            throw UsageError(
                "Package.swift lacks the anchor '\(manifestAnchor)' inside the policyModules table; add it on its "
                    + "own line just before the table's closing ']'")
        }
        guard let close = lines[(anchor + 1)...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "]" })
        else {
            throw UsageError("Package.swift: no closing ']' of the policyModules table after '\(manifestAnchor)'")
        }
        let indentation = String(lines[anchor].prefix { $0 == " " })
        lines.insert(indentation + line, at: close)
        return lines.joined(separator: "\n")
    }

    /// `catalogue` with `import module` among the sorted imports below the imports anchor, and
    /// `+ <module>Module.entries` at the end of the list that follows the anchor of `kind` (`[]`, then `+` lines).
    static func registering(module: String, kind: PolicyKind, in catalogue: String) throws -> String {
        var lines = catalogue.components(separatedBy: "\n")
        let entriesAnchor = "// vmlab new-policy: \(kind.rawValue) entries"
        guard let importsAnchor = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == importsAnchor })
        else {
            throw UsageError("\(cataloguePath) lacks the anchor '\(Self.importsAnchor)' above its imports")
        }
        guard let entries = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == entriesAnchor }),
            entries > importsAnchor, entries + 1 < lines.count,
            lines[entries + 1].trimmingCharacters(in: .whitespaces) == "[]"
        else {
            throw UsageError(
                "\(cataloguePath) lacks the anchor '\(entriesAnchor)' followed by a line '[]' in the list of added "
                    + "\(kind.rawValue) policies")
        }
        var end = entries + 2
        while end < lines.count, lines[end].trimmingCharacters(in: .whitespaces).hasPrefix("+ ") { end += 1 }
        let indentation = String(lines[entries].prefix { $0 == " " })
        lines.insert(indentation + "+ \(module)Module.entries", at: end)
        // Imports stay sorted by module name (swift-format's OrderedImports), whatever their access level.
        var position = importsAnchor + 1
        while position < lines.count, let imported = importedModule(lines[position]), imported < module {
            position += 1
        }
        lines.insert("import \(module)", at: position)
        return lines.joined(separator: "\n")
    }

    /// The module an `import` line names, or nil for any other line.
    static func importedModule(_ line: String) -> String? {
        let words = line.split(separator: " ")
        guard let index = words.firstIndex(of: "import"), index + 1 < words.count, index <= 1 else { return nil }
        return String(words[index + 1])
    }
}

/// The template policies: working, documented, with a golden test each.
enum Templates {
    static func what(_ kind: PolicyKind) -> String {
        switch kind {
        case .replacement: "FIFO over a FrameList, evicts the oldest insertion"
        case .allocation: "the lowest free frame"
        case .swap: "the lowest free slot on the preferred device"
        }
    }

    static func files(
        name: String, kind: PolicyKind, folder: String, module: String, typeName: String, sourcePath: String,
        testPath: String
    ) -> (source: String, test: String) {
        let common = #"""
            /// ## Make it yours
            /// `vmlab new-policy` generated this file as a working starting point: it builds, is registered as
            /// `\#(name)`, and passes its golden test (`\#(testPath)`). To turn it into your policy:
            /// 1. Rewrite the type below (and rename it if you like) — state, events, invariants — and keep the
            ///    contract of ``\#(protocolName(kind))`` (Sources/VMCore/Protocols/\#(protocolName(kind)).swift).
            /// 2. Update `info` at the bottom: a one-line summary, the published source (paper or program, with
            ///    year), and the parameters (`PolicyParameter`), which the factory reads from `context.arguments`
            ///    (`PolicyArguments`: `integer`, `unsigned`, `number`, `boolean`, `text`; `require` to check a range).
            ///    A randomised policy declares `PolicyParameter.seed()` and draws from ``SplitMix64``.
            /// 3. Update the golden numbers in the test, run `swift test --filter \#(module)Tests` and the
            ///    conformance suite (`swift test --filter PolicyConformanceTests`), then `vmlab bench`.
            /// 4. Replace this section with the policy's description, its source and the complexity of each method.
            """#
        switch kind {
        case .replacement:
            return (replacementSource(name, module, typeName, common), replacementTest(name, module, typeName))
        case .allocation:
            return (allocationSource(name, module, typeName, common), allocationTest(name, module, typeName))
        case .swap: return (swapSource(name, module, typeName, common), swapTest(name, module, typeName))
        }
    }

    /// The imports of a test file, sorted as swift-format's OrderedImports wants them.
    static func testImports(_ module: String) -> String {
        [module, "Testing", "VMCore", "VMTestSupport"].sorted().map { "import \($0)" }.joined(separator: "\n")
    }

    static func protocolName(_ kind: PolicyKind) -> String {
        switch kind {
        case .replacement: "ReplacementPolicy"
        case .allocation: "FrameAllocator"
        case .swap: "SwapPlacement"
        }
    }

    static func replacementSource(_ name: String, _ module: String, _ type: String, _ common: String) -> String {
        #"""
        public import VMCore

        /// `\#(name)`: first-in, first-out replacement — evicts the page that has been resident longest, whatever
        /// its use. (Template: Belady, Nelson & Shedler, "An anomaly in space-time characteristics of certain
        /// programs running in a paging machine", CACM 12(6), 1969.)
        ///
        /// The contract, in short (``ReplacementPolicy`` has it in full): the machine calls `inserted` when a
        /// page is mapped after a fault (that insertion *is* the reference: no `accessed` for it), `accessed` on
        /// every hit, `evict(for:)` when a page must come in and no frame is free — before the new page is
        /// inserted, so it is never its own victim — and `removed` when a page leaves because its process was
        /// killed. Return only a frame you hold. These run once per access: allocate nothing in them, keep hot
        /// state in buffers you own (``FrameList``, `UnsafeMutablePointer` allocated in `init`, freed in
        /// `deinit`). Under local replacement `evict(for:)` may serve another process's fault: no `inserted`
        /// follows in this instance.
        ///
        \#(common)
        ///
        /// Complexity (template): inserted, accessed, evict and removed O(1); one intrusive list over frames.
        public final class \#(type): ReplacementPolicy {
            /// Resident frames, oldest insertion first. Stored `var`s of a policy are `@exclusivity(unchecked)`: an
            /// instance is used by one thread at a time, and the run-time check would cost more than the policy.
            @exclusivity(unchecked) private var queue: FrameList

            public init(frames: Int) { queue = FrameList(capacity: frames) }

            public func inserted(frame: Int, reference: PageReference) { queue.pushBack(frame) }

            /// FIFO ignores hits; most policies update recency or frequency here.
            public func accessed(frame: Int, reference: PageReference) {}

            /// Called only while a page is resident, so the queue is not empty.
            public func evict(for reference: PageReference) -> Int { queue.popFront()! }

            public func removed(frame: Int) { queue.remove(frame) }

            /// Explains the policy (`vmlab simulate --steps`, `frame-table --order policy`): resident frames in the
            /// order you would evict them, next victim first, with what you keep about each as a short note.
            public func residentOrder() -> ResidentOrder? {
                ResidentOrder(frames: queue.frames(), meaning: "oldest first")
            }

            /// Tests call this after every step: track exactly the resident frames, and check your own structures.
            public func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {
                try queue.checkInvariants(name: "\#(name) queue", isValid: isResident)
                guard queue.count == residentCount else {
                    throw .contractViolation("\#(name) tracks \(queue.count) frames, \(residentCount) are resident")
                }
            }
        }

        /// Registers `\#(name)`.
        public enum \#(module)Module {
            public static let entries: [ReplacementPolicyEntry] = [
                ReplacementPolicyEntry(
                    info: PolicyInfo(
                        name: "\#(name)", kind: .replacement,
                        summary: "first in, first out (template from vmlab new-policy)",
                        parameters: [],
                        module: "\#(module)",
                        source: "Belady, Nelson & Shedler, CACM 1969 (FIFO template)")
                ) { context throws(VMError) in \#(type)(frames: context.frames) }
            ]
        }

        """#
    }

    static func replacementTest(_ name: String, _ module: String, _ type: String) -> String {
        #"""
        \#(testImports(module))

        /// Golden numbers for `\#(name)`: change them when you change the policy, and say where they come from
        /// (a textbook exercise, a published simulator's output, a hand-worked trace).
        struct \#(type)Tests {
            @Test("Evicts in insertion order; hits do not change the order")
            func order() {
                let policy = \#(type)(frames: 4)
                for frame in [2, 0, 3] { policy.inserted(frame: frame, reference: PageReference(time: 0, page: 0)) }
                policy.accessed(frame: 2, reference: PageReference(time: 1, page: 0))
                #expect(policy.evict(for: PageReference(time: 2, page: 9)) == 2)
                policy.removed(frame: 3)
                #expect(policy.evict(for: PageReference(time: 3, page: 9)) == 0)
            }

            @Test("Belady's string: 9 faults with 3 frames, 10 with 4 (FIFO's anomaly)")
            func golden() throws {
                #expect(try Workbench.faults("\#(name)", pages: Workbench.beladyString, frames: 3) == 9)
                #expect(try Workbench.faults("\#(name)", pages: Workbench.beladyString, frames: 4) == 10)
            }
        }

        """#
    }

    static func allocationSource(_ name: String, _ module: String, _ type: String, _ common: String) -> String {
        #"""
        public import VMCore

        /// `\#(name)`: gives a faulting page the lowest-numbered free frame. (Template: the linear free-frame
        /// allocation of textbook paging, Silberschatz et al., Operating System Concepts.)
        ///
        /// The contract, in short (``FrameAllocator`` has it in full): the machine owns which frames are free
        /// (`memory.free`); `allocate` is called only while one is free and returns a free frame, or nil to make
        /// the machine evict (a per-process budget); `released` is called after a frame became free again. Keep
        /// any structure of your own (free lists, buddy orders, cursors) in step through these two calls and check
        /// it in `checkInvariants`. Neither is on the hit path, but both run once per fault: allocate nothing.
        ///
        \#(common)
        ///
        /// Complexity (template): allocate O(1) amortised (the free map's lowest-free hint), O(frames / 64) worst.
        public final class \#(type): FrameAllocator {
            /// Frames of the machine.
            private let frames: Int

            public init(frames: Int) { self.frames = frames }

            public func allocate(for reference: PageReference, in memory: PhysicalMemory) -> Int? {
                memory.free.lowestFree()
            }

            /// The template keeps no state of its own: the machine's free map is enough.
            public func released(frame: Int) {}

            public func checkInvariants(memory: PhysicalMemory) throws(VMError) {
                guard memory.frameCount == frames else {
                    throw .contractViolation("\#(name) was made for \(frames) frames, the machine has \(memory.frameCount)")
                }
            }
        }

        /// Registers `\#(name)`.
        public enum \#(module)Module {
            public static let entries: [FrameAllocatorEntry] = [
                FrameAllocatorEntry(
                    info: PolicyInfo(
                        name: "\#(name)", kind: .allocation,
                        summary: "the lowest-numbered free frame (template from vmlab new-policy)",
                        parameters: [],
                        module: "\#(module)",
                        source: "textbook linear free-frame allocation (Silberschatz et al.; template)")
                ) { context throws(VMError) in \#(type)(frames: context.frames) }
            ]
        }

        """#
    }

    static func allocationTest(_ name: String, _ module: String, _ type: String) -> String {
        #"""
        \#(testImports(module))

        /// Golden numbers for `\#(name)`: change them when you change the policy.
        struct \#(module)Tests {
            @Test("Always the lowest free frame; nil when none is free")
            func lowest() {
                let memory = PhysicalMemory(frameCount: 4)
                let allocator = \#(type)(frames: 4)
                let reference = PageReference(time: 0, page: 0)
                for expected in 0..<4 {
                    let frame = allocator.allocate(for: reference, in: memory)
                    #expect(frame == expected)
                    memory.free.markUsed(frame!)
                }
                #expect(allocator.allocate(for: reference, in: memory) == nil)
                memory.free.markFree(2)
                memory.free.markFree(1)
                #expect(allocator.allocate(for: reference, in: memory) == 1)
            }

            @Test("Belady's string under FIFO with 3 frames: 9 faults, pages 1, 2, 3 in frames 0, 1, 2 first")
            func golden() throws {
                let machine = try Workbench.machine(policy: "fifo", frames: 3, allocator: "\#(name)")
                for page in Workbench.beladyString.prefix(3) {
                    try machine.step(Access(page: page, pageShift: machine.layout.pageShift))
                }
                #expect((0..<3).map { machine.contents(ofFrame: $0)?.page } == [1, 2, 3])
                for page in Workbench.beladyString.dropFirst(3) {
                    try machine.step(Access(page: page, pageShift: machine.layout.pageShift))
                }
                #expect(machine.totals.faults == 9)
            }
        }

        """#
    }

    static func swapSource(_ name: String, _ module: String, _ type: String, _ common: String) -> String {
        #"""
        public import VMCore

        /// `\#(name)`: writes an evicted page to the lowest free slot of the preferred swap device — the highest
        /// priority with room, equal priorities in the order added, as Linux orders swap areas. (Template:
        /// Bovet & Cesati, Understanding the Linux Kernel, ch. 17, without clustering.)
        ///
        /// The contract, in short (``SwapPlacement`` has it in full): the machine owns the devices and their used
        /// slots (`space`); `place` is called when a page must be written out and returns a free slot, or nil when
        /// no device has room (the machine then applies its out-of-memory rule); `released` is called after a slot
        /// became free. Keep cursors or clusters of your own in step through these calls and check them in
        /// `checkInvariants`. Both run once per swap-out or freed slot: allocate nothing.
        ///
        \#(common)
        ///
        /// Complexity (template): O(devices) plus the free map's lowest-free scan, O(1) amortised.
        public final class \#(type): SwapPlacement {
            public init() {}

            public func place(for reference: PageReference, in space: SwapSpace) -> SwapSlot? {
                for device in space.devicesByPriority where space.hasRoom(device: device) {
                    if let slot = space.devices[device].slots.lowestFree() {
                        return SwapSlot(device: device, index: slot)
                    }
                }
                return nil
            }

            /// The template keeps no state of its own: the devices' free maps are enough.
            public func released(slot: SwapSlot) {}

            public func checkInvariants(space: SwapSpace) throws(VMError) {}
        }

        /// Registers `\#(name)`.
        public enum \#(module)Module {
            public static let entries: [SwapPlacementEntry] = [
                SwapPlacementEntry(
                    info: PolicyInfo(
                        name: "\#(name)", kind: .swap,
                        summary: "lowest free slot on the preferred device (template from vmlab new-policy)",
                        parameters: [],
                        module: "\#(module)",
                        source: "textbook swap-slot allocation (Bovet & Cesati, ch. 17; template)")
                ) { _ throws(VMError) in \#(type)() }
            ]
        }

        """#
    }

    static func swapTest(_ name: String, _ module: String, _ type: String) -> String {
        #"""
        \#(testImports(module))

        /// Golden numbers for `\#(name)`: change them when you change the policy.
        struct \#(module)Tests {
            @Test("Highest priority with room first; equal priorities in the order added")
            func priorities() throws {
                let space = try SwapSpace([
                    SwapDeviceConfiguration(name: "a", slots: 2),
                    SwapDeviceConfiguration(name: "b", slots: 1),
                    SwapDeviceConfiguration(name: "fast", slots: 1, priority: 5),
                ])
                let placement = \#(type)()
                let reference = PageReference(time: 0, page: 0)
                var placed: [SwapSlot] = []
                while let slot = placement.place(for: reference, in: space) {
                    placed.append(slot)
                    space.devices[slot.device].slots.markUsed(slot.index)
                }
                #expect(
                    placed == [
                        SwapSlot(device: 2, index: 0), SwapSlot(device: 0, index: 0), SwapSlot(device: 0, index: 1),
                        SwapSlot(device: 1, index: 0),
                    ])
            }

            @Test("Belady's string written under FIFO with 3 frames: 6 swap-outs, 4 swap-ins")
            func golden() throws {
                let machine = try Workbench.machine(
                    policy: "fifo", frames: 3, swap: "\#(name)", swapDevices: [SwapDeviceConfiguration(name: "s", slots: 8)])
                for page in Workbench.beladyString {
                    try machine.step(Access(page: page, kind: .write, pageShift: machine.layout.pageShift))
                }
                #expect(machine.totals.faults == 9)
                #expect(machine.totals.swapOuts == 6)
                #expect(machine.totals.swapIns == 4)
            }
        }

        """#
    }
}
