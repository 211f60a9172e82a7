// swift-tools-version: 6.1
import PackageDescription

// A VMLab run-time plugin written in Swift: a dynamic library that exports Swift policies of all three kinds
// through VMPluginKit (the C ABI of Sources/CVMPlugin/include/vmlab_plugin.h). Build it from the repository root:
//
//     swift build -c release --package-path Examples/SwiftPlugin --scratch-path Examples/SwiftPlugin/.build-swiftplugin
//
// and load `Examples/SwiftPlugin/.build-swiftplugin/release/libSwiftPolicies.so` with `vmlab ... --plugin`.
let package = Package(
    name: "SwiftPlugin",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SwiftPolicies", type: .dynamic, targets: ["SwiftPolicies"])
    ],
    dependencies: [
        // The VMLab package itself (this repository); any path or URL works, the name is what products refer to.
        .package(name: "VMLab", path: "../..")
    ],
    targets: [
        .target(
            name: "SwiftPolicies",
            dependencies: [.product(name: "VMPluginKit", package: "VMLab")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        )
    ]
)
