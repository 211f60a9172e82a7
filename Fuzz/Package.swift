// swift-tools-version: 6.1
import Foundation
import PackageDescription

// libFuzzer targets for every parser and decoder of VMLab (see the README's "Fuzzing" section and `make fuzz`).
// Each target is one file under Targets/<name>/ exporting `LLVMFuzzerTestOneInput`; `make fuzz-build` builds them
// with `swift build --package-path Fuzz --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address`. `--sanitize=fuzzer`
// makes SwiftPM link libFuzzer's `main`; the `-Xswiftc` flag comes last and is the one swiftc keeps (it keeps only
// the last `-sanitize=`, so `--sanitize=fuzzer --sanitize=address` would build Swift code without coverage
// instrumentation, and the fuzzer would run blind). This package is only for fuzzing.

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
