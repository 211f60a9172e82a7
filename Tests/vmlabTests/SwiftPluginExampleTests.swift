import Foundation
import Testing

/// The Swift plugin example (`Examples/SwiftPlugin`), built as its README says, into a scratch folder reused
/// between runs (`Examples/SwiftPlugin/.build-swiftplugin`, ignored by git).
enum SwiftPluginExample {
    static let package = PluginTests.root.appendingPathComponent("Examples/SwiftPlugin")
    static let scratch = package.appendingPathComponent(".build-swiftplugin")

    /// Under CI the example must build: a missing `swift` is a failure there, not a reason to skip.
    static let isCI =
        ProcessInfo.processInfo.environment["CI"].map { ["true", "1", "yes"].contains($0.lowercased()) }
        ?? false

    /// `swift` on the PATH, or nil.
    static let swift: String? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(directory)/swift"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// The built library, or why it could not be built. Built once per test process (the tests share it). A scratch
    /// folder left by a build of an older checkout can name a VMLab source file that has since been deleted
    /// (SwiftPM then stops with "missing inputs" instead of replanning): the folder is removed and the build
    /// tried once more.
    static let library: Result<String, BuildFailure> = {
        guard let swift else { return .failure(BuildFailure(message: "no swift on PATH")) }
        var result = build(with: swift)
        if case .failure(let failure) = result, failure.message.contains("because of missing inputs") {
            try? FileManager.default.removeItem(at: scratch)
            result = build(with: swift)
        }
        return result
    }()

    private static func build(with swift: String) -> Result<String, BuildFailure> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: swift)
        process.arguments = ["build", "--package-path", package.path, "--scratch-path", scratch.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return .failure(BuildFailure(message: "\(error)")) }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(BuildFailure(message: "swift build failed:\n" + text.suffix(4000)))
        }
        let path = scratch.appendingPathComponent("debug/libSwiftPolicies.so").path
        guard FileManager.default.fileExists(atPath: path) else {
            return .failure(BuildFailure(message: "swift build made no \(path):\n" + text.suffix(2000)))
        }
        return .success(path)
    }

    struct BuildFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

/// The Swift plugin example is built and loaded, and its three policies (written in Swift, exported through
/// VMPluginKit) give the numbers of the built-in policies they copy.
@Suite(
    .enabled(
        if: SwiftPluginExample.swift != nil || SwiftPluginExample.isCI,
        "no swift on PATH to build Examples/SwiftPlugin (under CI=true this fails instead)"),
    .serialized)
struct SwiftPluginExampleTests {
    static let pages = PluginKindsTests.pages

    static func library() throws -> String {
        switch SwiftPluginExample.library {
        case .success(let path): return path
        case .failure(let failure): throw failure
        }
    }

    @Test("The Swift plugin lists its three policies, with their kinds, typed parameters and summaries")
    func listed() throws {
        let plugin = try Self.library()
        let result = try VMLabProcess.run(["policies", "--json", "--plugin", plugin])
        #expect(result.status == 0, "\(result.stderr)")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let byName = Dictionary(
            array.compactMap { entry in (entry["name"] as? String).map { ("\($0)/\(entry["kind"] ?? "")", entry) } },
            uniquingKeysWith: { first, _ in first })
        let random = try #require(byName["swift-random/replacement"])
        #expect(random["module"] as? String == "plugin:libSwiftPolicies.so")
        let seed = try #require((random["parameters"] as? [[String: Any]])?.first)
        #expect(seed["name"] as? String == "seed")
        #expect(seed["type"] as? String == "integer")
        #expect((seed["summary"] as? String)?.contains("the same seed gives the same run") == true)
        let nextFree = try #require(byName["swift-next-free/allocation"])
        let start = try #require((nextFree["parameters"] as? [[String: Any]])?.first)
        #expect(start["summary"] as? String == "the frame the cursor starts at")
        #expect(byName["swift-first-free/swap"] != nil)
    }

    @Test("swift-random gives the built-in random's faults for the same seed, the largest seed included")
    func replacement() throws {
        let plugin = try Self.library()
        let trace = PluginTests.root.appendingPathComponent("Examples/traces/true.all.pages.zst").path
        for seed in ["1", "42", "18446744073709551615"] {
            let result = try VMLabProcess.run([
                "compare", "--plugin", plugin, "--trace", trace, "--frames", "8,32", "--csv",
                "--policies", "swift-random:seed=\(seed);random:seed=\(seed)",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let faults = PluginTests.faults(result.stdout)
            for frames in [8, 32] {
                let swift = faults["swift-random:seed=\(seed):\(frames)"]
                #expect(swift != nil, "\(result.stdout)")
                #expect(swift == faults["random:seed=\(seed):\(frames)"], "seed \(seed), \(frames) frames")
            }
        }
        // The machine's invariant checks after every access (slow in debug builds: a short string).
        let checked = try VMLabProcess.run([
            "simulate", "--plugin", plugin, "--pages", Self.pages, "--frames", "4", "--check-invariants", "--policy",
            "swift-random:seed=3",
        ])
        #expect(checked.status == 0, "\(checked.stderr)")
    }

    @Test("swift-next-free and swift-first-free give the built-in next-free and first-free steps exactly")
    func allocatorAndSwap() throws {
        let plugin = try Self.library()
        let common = ["simulate", "--steps", "--csv", "--check-invariants", "--pages", Self.pages, "--frames", "4"]
        let builtIn = try VMLabProcess.run(
            common + ["--policy", "lru", "--allocator", "next-free", "--swap", "first-free", "--swap-slots", "16"])
        let swift = try VMLabProcess.run(
            common + [
                "--plugin", plugin, "--policy", "lru", "--allocator", "swift-next-free", "--swap", "swift-first-free",
                "--swap-slots", "16",
            ])
        #expect(builtIn.status == 0, "\(builtIn.stderr)")
        #expect(swift.status == 0, "\(swift.stderr)")
        #expect(swift.stdout == builtIn.stdout)
        #expect(swift.stdout.contains("swap0:"))
        // With one process and RAM full, one frame is free at a time and every allocator agrees; from frame 2 the
        // first four pages land elsewhere: the plugin really allocates, and `start` reaches the Swift factory.
        let shifted = try VMLabProcess.run(
            common + [
                "--plugin", plugin, "--policy", "lru", "--allocator", "swift-next-free:start=2", "--swap",
                "swift-first-free", "--swap-slots", "16",
            ])
        #expect(shifted.status == 0, "\(shifted.stderr)")
        #expect(shifted.stdout != builtIn.stdout)
        let frames = shifted.stdout.split(separator: "\n").dropFirst().prefix(4).map {
            $0.split(separator: ",", omittingEmptySubsequences: false)[6]
        }
        #expect(frames == ["2", "3", "0", "1"], "\(shifted.stdout)")
    }

    @Test("A Swift factory's error is the refusal reason vmlab prints (exit 2)")
    func refusal() throws {
        let plugin = try Self.library()
        let result = try VMLabProcess.run([
            "simulate", "--plugin", plugin, "--pages", Self.pages, "--frames", "4", "--policy", "lru",
            "--allocator", "swift-next-free:start=4",
        ])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "plugin frame allocator swift-next-free could not be created for 4 frames with start=4 (its create "
                    + "function refused: parameter start of swift-next-free must be a frame of the machine (0...3); "
                    + "got 4)"), "\(result.stderr)")
    }
}
