import Foundation
import Testing

/// Plugin ABI version 2: C plugins of every kind (replacement, allocator, swap placement) give the numbers of the
/// equivalent built-in policy; version-1 plugins keep loading; other versions, refusals in `create` and bad answers
/// are reported as the header promises.
@Suite(.enabled(if: CCompiler.path != nil, "no C compiler (cc) on PATH: the plugin tests need one"))
struct PluginKindsTests {
    static let examples = PluginTests.root.appendingPathComponent("Examples/plugin")
    static let belady = PluginTests.belady
    /// Enough pages and writes to fill RAM and a small swap device, so that allocation and placement decide
    /// something visible.
    static let pages = "1,2,3,4,5,6,1,7,8,2,9,10,3,11,1,12,4,13,5,2,14,6,15,1"

    static func example(_ file: String, _ library: String, in directory: URL) throws -> String {
        try PluginTests.compile(examples.appendingPathComponent(file).path, to: library, in: directory)
    }

    /// `simulate --steps --csv` with `arguments`: every access with its frame, victim and swap slot.
    static func steps(_ arguments: [String]) throws -> VMLabProcess.Result {
        try VMLabProcess.run(
            ["simulate", "--steps", "--csv", "--check-invariants", "--pages", pages, "--frames", "4"] + arguments)
    }

    /// A plugin of every kind, with `-D` switches for what goes wrong. Each `create` refuses, with the frame count
    /// it saw in its reason, when `-DREFUSE` is given; `-DREFUSE_SILENTLY` returns NULL without a reason.
    static let kindsSource = """
        #include <stdio.h>
        #include <stdlib.h>
        #include "vmlab_plugin.h"
        #ifndef PLUGIN_VERSION
        #define PLUGIN_VERSION VMLAB_PLUGIN_ABI_VERSION
        #endif
        typedef struct { uint32_t frames; uint32_t calls; uint8_t present[]; } state_t;
        static void *create(void *context, uint32_t frames, const vmlab_arguments *arguments, char *error, size_t size) {
            (void)arguments;
        #ifdef REFUSE
            snprintf(error, size, "%s saw %u frames and wants more", (const char *)context, frames);
            return NULL;
        #endif
        #ifdef REFUSE_SILENTLY
            (void)error; (void)size;
            return NULL;
        #endif
            (void)context; (void)error; (void)size;
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
            for (uint32_t frame = 0; frame < state->frames; frame++) {
                if (state->present[frame]) { state->present[frame] = 0; return (int32_t)frame; }
            }
            return -1;
        }
        static void removed(void *s, int32_t frame) { ((state_t *)s)->present[frame] = 0; }
        static int32_t allocate(void *s, const vmlab_reference *r, const vmlab_frame_map *memory) {
            (void)r;
            state_t *state = s;
            state->calls++;
        #ifdef ALLOCATE_USED
            if (state->calls > 1) return 0;
        #endif
        #ifdef ALLOCATE_OUT_OF_RANGE
            return (int32_t)memory->frame_count + 5;
        #endif
        #ifdef ALLOCATE_NEGATIVE
            return -7;
        #endif
            return vmlab_lowest_free_frame(memory, 0);
        }
        static int32_t place(void *s, const vmlab_reference *r, const vmlab_swap_space *space, vmlab_swap_slot *slot) {
            (void)s; (void)r;
            const vmlab_swap_device *device = &space->devices[space->by_priority[0]];
            slot->device = (int32_t)space->by_priority[0];
        #ifdef PLACE_NEGATIVE
            slot->index = -5;
            return 1;
        #endif
        #ifdef PLACE_HUGE
            slot->index = VMLAB_MAX_SWAP_SLOT + 1;
            return 1;
        #endif
        #ifdef PLACE_BAD_DEVICE
            slot->device = 9;
        #endif
            for (int64_t index = 0; ; index++) {
                if (vmlab_slot_is_free(device, index)) { slot->index = index; return 1; }
                if (index > VMLAB_MAX_SWAP_SLOT) return 0;
            }
        }
        #ifndef NAME
        #define NAME "kinds"
        #endif
        static const vmlab_replacement_ops replacement = {
            .abi_version = VMLAB_PLUGIN_ABI_VERSION, .struct_size = sizeof(vmlab_replacement_ops), .name = NAME "-replacement",
            .summary = "evicts the lowest resident frame", .source = "PluginKindsTests.swift",
            .parameters = PARAMETERS, .context = NAME "-replacement", .create = create, .destroy = destroy,
            .inserted = inserted, .accessed = accessed, .evict = evict, .removed = removed,
        };
        static const vmlab_allocator_ops allocator = {
            .abi_version = ALLOCATOR_VERSION, .struct_size = sizeof(vmlab_allocator_ops), .name = ALLOCATOR_NAME,
            .summary = "lowest free frame", .source = "PluginKindsTests.swift", .parameters = PARAMETERS,
            .context = NAME "-allocator", .create = create, .destroy = destroy, .allocate = allocate,
        };
        static const vmlab_swap_ops swap = {
            .abi_version = VMLAB_PLUGIN_ABI_VERSION, .struct_size = sizeof(vmlab_swap_ops), .name = NAME "-swap",
            .summary = "lowest free slot of the preferred device", .source = "PluginKindsTests.swift",
            .parameters = PARAMETERS, .context = NAME "-swap", .create = create, .destroy = destroy, .place = place,
        };
        VMLAB_PLUGIN_EXPORT uint32_t vmlab_plugin_abi_version(void) { return PLUGIN_VERSION; }
        VMLAB_PLUGIN_EXPORT int vmlab_plugin_register(const vmlab_registrar *registrar) {
            if (registrar->register_replacement(registrar->context, &replacement) != 0) return -1;
            if (registrar->register_allocator(registrar->context, &allocator) != 0) return -1;
        #ifdef ALLOCATOR_TWICE
            if (registrar->register_allocator(registrar->context, &allocator) != 0) return -1;
        #endif
            return registrar->register_swap(registrar->context, &swap);
        }
        """

    /// The kinds plugin, with `flags`.
    static func kindsPlugin(in directory: URL, name: String, flags: [String] = []) throws -> String {
        let source = directory.appendingPathComponent("kinds_plugin.c")
        try kindsSource.write(to: source, atomically: true, encoding: .utf8)
        var defaults: [String] = []
        if !flags.contains(where: { $0.hasPrefix("-DPARAMETERS") }) { defaults.append("-DPARAMETERS=\"level=3\"") }
        if !flags.contains(where: { $0.hasPrefix("-DALLOCATOR_VERSION") }) {
            defaults.append("-DALLOCATOR_VERSION=VMLAB_PLUGIN_ABI_VERSION")
        }
        if !flags.contains(where: { $0.hasPrefix("-DALLOCATOR_NAME") }) {
            defaults.append("-DALLOCATOR_NAME=NAME \"-allocator\"")
        }
        return try PluginTests.compile(source.path, to: name, in: directory, flags: defaults + flags)
    }

    @Test("The C allocator example gives exactly the built-in first-free's steps, and start moves every page")
    func cAllocator() throws {
        try PluginTests.inTemporaryDirectory { directory in
            let plugin = try Self.example("first_free_allocator.c", "libfirstfree.so", in: directory)
            let builtIn = try Self.steps(["--policy", "lru", "--allocator", "first-free"])
            let c = try Self.steps(["--plugin", plugin, "--policy", "lru", "--allocator", "c-first-free"])
            #expect(builtIn.status == 0, "\(builtIn.stderr)")
            #expect(c.status == 0, "\(c.stderr)")
            #expect(c.stdout.split(separator: "\n").count == Self.pages.split(separator: ",").count + 1)
            #expect(c.stdout == builtIn.stdout)
            let shifted = try Self.steps([
                "--plugin", plugin, "--policy", "lru", "--allocator", "c-first-free:start=2",
            ])
            #expect(shifted.status == 0, "\(shifted.stderr)")
            #expect(shifted.stdout != builtIn.stdout, "start=2 must give other frames: the plugin really allocates")
            let listed = try VMLabProcess.run(["policies", "--json", "--plugin", plugin])
            let array = try #require(
                try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
            let entry = try #require(array.first { $0["name"] as? String == "c-first-free" })
            #expect(entry["kind"] as? String == "allocation")
            let parameters = try #require(entry["parameters"] as? [[String: Any]])
            #expect(parameters.first?["summary"] as? String == "the first frame the scan considers")
            #expect(parameters.first?["type"] as? String == "integer")
        }
    }

    @Test(
        "The C swap example gives exactly the built-in first-free placement's steps on a bounded and an unbounded device"
    )
    func cSwap() throws {
        try PluginTests.inTemporaryDirectory { directory in
            let plugin = try Self.example("round_robin_swap.c", "libroundrobin.so", in: directory)
            for slots in [["--swap-slots", "64"], []] {
                let builtIn = try Self.steps(["--policy", "fifo", "--swap", "first-free"] + slots)
                let c = try Self.steps(["--plugin", plugin, "--policy", "fifo", "--swap", "c-round-robin"] + slots)
                #expect(builtIn.status == 0, "\(builtIn.stderr)")
                #expect(c.status == 0, "\(c.stderr)")
                #expect(c.stdout == builtIn.stdout)
                #expect(c.stdout.contains("swap0:"), "pages were written to swap")
            }
        }
    }

    @Test("The C clock example (version 2) and the frozen version-1 clock both match the built-in clock")
    func clockBothVersions() throws {
        try PluginTests.inTemporaryDirectory { directory in
            let v2 = try PluginTests.clockPlugin(in: directory)
            let v1 = try PluginTests.compile(
                PluginTests.root.appendingPathComponent("Tests/PluginFixtures/v1/clock_plugin.c").path,
                to: "libclockv1.so", in: directory, include: PluginTests.includeV1)
            for plugin in [v1, v2] {
                let result = try VMLabProcess.run([
                    "compare", "--plugin", plugin, "--pages", Self.belady, "--frames", "1...6", "--csv",
                    "--policies", "c-clock,clock,c-clock:bit-on-load=false,fifo-reinsertion", "--check-invariants",
                ])
                #expect(result.status == 0, "\(result.stderr)")
                let faults = PluginTests.faults(result.stdout)
                for frames in 1...6 {
                    #expect(faults["c-clock:\(frames)"] != nil)
                    #expect(faults["c-clock:\(frames)"] == faults["clock:\(frames)"], "\(plugin): \(frames) frames")
                    #expect(
                        faults["c-clock:bit-on-load=false:\(frames)"] == faults["fifo-reinsertion:\(frames)"],
                        "\(plugin): \(frames) frames")
                }
            }
        }
    }

    @Test("A plugin of every kind runs under the invariant checks; names are per kind")
    func everyKind() throws {
        try PluginTests.inTemporaryDirectory { directory in
            let plugin = try Self.kindsPlugin(in: directory, name: "libkinds.so")
            let result = try Self.steps([
                "--plugin", plugin, "--policy", "kinds-replacement:level=4", "--allocator", "kinds-allocator",
                "--swap", "kinds-swap", "--swap-slots", "32",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let builtIn = try Self.steps(["--policy", "fifo", "--swap-slots", "32"])
            #expect(builtIn.status == 0)
            // Evicting the lowest frame is FIFO only while frames fill in order; the run is at least complete.
            #expect(result.stdout.split(separator: "\n").count == builtIn.stdout.split(separator: "\n").count)
            // An allocator may share a name with a replacement policy of the plugin, or a built-in swap placement.
            let shared = try Self.kindsPlugin(
                in: directory, name: "libshared.so", flags: ["-DALLOCATOR_NAME=\"kinds-replacement\""])
            let listed = try VMLabProcess.run(["policies", "--plugin", shared])
            #expect(listed.status == 0, "\(listed.stderr)")
        }
    }

    @Test("A plugin built for version 3 is refused naming its version and both supported ones (exit 2)")
    func version3() throws {
        try PluginTests.inTemporaryDirectory { directory in
            let plugin = try Self.kindsPlugin(in: directory, name: "libv3.so", flags: ["-DPLUGIN_VERSION=3"])
            let result = try VMLabProcess.run(["policies", "--plugin", plugin])
            #expect(result.status == 2)
            #expect(
                result.stderr.contains(
                    "plugin \(plugin) was built for plugin ABI version 3, but this vmlab supports versions 1 and 2; "
                        + "rebuild it against this vmlab's vmlab_plugin.h"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("A create that refuses is reported with the policy, the real frame count, the arguments and the reason")
    func createRefusal() throws {
        try PluginTests.inTemporaryDirectory { directory in
            let plugin = try Self.kindsPlugin(in: directory, name: "librefuse.so", flags: ["-DREFUSE"])
            for scope in ["global", "local:equal"] {
                let result = try VMLabProcess.run([
                    "simulate", "--plugin", plugin, "--pages", Self.belady, "--frames", "5", "--scope", scope,
                    "--policy", "kinds-replacement:level=7",
                ])
                #expect(result.status == 2, "\(scope)")
                #expect(
                    result.stderr.contains(
                        "plugin replacement policy kinds-replacement could not be created for 5 frames with level=7 "
                            + "(its create function refused: kinds-replacement saw 5 frames and wants more)"),
                    "\(scope): \(result.stderr)")
            }
            // compare and run ask the registry whether a policy needs the future, never a throwaway 1-frame state:
            // the refusal names a size the user asked for.
            let compare = try VMLabProcess.run([
                "compare", "--plugin", plugin, "--pages", Self.belady, "--frames", "5,6", "--jobs", "1",
                "--policies", "kinds-replacement:level=7",
            ])
            #expect(compare.status == 2)
            #expect(compare.stderr.contains("could not be created for 5 frames with level=7"), "\(compare.stderr)")
            #expect(!compare.stderr.contains("for 1 frame"), "\(compare.stderr)")
            let allocator = try VMLabProcess.run([
                "simulate", "--plugin", plugin, "--pages", Self.belady, "--frames", "3", "--policy", "lru",
                "--allocator", "kinds-allocator",
            ])
            #expect(allocator.status == 2)
            #expect(
                allocator.stderr.contains(
                    "plugin frame allocator kinds-allocator could not be created for 3 frames with level=3 "
                        + "(its create function refused: kinds-allocator saw 3 frames and wants more)"),
                "\(allocator.stderr)")
            let silent = try Self.kindsPlugin(in: directory, name: "libsilent.so", flags: ["-DREFUSE_SILENTLY"])
            let swap = try VMLabProcess.run([
                "simulate", "--plugin", silent, "--pages", Self.belady, "--frames", "1", "--policy", "lru",
                "--swap", "kinds-swap:level=-2",
            ])
            #expect(swap.status == 2)
            #expect(
                swap.stderr.contains(
                    "plugin swap placement kinds-swap could not be created for 1 frame with level=-2 "
                        + "(its create function returned NULL without a reason)"), "\(swap.stderr)")
            // The C example's own refusal.
            let example = try Self.example("first_free_allocator.c", "libfirstfree.so", in: directory)
            let start = try VMLabProcess.run([
                "simulate", "--plugin", example, "--pages", Self.belady, "--frames", "8", "--policy", "lru",
                "--allocator", "c-first-free:start=8",
            ])
            #expect(start.status == 2)
            #expect(
                start.stderr.contains(
                    "could not be created for 8 frames with start=8 (its create function refused: start=8 is not a "
                        + "frame of this machine (frames 0...7))"), "\(start.stderr)")
        }
    }

    @Test(
        "An allocator or placement answering garbage stops the run with a contract violation (exit 1)",
        arguments: [
            ("ALLOCATE_USED", "the frame allocator returned frame 0, which is not free"),
            ("ALLOCATE_OUT_OF_RANGE", "the frame allocator returned frame 9, which is not free"),
            ("ALLOCATE_NEGATIVE", "the frame allocator returned frame -7, which is not free"),
            ("PLACE_NEGATIVE", "the swap placement returned swap0:-5, which is not free"),
            ("PLACE_HUGE", "the swap placement returned swap0:268435456, which is not free"),
            ("PLACE_BAD_DEVICE", "the swap placement returned swap9:0, which is not free"),
        ])
    func badAnswers(flag: String, message: String) throws {
        try PluginTests.inTemporaryDirectory { directory in
            let plugin = try Self.kindsPlugin(in: directory, name: "libbad.so", flags: ["-D\(flag)"])
            let result = try VMLabProcess.run([
                "simulate", "--plugin", plugin, "--pages", Self.pages, "--frames", "4", "--policy", "fifo",
                "--allocator", "kinds-allocator", "--swap", "kinds-swap",
            ])
            #expect(result.status == 1, "\(flag): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(flag): \(result.stderr)")
        }
    }

    @Test(
        "Hostile registrations are refused with the reason (exit 2)",
        arguments: [
            (["-DALLOCATOR_NAME=NULL"], "was refused: a frame allocator has no name"),
            (["-DALLOCATOR_NAME=\"Bad Name\""], "was refused: frame allocator name 'Bad Name' is invalid"),
            (["-DALLOCATOR_NAME=\"first-free\""], "a frame allocator named first-free is already registered"),
            (["-DALLOCATOR_TWICE"], "a frame allocator named kinds-allocator is already registered"),
            (
                ["-DALLOCATOR_VERSION=1"],
                "a vmlab_allocator_ops declares ABI version 1, but the plugin reported version 2"
            ),
            (["-DPARAMETERS=\"level:integer=high\""], "declares parameter level with a default that is not integer"),
            (["-DPARAMETERS=\"level:colour=red\""], "declares parameter level of type 'colour'; expected integer"),
        ])
    func hostileRegistrations(flags: [String], message: String) throws {
        try PluginTests.inTemporaryDirectory { directory in
            let plugin = try Self.kindsPlugin(in: directory, name: "libhostile.so", flags: flags)
            let result = try VMLabProcess.run(["policies", "--plugin", plugin])
            #expect(result.status == 2, "\(flags): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(flags): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }
}
