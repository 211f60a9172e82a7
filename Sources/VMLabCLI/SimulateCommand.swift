import ArgumentParser
import Foundation
import VMCore
import VMExperiment
import VMPolicyCatalogue

/// `vmlab simulate`: one run of one policy at one memory size.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run one workload through the machine with one replacement policy.",
        discussion: """
            Examples:
              vmlab simulate --pages 1,2,3,4,1,2,5,1,2,3,4,5 --policy fifo --frames 3
              vmlab simulate --trace grep.all.pages.zst --policy random:seed=7 --frames 64 --json
              vmlab simulate --pages 1,2,3,4,1,2,5,1,2,3,4,5 --policy lru --frames 3 --steps
              vmlab simulate --pages 1,2,3,4,1,2,5,1,2,3,4,5 --policy opt --frames 3 --ostep
              vmlab simulate --trace grep.all.pages.zst --policy clock --frames 64 --steps --steps-from 1000 --steps-to 1020

            --steps prints one line per access: time, process, page (page numbers for page lists, addresses
            otherwise), operation, outcome (hit, minor, major, segv, prot, dropped, kernel; with --tlb, the TLB's hit or miss), the
            victim and where it went, and the resident pages in the policy's own order (> marks a clock hand, notes
            in parentheses). With --json an array of objects, with --csv one row per access.
            """
    )

    @OptionGroup var workload: WorkloadOptions
    @OptionGroup var machine: MachineOptions
    @OptionGroup var plugins: PluginOptions
    @OptionGroup var compat: CompatOptions

    @Option(name: .long, help: "Replacement policy, NAME or NAME:key=value,... (see 'vmlab policies').")
    var policy: String

    @Option(name: .long, parsing: .unconditional, help: "Physical memory in frames.")
    var frames: Int

    @Flag(name: .long, help: "Print one JSON object instead of a summary.")
    var json = false

    @Option(name: .long, help: "Also write the JSON result to this file (atomically).")
    var output: String?

    @Flag(name: .long, help: "Explain every access: outcome, victim, resident pages in the policy's order.")
    var steps = false

    @Option(name: .long, parsing: .unconditional, help: "With --steps: first access to explain (from 1).")
    var stepsFrom: Int?

    @Option(name: .long, parsing: .unconditional, help: "With --steps: last access to explain; the run stops there.")
    var stepsTo: Int?

    @Flag(name: .long, help: "With --steps: CSV rows instead of text.")
    var csv = false

    @Flag(
        name: .long,
        help: "Print what OSTEP's paging-policy.py -c prints (fifo, lru, mru, opt, unopt, ostep-rand, ostep-clock).")
    var ostep = false

    @Option(
        name: .long,
        help: "Latencies for the access-time line, e.g. tlb=1ns,memory=100ns,walk=100ns,minor=2us,major=8ms.")
    var latency: String?

    func validate() throws {
        guard frames >= 1 else { throw ValidationError("--frames \(frames): the machine needs at least 1 frame") }
        let explaining = steps || ostep
        if !explaining {
            for (given, name) in [(stepsFrom != nil, "--steps-from"), (stepsTo != nil, "--steps-to"), (csv, "--csv")]
            where given {
                throw ValidationError("\(name) needs --steps")
            }
        }
        if let stepsFrom, stepsFrom < 1 { throw ValidationError("--steps-from \(stepsFrom): accesses count from 1") }
        if let stepsTo, stepsTo < (stepsFrom ?? 1) {
            throw ValidationError("--steps-to \(stepsTo) comes before --steps-from \(stepsFrom ?? 1)")
        }
        if csv && json { throw ValidationError("give --json or --csv, not both") }
        if ostep {
            if json || csv {
                throw ValidationError("--ostep prints OSTEP's text; it cannot be combined with --json or --csv")
            }
            if stepsFrom != nil || stepsTo != nil {
                throw ValidationError(
                    "--ostep prints the whole run, as the script does; leave out --steps-from/--steps-to")
            }
        }
        if let latency {
            do { _ = try AccessTimeModel(parsing: latency) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() throws {
        let registry = try plugins.registry()
        let specification = try compat.apply([PolicySpecification(parsing: policy)], registry: registry)[0]
        try registry.validate(specification, kind: .replacement)
        if steps || ostep {
            try explain(specification, registry: registry)
            return
        }
        let configuration = try machine.configuration(replacement: specification, frames: frames)
        let monitor = RunMonitor(expectedAccesses: workload.source.expectedAccesses)
        let result = try Simulator.run(
            configuration, workload: workload.source, registry: registry, afterBatch: monitor.afterBatch)
        monitor.clear()
        // JSON only when asked for: encoding every process's row costs more than the run itself on many processes.
        let jsonText = json || output != nil ? try ResultFormatting.json(result) : ""
        if let output { try AtomicFile.write(jsonText, to: output) }
        print(json ? jsonText : Self.summary(result) + accessTimeLine(result, configuration), terminator: "")
    }

    /// The effective-access-time line (with a newline), or empty when nothing ran.
    func accessTimeLine(_ result: RunResult, _ configuration: RunConfiguration) -> String {
        let model = (try? latency.map(AccessTimeModel.init(parsing:))) ?? .defaults
        let levels = (try? configuration.layout().pageTableLevels) ?? 4
        return model.summaryLine(of: result, levels: levels).map { $0 + "\n" } ?? ""
    }

    /// The text summary. When the out-of-memory rule killed a process, accesses are split into executed and
    /// dropped ones (the miss ratio is over executed accesses), and the per-process table says which process was
    /// killed and at which access.
    static func summary(_ result: RunResult) -> String {
        let split =
            result.droppedAccesses > 0
            ? "  (executed \(result.executedAccesses), dropped \(result.droppedAccesses): processes killed out of memory)"
            : ""
        var text = """
            workload     \(result.workload)
            policy       \(result.policy)   allocator \(result.allocator)   swap \(result.swap)
            frames       \(result.frames) x \(result.pageSize) B
            accesses     \(result.accesses)\(split)
            hits         \(result.hits)
            faults       \(result.faults)  (minor \(result.minorFaults), major \(result.majorFaults))
            miss ratio   \(String(format: "%.6f", result.missRatio))\(split.isEmpty ? "" : "  (faults / executed accesses)")
            evictions    \(result.evictions)
            swap I/O     \(result.swapIns) in, \(result.swapOuts) out

            """
        let invalid = result.segmentationFaults + result.protectionFaults
        if invalid > 0 {
            text += "invalid      \(result.segmentationFaults) segfaults, \(result.protectionFaults) protection\n"
        }
        if result.killedProcesses > 0 {
            let killed = result.killedProcesses
            text +=
                "oom          \(killed) \(killed == 1 ? "process" : "processes") killed, "
                + "\(result.droppedAccesses) accesses dropped\n"
        }
        if result.processes.count > 1 || result.killedProcesses > 0 {
            text += "\n" + processTable(result.processes)
        }
        return text
    }

    /// One row per process; when a process was killed, a last column says which and at which access.
    static func processTable(_ processes: [RunResult.ProcessResult]) -> String {
        let anyKilled = processes.contains(where: \.killed)
        let header = [
            "pid", "accesses", "executed", "dropped", "hits", "faults", "miss ratio", "evictions", "swap-in",
            "swap-out",
        ]
        let rows = processes.map { process in
            [
                String(process.pid), String(process.accesses), String(process.executedAccesses),
                String(process.droppedAccesses), String(process.hits), String(process.faults),
                String(format: "%.6f", process.missRatio), String(process.evictions), String(process.swapIns),
                String(process.swapOuts),
            ] + (anyKilled ? [Self.state(process)] : [])
        }
        return ResultFormatting.aligned(
            [header + (anyKilled ? ["state"] : [])] + rows, text: anyKilled ? [header.count] : [])
    }

    /// `killed at access N` (N counts every access of the workload, from 1), `killed`, or empty.
    static func state(_ process: RunResult.ProcessResult) -> String {
        guard process.killed else { return "" }
        return process.killedAtAccess.map { "killed at access \($0)" } ?? "killed"
    }
}
