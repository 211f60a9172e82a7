// swift-tools-version: 6.1
import PackageDescription

// MARK: - Policy modules
//
// One line per policy module. Each module lives under `Policies/<family>/<folder>`, imports only VMCore and
// exports a `PolicyEntry` list that `VMPolicyCatalogue` registers. A test fails when a folder under `Policies/`
// is missing from this table (see `PolicyCatalogueTests`). Policies with golden tests keep them in
// `Tests/Policies/<module>Tests`; the test target is derived from this table.
//
// The module name is derived from the folder: `Replacement/LRU` → `LRUPolicy`, `Allocation/Buddy` →
// `BuddyAllocator`, `Swap/Cluster` → `ClusterSwapPlacement`.
struct PolicyModule {
    enum Family: String {
        case replacement = "Replacement"
        case allocation = "Allocation"
        case swap = "Swap"

        var moduleSuffix: String {
            switch self {
            case .replacement: "Policy"
            case .allocation: "Allocator"
            case .swap: "SwapPlacement"
            }
        }
    }

    var family: Family
    var folder: String
    var module: String { folder + family.moduleSuffix }
}

let policyModules: [PolicyModule] = [
    // Replacement: the first five.
    PolicyModule(family: .replacement, folder: "FIFO"),
    PolicyModule(family: .replacement, folder: "LRU"),
    PolicyModule(family: .replacement, folder: "OPT"),
    PolicyModule(family: .replacement, folder: "Random"),
    PolicyModule(family: .replacement, folder: "Clock"),
    // Replacement: textbook and teaching-simulator policies.
    PolicyModule(family: .replacement, folder: "FIFOReinsertion"),
    PolicyModule(family: .replacement, folder: "LFU"),
    PolicyModule(family: .replacement, folder: "MRU"),
    PolicyModule(family: .replacement, folder: "SecondChance"),
    PolicyModule(family: .replacement, folder: "UnOPT"),
    PolicyModule(family: .replacement, folder: "OSTEPRand"),
    PolicyModule(family: .replacement, folder: "OSTEPClock"),
    PolicyModule(family: .replacement, folder: "Aging"),
    PolicyModule(family: .replacement, folder: "NFU"),
    PolicyModule(family: .replacement, folder: "NRU"),
    PolicyModule(family: .replacement, folder: "WSClock"),
    PolicyModule(family: .replacement, folder: "WorkingSet"),
    // Replacement: research and kernel policies.
    PolicyModule(family: .replacement, folder: "SIEVE"),
    PolicyModule(family: .replacement, folder: "ARC"),
    PolicyModule(family: .replacement, folder: "TwoQ"),
    PolicyModule(family: .replacement, folder: "S3FIFO"),
    PolicyModule(family: .replacement, folder: "LRUK"),
    PolicyModule(family: .replacement, folder: "LIRS"),
    PolicyModule(family: .replacement, folder: "Linux2List"),
    PolicyModule(family: .replacement, folder: "CAR"),
    PolicyModule(family: .replacement, folder: "ClockPro"),
    PolicyModule(family: .replacement, folder: "MGLRU"),
    // Frame allocation.
    PolicyModule(family: .allocation, folder: "FirstFree"),
    PolicyModule(family: .allocation, folder: "NextFree"),
    PolicyModule(family: .allocation, folder: "RandomFree"),
    PolicyModule(family: .allocation, folder: "Buddy"),
    // Swap placement.
    PolicyModule(family: .swap, folder: "FirstFree"),
    PolicyModule(family: .swap, folder: "NextFit"),
    PolicyModule(family: .swap, folder: "Cluster"),
    PolicyModule(family: .swap, folder: "LinuxPriority"),
    // Added with vmlab new-policy.
]

// MARK: - Settings shared by every target

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // No unsafeFlags anywhere: a package that depends on VMLab by version must be able to build every target.
    // The hot stored properties of the machine, the policies and the trace decoders are marked
    // `@exclusivity(unchecked)` instead (BENCHMARKS.md, "Exclusivity checks", measures both ways).
]

let policyTargets: [Target] = policyModules.map { policy in
    .target(
        name: policy.module,
        dependencies: ["VMCore"],
        path: "Policies/\(policy.family.rawValue)/\(policy.folder)",
        swiftSettings: strictSettings
    )
}

let policyTestTargets: [Target] = policyModules.map { policy in
    .testTarget(
        name: "\(policy.module)Tests",
        dependencies: [.target(name: policy.module), "VMCore", "VMTestSupport"],
        path: "Tests/Policies/\(policy.module)Tests",
        swiftSettings: strictSettings
    )
}

let package = Package(
    name: "VMLab",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vmlab", targets: ["vmlab"]),
        // The whole command line as a library: a package of one's own builds its own vmlab with extra policies
        // (`VMLabCLI.main(registering:)`; see Examples/ExternalPolicy).
        .library(name: "VMLabCLI", targets: ["VMLabCLI"]),
        .library(name: "VMCore", targets: ["VMCore"]),
        .library(name: "VMTrace", targets: ["VMTrace"]),
        .library(name: "VMExperiment", targets: ["VMExperiment"]),
        // Used by the fuzzing package in Fuzz/, which reaches every parser through these.
        .library(name: "VMPolicyCatalogue", targets: ["VMPolicyCatalogue"]),
        .library(name: "VMScenario", targets: ["VMScenario"]),
        .library(name: "VMRunner", targets: ["VMRunner"]),
        .library(name: "VMPlugin", targets: ["VMPlugin"]),
        // For plugins written in Swift (Examples/SwiftPlugin): Swift policies exported through the C ABI.
        .library(name: "VMPluginKit", targets: ["VMPluginKit"]),
        .library(name: "VMChart", targets: ["VMChart"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        // Test-only: property-based tests with shrinking (Tests/PropertyTests).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // `make docs`: the DocC catalogue of VMCore (protocols and the "Writing a policy" article).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(name: "CVMSupport"),
        .target(name: "VMCore", dependencies: ["CVMSupport"], swiftSettings: strictSettings),
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "VMTrace", dependencies: ["VMCore", "CVMSupport", "CZstd", "CZlib"], swiftSettings: strictSettings),
        .target(
            name: "VMPolicyCatalogue",
            dependencies: ["VMCore"] + policyModules.map { .target(name: $0.module) },
            swiftSettings: strictSettings
        ),
        .target(
            name: "VMExperiment",
            dependencies: ["VMCore", "VMTrace", "VMPolicyCatalogue"],
            swiftSettings: strictSettings
        ),
        // Graphviz (libgvc) behind one module: only VMDiagram imports it, and serialises every call.
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        .target(
            name: "VMDiagram",
            dependencies: ["VMCore", "CGraphviz", .product(name: "Plot", package: "Plot")],
            swiftSettings: strictSettings
        ),
        // librsvg and cairo behind one module: only VMChart imports it, to turn a chart's SVG into PNG and PDF.
        .systemLibrary(
            name: "CRsvg",
            pkgConfig: "librsvg-2.0",
            providers: [.apt(["librsvg2-dev"])]
        ),
        .target(name: "VMChart", dependencies: ["VMCore", "CRsvg"], swiftSettings: strictSettings),
        .target(
            name: "VMScenario",
            dependencies: ["VMCore", "VMExperiment", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // Run-time plugins: a versioned C ABI (CVMPlugin's header) and the Swift loader that wraps it.
        .target(name: "CVMPlugin"),
        .target(name: "VMPlugin", dependencies: ["VMCore", "CVMPlugin"], swiftSettings: strictSettings),
        // Built by plugin packages that depend on this one: no unsafe flags.
        .target(
            name: "VMPluginKit", dependencies: ["VMCore", "CVMPlugin"],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault"),
                .enableUpcomingFeature("MemberImportVisibility"),
            ]),
        .target(
            name: "VMRunner",
            dependencies: [
                "VMCore", "VMTrace", "VMExperiment", "VMScenario", "VMDiagram", "VMChart", "VMPolicyCatalogue",
                .product(name: "Yams", package: "Yams"), .product(name: "Plot", package: "Plot"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strictSettings
        ),
        // The command line, one file per subcommand; the vmlab executable is one call into it.
        .target(
            name: "VMLabCLI",
            dependencies: [
                "VMCore", "VMTrace", "VMExperiment", "VMPolicyCatalogue", "VMDiagram", "VMScenario", "VMPlugin",
                "VMRunner", "VMChart",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "vmlab", dependencies: ["VMLabCLI"], swiftSettings: strictSettings),
        .target(
            name: "VMTestSupport",
            dependencies: ["VMCore", "VMPolicyCatalogue"],
            path: "Tests/VMTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VMCoreTests",
            dependencies: ["VMCore", "VMTestSupport", "VMPolicyCatalogue"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VMTraceTests",
            dependencies: ["VMTrace", "VMCore", "CZstd", "CZlib", "VMTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PolicyConformanceTests",
            dependencies: ["VMCore", "VMPolicyCatalogue", "VMTestSupport", "VMExperiment"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PropertyTests",
            dependencies: [
                "VMCore", "VMTrace", "VMExperiment", "VMPolicyCatalogue", "VMTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VMExperimentTests",
            dependencies: ["VMExperiment", "VMTrace", "VMCore", "VMPolicyCatalogue"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VMDiagramTests",
            dependencies: ["VMDiagram", "VMScenario", "VMCore", "VMTestSupport", "VMPolicyCatalogue"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VMChartTests",
            dependencies: ["VMChart", "VMCore", "VMTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VMScenarioTests",
            dependencies: ["VMScenario", "VMCore", "VMPolicyCatalogue", "VMTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VMRunnerTests",
            dependencies: [
                "VMRunner", "VMCore", "VMExperiment", "VMPolicyCatalogue", "VMScenario", "VMDiagram", "VMTestSupport",
                "VMChart",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VMLabCLITests",
            dependencies: ["VMLabCLI", "VMCore", "VMPolicyCatalogue", "FIFOPolicy", "FirstFreeAllocator"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "vmlabTests",
            dependencies: ["vmlab", "VMLabCLI", "VMTestSupport"],
            swiftSettings: strictSettings
        ),
    ] + policyTargets + policyTestTargets
)
