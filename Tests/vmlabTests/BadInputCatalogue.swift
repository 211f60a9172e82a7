import Foundation
import Testing

/// The catalogue of bad inputs and what each gets: an exit status and a sentence that names the option or the
/// file (and line:column), the value and what was expected. This table is documentation as much as a test: the
/// README points here. Every row also checks that nothing reached a runtime trap, that no raw Foundation error
/// text leaked, and that nothing was printed on standard output.
///
/// Arguments may name `{dir}`: a fresh temporary directory holding the row's files.
struct BadInput: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    /// Files created under `{dir}` before the run (name → content).
    var files: [String: [UInt8]] = [:]
    /// Bytes piped to standard input (none: standard input is `/dev/null`).
    var input: [UInt8]?
    /// Standard output goes to this path instead of a pipe (e.g. `/dev/full`).
    var standardOutput: String?
    var status: Int32
    /// Fragments the error message must contain, in any order.
    var message: [String]

    var testDescription: String { "vmlab " + arguments.joined(separator: " ") }

    static func text(_ string: String) -> [UInt8] { Array(string.utf8) }
}

extension BadInput {
    static let pages = ["--pages", "1,2,3,4,1,2,5,1,2,3,4,5"]
    static let simulate = ["simulate"] + pages + ["--policy", "lru"]

    static let catalogue: [BadInput] = [
        // Explanations (`--steps`, `--ostep`, `--latency`): options that need another, windows outside the run,
        // policies and machines OSTEP's script does not have.
        BadInput(arguments: simulate + ["--frames", "3", "--csv"], status: 2, message: ["--csv needs --steps"]),
        BadInput(
            arguments: simulate + ["--frames", "3", "--steps", "--steps-from", "13"], status: 2,
            message: ["--steps-from 13", "only 12 accesses"]),
        BadInput(
            arguments: simulate + ["--frames", "3", "--steps", "--steps-from", "-5"], status: 2,
            message: ["--steps-from -5", "count from 1"]),
        BadInput(
            arguments: ["simulate"] + pages + ["--policy", "arc", "--frames", "3", "--ostep"], status: 2,
            message: ["'arc'", "fifo, lru, mru, opt, unopt, ostep-rand, ostep-clock"]),
        BadInput(
            arguments: ["simulate", "--trace", "{dir}/empty.txt", "--policy", "opt", "--frames", "2", "--ostep"],
            files: ["empty.txt": []], status: 2, message: ["empty.txt", "the trace has no accesses"]),
        BadInput(
            arguments: simulate + ["--frames", "3", "--ostep", "--tlb", "4"], status: 2,
            message: ["--ostep models no TLB"]),
        BadInput(
            arguments: ["simulate"] + pages + ["--policy", "opt:ties=sideways", "--frames", "3"], status: 2,
            message: ["ties", "lowest-frame or last-loaded", "sideways"]),
        BadInput(
            arguments: simulate + ["--frames", "3", "--latency", "major=8 ms"], status: 2,
            message: ["--latency major='8 ms'", "expected a time"]),
        // Numbers on the command line: validated where they enter, with the option, the value and the range.
        BadInput(arguments: simulate + ["--frames", "0"], status: 2, message: ["--frames 0", "at least 1 frame"]),
        BadInput(
            arguments: ["mrc"] + pages + ["--sample", "1e-18", "--check-exact"], status: 2,
            message: ["--sample 1e-18", "from 1e-06 to 1"]),
        BadInput(arguments: ["mrc"] + pages + ["--sample", "nan"], status: 2, message: ["--sample nan"]),
        // mrc --policies (miniature simulation): the policy list, the rate, the trace.
        BadInput(
            arguments: ["mrc"] + pages + ["--policies", "fifo,nosuch"], status: 2,
            message: ["unknown replacement policy 'nosuch'", "valid names:", "s3-fifo"]),
        BadInput(
            arguments: ["mrc"] + pages + ["--policies", "fifo", "--sample", "0"], status: 2, message: ["--sample 0"]),
        BadInput(
            arguments: ["mrc"] + pages + ["--policies", "fifo", "--sample", "-0.5"], status: 2,
            message: ["--sample -0.5", "from 1e-06 to 1"]),
        BadInput(
            arguments: ["mrc"] + pages + ["--policies", "fifo", "--sample", "1.5"], status: 2,
            message: ["--sample 1.5", "from 1e-06 to 1"]),
        BadInput(
            arguments: ["mrc"] + pages + ["--policies", ","], status: 2, message: ["--policies: no policy given"]),
        BadInput(
            arguments: ["mrc"] + pages + ["--policies", "opt", "--frames", "2"], status: 2,
            message: ["opt needs the future", "vmlab compare"]),
        BadInput(
            arguments: ["mrc"] + pages + ["--policies", "fifo", "--sample", "0.000001", "--frames", "2"], status: 2,
            message: ["--sample 1e-06", "none of the trace's pages was sampled"]),
        BadInput(
            arguments: ["mrc", "--trace", "{dir}/empty.txt", "--policies", "fifo,clock", "--frames", "2"],
            files: ["empty.txt": []], status: 2, message: ["empty.txt", "the trace has no accesses"]),
        BadInput(
            arguments: ["mrc", "--trace", "{dir}/empty.txt", "--policies", "fifo"], files: ["empty.txt": []],
            status: 2, message: ["empty.txt", "the trace has no accesses"]),
        BadInput(
            arguments: ["mrc", "--trace", "{dir}/empty.txt"], files: ["empty.txt": []], status: 2,
            message: ["empty.txt", "the trace has no accesses"]),
        BadInput(
            arguments: ["mrc", "--trace", "-", "--policies", "fifo"], input: text("1\n2\n"), status: 2,
            message: ["--policies on standard input needs --frames"]),
        BadInput(
            arguments: ["mrc"] + pages + ["--csv", "--json"], status: 2, message: ["give --csv or --json, not both"]),
        BadInput(
            arguments: ["run", "{dir}/e.yaml", "--output", "{dir}/out"],
            files: [
                "e.yaml": text(
                    """
                    name: e
                    workloads: [{name: w, pages: [1, 2, 3]}]
                    machine: {frames: 1...9223372036854775807}
                    policies: {replacement: [lru]}
                    """)
            ], status: 2,
            message: ["{dir}/e.yaml:3:19: frames: '1...9223372036854775807' gives more than 1048576 sizes"]
        ),
        BadInput(
            arguments: ["run", "{dir}/e.yaml", "--output", "{dir}/out"],
            files: [
                "e.yaml": text(
                    """
                    name: e
                    workloads: [{name: w, pages: [1, 2, 3]}]
                    machine: {frames: 1...100000000}
                    policies: {replacement: [lru]}
                    """)
            ], status: 2, message: ["{dir}/e.yaml:3:19: frames: '1...100000000' gives more than 1048576 sizes"]),
        BadInput(
            arguments: ["run", "{dir}/e.yaml", "--output", "{dir}/out"],
            files: [
                "e.yaml": text(
                    """
                    name: e
                    workloads: [{name: big, synthetic: {pattern: uniform, pages: 500, accesses: 1000000000}}]
                    machine: {frames: [4]}
                    policies: {replacement: [lru]}
                    outputs: {plots: false}
                    """)
            ], status: 2,
            message: [
                "synthetic workload big of 1000000000 accesses would take about 15 GiB, above the memory budget"
            ]
        ),
        // (A sweep over a trace larger than the budget no longer fails: the shared trace spills to a temporary
        // file; SweepSpillTests checks it, and a temporary directory that cannot be written.)
        // 30,000 distinct pages at 48 bytes each pass the 1 MiB left above the base cost of 64 MiB.
        BadInput(
            arguments: ["run", "{dir}/e.yaml", "--output", "{dir}/out", "--max-memory", "65M"],
            files: [
                "t.pages": text((0..<30_000).map(String.init).joined(separator: "\n")),
                "e.yaml": text(
                    """
                    workloads: [{name: wide, trace: t.pages}]
                    machine: {frames: "1%"}
                    policies: {replacement: lru}
                    """),
            ], status: 2,
            message: [
                "{dir}/t.pages: counting distinct pages takes more than the memory budget of 65 MiB after",
                "give absolute sizes, a limit or a larger --max-memory",
            ]),
        BadInput(arguments: simulate + ["--frames", "-1"], status: 2, message: ["--frames -1", "at least 1 frame"]),
        BadInput(
            arguments: simulate + ["--frames", "3", "--swap-slots", "-5"], status: 2,
            message: ["--swap-slots -5: expected 0 to 4294967296 slots"]),
        BadInput(
            arguments: ["compare"] + pages + ["--policies", "lru", "--frames", "1...9223372036854775807"], status: 2,
            message: ["--frames: '1...9223372036854775807' gives more than 1048576 sizes"]),
        BadInput(
            arguments: ["compare"] + pages + ["--policies", "lru", "--frames", "1...100000000"], status: 2,
            message: ["--frames: '1...100000000' gives more than 1048576 sizes"]),
        BadInput(
            arguments: ["compare"] + pages + ["--policies", "lru", "--frames", "1,2,300000000"], status: 2,
            message: ["--frames 300000000: at most 268435456 frames"]),
        // Relative sizes and geometric ranges (`5%`, `64...65536:x2`), policy lists with parameters, --compat.
        BadInput(
            arguments: ["compare"] + pages + ["--policies", "lru", "--frames", "0%"], status: 2,
            message: ["--frames 0%: expected a percentage above 0% and at most 100%"]),
        BadInput(
            arguments: ["compare"] + pages + ["--policies", "lru", "--frames", "5%x"], status: 2,
            message: ["--frames: expected N, N%, LOW...HIGH, LOW...HIGH:STEP or LOW...HIGH:xFACTOR, found '5%x'"]),
        BadInput(
            arguments: ["compare"] + pages + ["--policies", "lru", "--frames", "4...64:x1"], status: 2,
            message: ["--frames: expected an integer factor of at least 2 after ':x' in '4...64:x1'"]),
        BadInput(
            arguments: ["compare"] + pages + ["--policies", "lru", "--frames", "1...99999999999:x2"], status: 2,
            message: ["--frames 68719476736: at most 268435456 frames"]),
        BadInput(
            arguments: ["frame-table"] + pages + ["--policies", "lru", "--frames", "50%"], status: 2,
            message: ["--frames 50%: relative sizes are for 'compare' and experiments; give a number of frames"]),
        BadInput(
            arguments: ["compare"] + pages + [
                "--policies", "s3-fifo:threshold=2,small=0.2,lru,tiny=1", "--frames", "3",
            ],
            status: 2, message: ["'tiny=1' is not a policy, nor a parameter of 'lru'", "separate policies with ';'"]),
        BadInput(
            arguments: ["compare"] + pages + ["--policies", "s3-fifo:threshold=2;small=0.2", "--frames", "3"],
            status: 2, message: ["--policies: expected a policy name, found 'small=0.2'"]),
        BadInput(
            arguments: ["compare"] + pages + ["--policies", "lru", "--frames", "3", "--compat", "libcachesim2"],
            status: 2, message: ["--compat 'libcachesim2': expected one of libcachesim, ostep"]),
        BadInput(
            arguments: ["run", "{dir}/e.yaml", "--output", "{dir}/out"],
            files: [
                "e.yaml": text(
                    """
                    workloads: [{name: a, pages: [1, 2]}]
                    machine: {frames: "50%,101%"}
                    policies: {replacement: lru}
                    compat: libcachesim
                    """)
            ], status: 2, message: ["{dir}/e.yaml:2:19: frames 101%: expected a percentage above 0% and at most 100%"]),
        BadInput(
            arguments: ["run", "{dir}/e.yaml", "--output", "{dir}/out"],
            files: [
                "e.yaml": text(
                    """
                    workloads: [{name: a, pages: [1, 2]}]
                    machine: {frames: 1%}
                    policies: {replacement: lru}
                    compat: cachelib
                    """)
            ], status: 2, message: ["{dir}/e.yaml:4:9: compat: expected one of libcachesim, ostep, found 'cachelib'"]),
        BadInput(
            arguments: ["run", "{dir}/e.yaml", "--output", "{dir}/out"],
            files: [
                "e.yaml": text(
                    """
                    workloads: [{name: a, pages: [1, 2]}]
                    machine: {frames: 1}
                    policies: {replacement: "s3-fifo:threshold=2,smal=0.2"}
                    """)
            ], status: 2,
            message: [
                "{dir}/e.yaml:3:25: replacement policies: 'smal=0.2' is not a policy, nor a parameter of 's3-fifo'"
            ]),
        BadInput(
            arguments: ["compare"] + pages + ["--policies", "lru", "--frames", "3", "--jobs", "0"], status: 2,
            message: ["--jobs 0: expected 1 to 1024"]),
        // Memory is estimated before it is taken: tiny inputs cannot take gigabytes.
        BadInput(
            arguments: simulate + ["--frames", "268435456"], status: 2,
            message: ["a machine of 268435456 frames would take about 40.1 GiB, above the memory budget"]),
        BadInput(
            arguments: simulate + ["--frames", "3000000", "--max-memory", "100M"], status: 2,
            message: ["would take about 521.8 MiB, above the memory budget of 100 MiB (--max-memory"]),
        BadInput(
            arguments: simulate + ["--frames", "3", "--max-memory", "lots"], status: 2,
            message: ["--max-memory lots: expected a size such as 512M"]),
        BadInput(
            arguments: simulate + ["--frames", "3", "--tlb", "4294967296"], status: 2,
            message: ["TLB of 4294967296 entries: at most 16777216"]),
        BadInput(
            arguments: simulate + ["--frames", "3", "--tlb", "268435456:1"], status: 2,
            message: ["TLB of 268435456 entries: at most 16777216"]),
        BadInput(
            arguments: ["compare"] + pages + [
                "--policies", "lru", "--frames", "40000000,50000000,60000000", "--jobs", "3",
            ],
            status: 2, message: ["3 machines at once", "fewer with --jobs"]),
        BadInput(
            arguments: ["simulate", "--trace", "{dir}/big.lackey", "--policy", "lru", "--frames", "3"],
            files: ["big.lackey": text("I  0400000,18446744073709551615\n")], status: 2,
            message: [
                "{dir}/big.lackey:1: expected an access size of at most 65536 bytes", "found 18446744073709551615",
            ]),
        BadInput(
            arguments: ["render", "--scenario", "{dir}/s.yaml", "--out", "{dir}/s.svg"],
            files: [
                "s.yaml": text(
                    """
                    machine: {frames: 16}
                    processes:
                      - name: p
                        regions: [{name: heap, start: 0x600000, pages: 100, permissions: rw}]
                    accesses:
                      - p W heap x1000000
                    """)
            ], status: 2,
            message: ["{dir}/s.yaml:6:5: 'p W heap x1000000' would take the scenario past 16777216 accesses"]),
        // Output that cannot reach its reader is a failure, never a success.
        BadInput(
            arguments: simulate + ["--frames", "3"], standardOutput: "/dev/full", status: 1,
            message: ["cannot write standard output: no space left on the device"]),
        BadInput(
            arguments: simulate + ["--frames", "3", "--output", "/dev/full"], status: 2,
            message: ["cannot write /dev/full: it is a device; results are written to regular files only"]),
        BadInput(
            arguments: simulate + ["--frames", "3", "--output", "{dir}"], status: 2,
            message: ["it is a directory; give a file name"]),
        BadInput(
            arguments: simulate + ["--frames", "3", "--output", "{dir}/sub/"], status: 2,
            message: ["it names a directory; give a file name"]),
        BadInput(
            arguments: simulate + ["--frames", "3", "--output", "{dir}/file/x.json"], files: ["file": []],
            status: 2, message: ["cannot use {dir}/file as a directory: it is a file"]),
        BadInput(
            arguments: ["run", "{dir}/e.yaml", "--output", "{dir}/file"],
            files: [
                "file": [],
                "e.yaml": text(
                    """
                    name: e
                    workloads: [{name: w, pages: [1, 2, 3]}]
                    machine: {frames: [2]}
                    policies: {replacement: [lru]}
                    """),
            ],
            status: 2, message: ["cannot use {dir}/file as a directory: it is a file"]),
        // Trace inputs that would never end or are not files.
        BadInput(
            arguments: simulate.prefix(1) + ["--trace", "/dev/zero", "--policy", "lru", "--frames", "3"],
            status: 2, message: ["/dev/zero: is a device, not a trace file"]),
        BadInput(
            arguments: ["simulate", "--trace", "{dir}", "--policy", "lru", "--frames", "3"], status: 2,
            message: ["{dir}: is a directory, not a trace file"]),
        BadInput(
            arguments: ["simulate", "--trace", "{dir}/missing", "--policy", "lru", "--frames", "3"], status: 2,
            message: ["{dir}/missing: cannot open: No such file or directory"]),
        // YAML files: the reason, and the real line:column.
        BadInput(
            arguments: ["run", "{dir}/missing.yaml"], status: 2,
            message: ["{dir}/missing.yaml: cannot read the experiment file: no such file"]),
        BadInput(
            arguments: ["run", "{dir}"], status: 2, message: ["cannot read the experiment file: it is a directory"]),
        BadInput(
            arguments: ["run", "{dir}/cr.yaml"], files: ["cr.yaml": text("name: x\rworkloads: []\r")], status: 2,
            message: [
                "{dir}/cr.yaml:1:1: the experiment file has bare CR line endings (classic Mac); convert them to LF"
            ]),
        BadInput(
            arguments: ["run", "{dir}/nul.yaml"], files: ["nul.yaml": text("name: x\nwork\u{0}loads: []\n")],
            status: 2, message: ["{dir}/nul.yaml:2:5: a NUL byte; the experiment file must be text"]),
        BadInput(
            arguments: ["run", "{dir}/utf.yaml"], files: ["utf.yaml": text("name: ") + [0xFF, 0x0A]],
            status: 2, message: ["{dir}/utf.yaml:1:7: invalid UTF-8 (byte 0xff)"]),
        BadInput(
            arguments: ["run", "{dir}/dup.yaml"],
            files: ["dup.yaml": text("name: x\nworkloads:\n  - name: a\n    name: b\n")], status: 2,
            message: ["{dir}/dup.yaml:4:5: duplicate key 'name' (first at line 3, column 5)"]),
        // A step-through too large to draw in reasonable time: refused before the first snapshot is written.
        BadInput(
            arguments: [
                "render", "--trace", "{dir}/p.txt", "--frames", "200", "--every", "10", "--out", "{dir}/x.svg",
            ],
            files: ["p.txt": text((1...4000).map { "\($0)\n" }.joined())], status: 2,
            message: ["401 snapshots of up to 12200 rows each would draw more than 500000 rows"]),
        BadInput(
            arguments: ["render", "--scenario", "{dir}/missing.yaml"], status: 2,
            message: ["{dir}/missing.yaml: cannot read the scenario file: no such file"]),
        // Frame tables: the reference string, the sizes and the policies, and the limits of a teaching figure.
        BadInput(
            arguments: ["frame-table", "--pages", " , ", "--frames", "3"], status: 2,
            message: ["--pages: no page numbers given; expected a reference string such as 1,2,3,4,1,2,5"]),
        BadInput(
            arguments: ["frame-table", "--pages", "1,2,99999999999999999999", "--frames", "3"], status: 2,
            message: ["--pages: expected a page number (decimal or 0x hex), found '99999999999999999999'"]),
        BadInput(
            arguments: ["frame-table", "--pages", "1,0x10000000000000", "--frames", "3"], status: 2,
            message: ["--pages: expected a page number that is below 2^52", "found '0x10000000000000'"]),
        BadInput(
            arguments: ["frame-table"] + pages + ["--frames", "0"], status: 2,
            message: ["--frames 0: the machine needs at least 1 frame"]),
        BadInput(
            arguments: ["frame-table"] + pages + ["--frames", "3", "--policies", "fifo,belady"], status: 2,
            message: ["unknown replacement policy 'belady'; valid names:", "fifo", "opt"]),
        BadInput(
            arguments: ["frame-table"] + pages + ["--frames", "3", "--policies", ","], status: 2,
            message: ["--policies: no policy given"]),
        BadInput(
            arguments: ["frame-table"] + pages + ["--frames", "3", "--out", "{dir}/t.jpg"], status: 2,
            message: ["--out {dir}/t.jpg: expected a file ending in .svg, .png, .pdf, .dot"]),
        BadInput(
            arguments: ["frame-table"] + pages + ["--frames", "3", "--width", "10"], status: 2,
            message: ["--width 10: expected 40 to 1000 characters"]),
        BadInput(
            arguments: ["frame-table"] + pages + ["--frames", "300"], status: 2,
            message: ["--frames 300: text shows at most 256 frames"]),
        BadInput(
            arguments: ["frame-table"] + pages + [
                "--frames", "3", "--out", "{dir}/t.svg", "--policies", "opt", "--order", "lru",
            ],
            status: 2, message: ["--order", "lru"]),
        // A warm-up that leaves nothing to count: refused at `warmup`, naming the workload and its length.
        BadInput(
            arguments: ["run", "{dir}/w.yaml", "--output", "{dir}/out"],
            files: [
                "w.yaml": text(
                    """
                    name: w
                    workloads: [{name: a, pages: [1, 2, 3]}]
                    machine: {frames: [2]}
                    policies: {replacement: [lru]}
                    warmup: 3
                    """)
            ], status: 2,
            message: [
                "{dir}/w.yaml:5:9: warmup 3 leaves nothing to count: workload 'a' has 3 accesses; "
                    + "the warm-up must be shorter than every workload"
            ]),
        BadInput(
            arguments: ["run", "{dir}/w.yaml", "--output", "{dir}/out"],
            files: [
                "t.pages": text("1\n2\n3\n4\n5\n"),
                "w.yaml": text(
                    """
                    name: w
                    workloads: [{name: t, trace: t.pages, format: pages, limit: 4}]
                    machine: {frames: [2]}
                    policies: {replacement: [lru]}
                    warmup: 10
                    """),
            ], status: 2,
            message: [
                "{dir}/w.yaml:5:9: warmup 10 leaves nothing to count: workload 't' (trace {dir}/t.pages) has 4 accesses (limit 4)"
            ]),
        // Files the tool needs that are not there.
        BadInput(
            arguments: ["bench", "--traces", "{dir}/none"], status: 2,
            message: ["--traces {dir}/none: no such directory"]),
    ]
}

struct BadInputCatalogueTests {
    @Test("Every bad input gets its status and message, and no trap or Foundation text", arguments: BadInput.catalogue)
    func catalogue(_ row: BadInput) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-bad-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, content) in row.files {
            try Data(content).write(to: directory.appendingPathComponent(name))
        }
        let substitute = { (text: String) in text.replacingOccurrences(of: "{dir}", with: directory.path) }
        let result = try VMLabProcess.run(
            row.arguments.map(substitute), input: row.input.map { Data($0) },
            standardOutput: row.standardOutput)
        #expect(result.status == row.status, "\(result.stderr)")
        for fragment in row.message.map(substitute) {
            #expect(result.stderr.contains(fragment), "expected '\(fragment)' in: \(result.stderr)")
        }
        for forbidden in ["Error Domain=", "Fatal error", "Program crashed", "Backtrac"] {
            #expect(!result.stderr.contains(forbidden), "\(result.stderr)")
        }
        #expect(result.stdout.isEmpty || row.status == 0, "\(result.stdout)")
    }
}
