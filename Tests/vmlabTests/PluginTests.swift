import Foundation
import Testing

/// The C compiler the plugin tests build plugins with.
enum CCompiler {
    /// `cc` on the PATH, or nil.
    static let path: String? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(directory)/cc"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()
}

/// Run-time plugins through the C ABI: the example CLOCK plugin round trip, and every way a library is refused.
@Suite(.enabled(if: CCompiler.path != nil, "no C compiler (cc) on PATH: the plugin tests need one"))
struct PluginTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let include = root.appendingPathComponent("Sources/CVMPlugin/include").path
    /// The frozen version-1 header, which plugins built for ABI version 1 still have.
    static let includeV1 = root.appendingPathComponent("Tests/PluginFixtures/v1").path
    static let belady = "1,2,3,4,1,2,5,1,2,3,4,5"

    /// A small C plugin for the refusal tests, built against the version-1 header (so these tests also show that
    /// version-1 plugins keep loading): registers `test-plugin` (a policy that evicts the lowest resident frame),
    /// with `-D` switches for what goes wrong.
    static let testPluginSource = """
        #include <stdlib.h>
        #include "vmlab_plugin.h"
        #ifndef PLUGIN_NAME
        #define PLUGIN_NAME "test-plugin"
        #endif
        #ifndef PLUGIN_VERSION
        #define PLUGIN_VERSION VMLAB_PLUGIN_ABI_VERSION
        #endif
        typedef struct { uint32_t frames; uint8_t present[]; } state_t;
        static void *create(uint32_t frames, const vmlab_arguments *arguments) {
            (void)arguments;
            state_t *state = calloc(1, sizeof(state_t) + frames);
            if (state) state->frames = frames;
            return state;
        }
        static void destroy(void *state) { free(state); }
        static void inserted(void *s, int32_t frame, const vmlab_reference *r) { (void)r; ((state_t *)s)->present[frame] = 1; }
        static void accessed(void *s, int32_t frame, const vmlab_reference *r) { (void)s; (void)frame; (void)r; }
        static int32_t evict(void *s, const vmlab_reference *r) {
            (void)r;
            state_t *state = s;
        #ifdef BAD_EVICT
            return (int32_t)state->frames + 1000;
        #endif
            for (uint32_t frame = 0; frame < state->frames; frame++) {
                if (state->present[frame]) { state->present[frame] = 0; return (int32_t)frame; }
            }
            return -1;
        }
        static void removed(void *s, int32_t frame) { ((state_t *)s)->present[frame] = 0; }
        static const vmlab_replacement_ops ops = {
            VMLAB_PLUGIN_ABI_VERSION, sizeof(vmlab_replacement_ops), PLUGIN_NAME, "evicts the lowest resident frame",
            "PluginTests.swift", NULL, 0, create, destroy, inserted, accessed, evict, removed,
        };
        VMLAB_PLUGIN_EXPORT uint32_t vmlab_plugin_abi_version(void) { return PLUGIN_VERSION; }
        VMLAB_PLUGIN_EXPORT int vmlab_plugin_register(const vmlab_registrar *registrar) {
            return registrar->register_replacement(registrar->context, &ops);
        }
        """

    /// A fresh temporary directory, removed after `body`.
    static func inTemporaryDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-plugin-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    /// Compiles `source` (a file path) into `directory/name` as a shared library; fails the test on errors.
    static func compile(
        _ source: String, to name: String, in directory: URL, flags: [String] = [],
        include: String = PluginTests.include
    ) throws -> String {
        let output = directory.appendingPathComponent(name).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(CCompiler.path))
        process.arguments = ["-shared", "-fPIC", "-O2", "-std=c11", "-I", include, "-o", output, source] + flags
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "cc \(source): \(message)")
        return output
    }

    /// The example plugin, built as the README says.
    static func clockPlugin(in directory: URL) throws -> String {
        try compile(
            root.appendingPathComponent("Examples/plugin/clock_plugin.c").path, to: "libclockplugin.so",
            in: directory)
    }

    /// The (version-1) test plugin, with `flags`.
    static func testPlugin(in directory: URL, name: String, flags: [String] = []) throws -> String {
        let source = directory.appendingPathComponent("test_plugin.c")
        try testPluginSource.write(to: source, atomically: true, encoding: .utf8)
        return try compile(source.path, to: name, in: directory, flags: flags, include: includeV1)
    }

    /// `policy:frames` → faults, from `vmlab compare --csv`.
    static func faults(_ csv: String) -> [String: Int] {
        var result: [String: Int] = [:]
        for row in csv.split(separator: "\n").dropFirst() {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            result["\(fields[1]):\(fields[2])"] = Int(fields[5])
        }
        return result
    }

    @Test("The example plugin is listed by vmlab policies --json with its parameter and module")
    func listed() throws {
        try Self.inTemporaryDirectory { directory in
            let plugin = try Self.clockPlugin(in: directory)
            let result = try VMLabProcess.run(["policies", "--json", "--plugin", plugin])
            #expect(result.status == 0, "\(result.stderr)")
            let array = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            let clock = try #require(array.first { $0["name"] as? String == "c-clock" })
            #expect(clock["kind"] as? String == "replacement")
            #expect(clock["module"] as? String == "plugin:libclockplugin.so")
            #expect((clock["source"] as? String)?.contains("Corbató") == true)
            let parameters = try #require(clock["parameters"] as? [[String: Any]])
            #expect(parameters.count == 1)
            #expect(parameters.first?["name"] as? String == "bit-on-load")
            #expect(parameters.first?["defaultValue"] as? String == "true")
            #expect(parameters.first?["type"] as? String == "boolean")
            #expect(array.contains { $0["name"] as? String == "clock" }, "the built-ins are still there")
            let text = try VMLabProcess.run(["policies", "--plugin", plugin])
            #expect(text.stdout.contains("c-clock:bit-on-load=true"))
        }
    }

    @Test("c-clock matches the built-in clock, and with bit-on-load=false fifo-reinsertion, on Belady's string")
    func belady() throws {
        try Self.inTemporaryDirectory { directory in
            let plugin = try Self.clockPlugin(in: directory)
            let result = try VMLabProcess.run([
                "compare", "--plugin", plugin, "--pages", Self.belady, "--frames", "1...6", "--csv",
                "--policies", "c-clock,clock,c-clock:bit-on-load=false,fifo-reinsertion", "--check-invariants",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let faults = Self.faults(result.stdout)
            for frames in 1...6 {
                #expect(faults["c-clock:\(frames)"] != nil)
                #expect(faults["c-clock:\(frames)"] == faults["clock:\(frames)"], "\(frames) frames")
                #expect(
                    faults["c-clock:bit-on-load=false:\(frames)"] == faults["fifo-reinsertion:\(frames)"],
                    "\(frames) frames")
            }
            #expect(faults["c-clock:3"] == 9)
            #expect(faults["c-clock:4"] == 10)
        }
    }

    @Test("c-clock matches the built-in clock on a real trace, and simulate runs it")
    func realTrace() throws {
        try Self.inTemporaryDirectory { directory in
            let plugin = try Self.clockPlugin(in: directory)
            let trace = Self.root.appendingPathComponent("Examples/traces/true.all.pages.zst").path
            let result = try VMLabProcess.run([
                "compare", "--plugin", plugin, "--trace", trace, "--policies", "c-clock,clock", "--frames",
                "8,16,32,64",
                "--csv",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let faults = Self.faults(result.stdout)
            #expect(faults.count == 8)
            for frames in [8, 16, 32, 64] {
                #expect(faults["c-clock:\(frames)"] == faults["clock:\(frames)"], "\(frames) frames")
            }
            let simulate = try VMLabProcess.run([
                "simulate", "--plugin", plugin, "--pages", Self.belady, "--policy", "c-clock", "--frames", "3",
                "--check-invariants",
            ])
            #expect(simulate.status == 0, "\(simulate.stderr)")
            #expect(simulate.stdout.contains("faults       9  (minor 5, major 4)"))
        }
    }

    @Test("A plugin built for another ABI version is refused with both versions named (exit 2)")
    func wrongVersion() throws {
        try Self.inTemporaryDirectory { directory in
            let plugin = try Self.testPlugin(in: directory, name: "libv99.so", flags: ["-DPLUGIN_VERSION=99"])
            let result = try VMLabProcess.run(["policies", "--plugin", plugin])
            #expect(result.status == 2)
            #expect(result.stderr.contains("plugin \(plugin) was built for plugin ABI version 99"), "\(result.stderr)")
            #expect(result.stderr.contains("this vmlab supports versions 1 and 2;"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("A library without the entry points, a file that is no library and a missing file are refused (exit 2)")
    func notAPlugin() throws {
        try Self.inTemporaryDirectory { directory in
            let source = directory.appendingPathComponent("plain.c")
            try "int vmlab_unrelated(void) { return 42; }\n".write(to: source, atomically: true, encoding: .utf8)
            let plain = try Self.compile(source.path, to: "libplain.so", in: directory)
            let noSymbol = try VMLabProcess.run([
                "simulate", "--plugin", plain, "--pages", "1", "--policy", "lru",
                "--frames", "1",
            ])
            #expect(noSymbol.status == 2)
            #expect(
                noSymbol.stderr.contains("plugin \(plain) does not export vmlab_plugin_abi_version()"),
                "\(noSymbol.stderr)")

            let text = directory.appendingPathComponent("notes.so")
            try "not a library\n".write(to: text, atomically: true, encoding: .utf8)
            let garbage = try VMLabProcess.run(["policies", "--plugin", text.path])
            #expect(garbage.status == 2)
            #expect(garbage.stderr.contains("plugin \(text.path) cannot be loaded: "), "\(garbage.stderr)")

            let missing = directory.appendingPathComponent("libnothing.so").path
            let absent = try VMLabProcess.run([
                "compare", "--plugin", missing, "--pages", "1", "--policies", "lru",
                "--frames", "1",
            ])
            #expect(absent.status == 2)
            #expect(absent.stderr.contains("plugin \(missing): no such file"), "\(absent.stderr)")
        }
    }

    @Test("A plugin policy named like a built-in, or loaded twice, is refused (exit 2)")
    func nameClash() throws {
        try Self.inTemporaryDirectory { directory in
            let clash = try Self.testPlugin(in: directory, name: "libclash.so", flags: ["-DPLUGIN_NAME=\"clock\""])
            let result = try VMLabProcess.run(["policies", "--plugin", clash])
            #expect(result.status == 2)
            #expect(
                result.stderr.contains(
                    "plugin \(clash) was refused: a replacement policy named clock is already registered"),
                "\(result.stderr)")
            let plugin = try Self.testPlugin(in: directory, name: "libtest.so")
            let twice = try VMLabProcess.run(["policies", "--plugin", plugin, "--plugin", plugin])
            #expect(twice.status == 2)
            #expect(twice.stderr.contains("test-plugin is already registered"), "\(twice.stderr)")
        }
    }

    @Test("A plugin whose evict returns a frame that holds no page stops the run with a contract violation (exit 1)")
    func badEvict() throws {
        try Self.inTemporaryDirectory { directory in
            let good = try Self.testPlugin(in: directory, name: "libgood.so")
            let fine = try VMLabProcess.run([
                "simulate", "--plugin", good, "--pages", Self.belady, "--policy", "test-plugin", "--frames", "3",
                "--check-invariants",
            ])
            #expect(fine.status == 0, "\(fine.stderr)")
            let bad = try Self.testPlugin(in: directory, name: "libbad.so", flags: ["-DBAD_EVICT"])
            let result = try VMLabProcess.run([
                "simulate", "--plugin", bad, "--pages", Self.belady, "--policy", "test-plugin", "--frames", "3",
            ])
            #expect(result.status == 1)
            #expect(
                result.stderr.contains("the replacement policy evicted frame 1003, which holds no page"),
                "\(result.stderr)")
        }
    }
}
