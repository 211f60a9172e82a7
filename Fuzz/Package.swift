// swift-tools-version: 6.1
import Foundation
import PackageDescription

// libFuzzer targets for every parser and decoder of VMLab (see the README's "Fuzzing" section and `make fuzz`).
// Each target is one file under Targets/<name>/ exporting `LLVMFuzzerTestOneInput`; build them with
// `swift build --package-path Fuzz --sanitize=fuzzer --sanitize=address` (libFuzzer supplies `main`).
// Without `--sanitize=fuzzer` they do not link: this package is only for fuzzing.

// A path dependency's identity is its folder's name, whatever the clone is called.
let vmlab = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

func library(_ name: String) -> Target.Dependency { .product(name: name, package: vmlab) }

/// Target name (also the corpus folder `Corpus/<name>`) and the libraries it needs.
let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
    ("pages", [library("VMTrace")]),
    ("inline-pages", [library("VMTrace")]),
    ("pid", [library("VMTrace")]),
    ("lackey", [library("VMTrace")]),
    ("oracle-general", [library("VMTrace")]),
    ("compressed", [library("VMTrace")]),
    ("experiment", [library("VMRunner"), library("VMPolicyCatalogue"), library("VMScenario")]),
    ("scenario", [library("VMScenario"), library("VMExperiment"), library("VMPolicyCatalogue")]),
    ("policy-spec", [library("VMExperiment"), library("VMPolicyCatalogue")]),
    ("frame-list", [library("VMExperiment")]),
    ("plugin-parameters", [library("VMPlugin")]),
]

let package = Package(
    name: "VMLabFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [library("VMCore"), library("VMTrace")])
    ]
        + fuzzTargets.map { target in
            .executableTarget(
                name: "fuzz-\(target.name)",
                dependencies: ["FuzzSupport", library("VMCore")] + target.dependencies,
                path: "Targets/\(target.name)"
            )
        }
)
