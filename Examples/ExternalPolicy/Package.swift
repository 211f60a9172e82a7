// swift-tools-version: 6.1
import PackageDescription

// A package of one's own with its own replacement policy and its own `vmlab` (called `my-vmlab`): the whole command
// line of VMLab, with `lifo` registered beside the built-in policies. See README.md.
//
// VMLab comes in by path here (this folder is inside the VMLab repository). In a repository of your own, use the
// versioned form instead:
//     .package(url: "https://example.org/you/vmlab.git", from: "1.0.0")
// and name its products with `package: "vmlab"` (the last part of the URL).
let package = Package(
    name: "ExternalPolicy",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "VMLab", path: "../..")
    ],
    targets: [
        // The policy: imports only VMCore, like every policy module of VMLab.
        .target(
            name: "ExternalLIFO",
            dependencies: [.product(name: "VMCore", package: "VMLab")]
        ),
        // Your own vmlab: every subcommand, with the policies of this package added.
        .executableTarget(
            name: "my-vmlab",
            dependencies: ["ExternalLIFO", .product(name: "VMLabCLI", package: "VMLab")]
        ),
        .testTarget(
            name: "ExternalLIFOTests",
            dependencies: [
                "ExternalLIFO", .product(name: "VMCore", package: "VMLab"),
                .product(name: "VMPolicyCatalogue", package: "VMLab"),
            ]
        ),
    ]
)
