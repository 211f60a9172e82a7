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
            """
    )

    @OptionGroup var workload: WorkloadOptions
    @OptionGroup var machine: MachineOptions
    @OptionGroup var plugins: PluginOptions

    @Option(name: .long, help: "Replacement policy, NAME or NAME:key=value,... (see 'vmlab policies').")
    var policy: String

    @Option(name: .long, parsing: .unconditional, help: "Physical memory in frames.")
    var frames: Int

    @Flag(name: .long, help: "Print one JSON object instead of a summary.")
    var json = false

    @Option(name: .long, help: "Also write the JSON result to this file (atomically).")
    var output: String?

    func validate() throws {
        guard frames >= 1 else { throw ValidationError("--frames \(frames): the machine needs at least 1 frame") }
    }

    func run() throws {
        let registry = try plugins.registry()
        let specification = try PolicySpecification(parsing: policy)
        try registry.validate(specification, kind: .replacement)
        let configuration = try machine.configuration(replacement: specification, frames: frames)
        let result = try Simulator.run(configuration, workload: workload.source, registry: registry)
        // JSON only when asked for: encoding every process's row costs more than the run itself on many processes.
        let jsonText = json || output != nil ? try ResultFormatting.json(result) : ""
        if let output { try AtomicFile.write(jsonText, to: output) }
        print(json ? jsonText : Self.summary(result), terminator: "")
    }

    static func summary(_ result: RunResult) -> String {
        var text = """
            workload     \(result.workload)
            policy       \(result.policy)   allocator \(result.allocator)   swap \(result.swap)
            frames       \(result.frames) x \(result.pageSize) B
            accesses     \(result.accesses)
            hits         \(result.hits)
            faults       \(result.faults)  (minor \(result.minorFaults), major \(result.majorFaults))
            miss ratio   \(String(format: "%.6f", result.missRatio))
            evictions    \(result.evictions)
            swap I/O     \(result.swapIns) in, \(result.swapOuts) out

            """
        let invalid = result.segmentationFaults + result.protectionFaults
        if invalid > 0 {
            text += "invalid      \(result.segmentationFaults) segfaults, \(result.protectionFaults) protection\n"
        }
        if result.oomKills > 0 {
            text += "oom          \(result.oomKills) kills, \(result.droppedAccesses) accesses dropped\n"
        }
        if result.processes.count > 1 {
            text += "\npid  accesses  faults  evictions  swap-in  swap-out\n"
            for process in result.processes {
                text +=
                    "\(process.pid)  \(process.accesses)  \(process.faults)  \(process.evictions)  "
                    + "\(process.swapIns)  \(process.swapOuts)\n"
            }
        }
        return text
    }
}
