import ArgumentParser
import Foundation
import VMCore
import VMExperiment
import VMPolicyCatalogue
import VMTrace

/// `vmlab bench`: accesses per second, measured, with the method printed beside the numbers.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure simulation speed in accesses per second (see BENCHMARKS.md for the method).",
        discussion: """
            Three parts: reference-string mode (fifo, lru, clock, opt) on every *.pages.zst trace in --traces,
            simulated from memory; a 10-million-access Zipf(1.0) trace over 1 million pages in oracleGeneral
            format, streamed from its file as 'vmlab simulate' does (generated once, seeded); and the full machine
            with the three processes of mix.data.collapsed.pid.zst and a bounded swap device. Last, mode 'full': the
            full machine (local scope with page-fault-frequency budgets, a 64-entry 4-way TLB, 30,000 frames, a
            bounded swap device of 3,000,000 slots) on the Zipf mix: three processes, each drawing Zipf(1.0) pages
            over 1,000,000 pages, interleaved one access at a time, 10 million accesses (generated in memory,
            seeded; 'vmlab generate zipf-mix' writes the same trace). Each figure is the median of --repetitions
            runs on a fresh machine.
            """
    )

    @Option(name: .long, help: "Folder with the real traces (*.pages.zst, mix.data.collapsed.pid.zst).")
    var traces: String = "../shared/traces"

    @Option(name: .long, help: "Where the generated Zipf trace is kept.")
    var zipf: String = "Output/bench/zipf.oracleGeneral"

    @Option(name: .long, parsing: .unconditional, help: "Runs per figure; the median is reported.")
    var repetitions: Int = 3

    @Option(name: .long, help: "Policies for reference-string mode.")
    var policies: String = "fifo,lru,clock,opt"

    @OptionGroup var plugins: PluginOptions

    @Flag(name: .long, help: "Only the Zipf and full-machine parts (skips the real page traces).")
    var quick = false

    @Option(
        name: .long,
        help:
            "Only these parts, comma-separated: traces, zipf (streamed and in memory), machine, full (all by default).")
    var only: String?

    @Option(name: .long, help: "Write all measurements as JSON to this file (atomically).")
    var output: String?

    /// The parts `--only` names (every part when it is not given).
    var parts: Set<String> {
        guard let only else { return ["traces", "zipf", "machine", "full"] }
        return Set(only.split(separator: ",").map(String.init))
    }

    func validate() throws {
        let unknown = parts.subtracting(["traces", "zipf", "machine", "full"])
        guard unknown.isEmpty else {
            throw ValidationError(
                "--only \(unknown.sorted().joined(separator: ",")): expected traces, zipf, machine or full")
        }
        guard (1...1000).contains(repetitions) else {
            throw ValidationError("--repetitions \(repetitions): expected 1 to 1000")
        }
        var isDirectory: ObjCBool = false
        if !quick, parts.contains("traces"),
            !FileManager.default.fileExists(atPath: traces, isDirectory: &isDirectory) || !isDirectory.boolValue
        {
            throw ValidationError(
                "--traces \(traces): no such directory (the real traces; give their folder, or --quick to skip them)")
        }
    }

    func run() throws {
        if !Benchmark.isOptimised {
            FileHandle.standardError.write(Data("vmlab: warning: debug build; build with -c release to measure\n".utf8))
        }
        let registry = try plugins.registry()
        let policyList = try policies.split(separator: ",").map { try PolicySpecification(parsing: String($0)) }
        var measurements: [BenchmarkMeasurement] = []
        func report(_ measurement: BenchmarkMeasurement) {
            measurements.append(measurement)
            let rate = String(format: "%7.1f M/s", measurement.accessesPerSecond / 1e6)
            let time = String(format: "%8.3f s", measurement.medianSeconds)
            print(
                "\(measurement.mode.padding(toLength: 10, withPad: " ", startingAt: 0)) "
                    + "\(URL(fileURLWithPath: measurement.workload).lastPathComponent.padding(toLength: 32, withPad: " ", startingAt: 0)) "
                    + "\(measurement.policy.padding(toLength: 6, withPad: " ", startingAt: 0)) "
                    + "\(String(measurement.frames).padding(toLength: 6, withPad: " ", startingAt: 0)) "
                    + "\(measurement.accesses) accesses  \(time)  \(rate)")
        }

        if !quick, parts.contains("traces") {
            let files = try FileManager.default.contentsOfDirectory(atPath: traces)
                .filter { $0.hasSuffix(".pages.zst") }.sorted()
            for file in files {
                let path = (traces as NSString).appendingPathComponent(file)
                let trace = try LoadedTrace.load(.trace(path: path, format: .pages), pageShift: 12, withNextUse: true)
                let distinct = Set(trace.accesses.map(\.address)).count
                let frames = max(4, distinct / 4)
                for policy in policyList {
                    let configuration = RunConfiguration(replacement: policy, frames: frames)
                    report(
                        try Benchmark.inMemory(
                            configuration, trace: trace, registry: registry, repetitions: repetitions))
                }
            }
        }

        if parts.contains("zipf") {
            try zipfPart(policyList, registry: registry, report: report)
        }
        if parts.contains("machine") {
            try machinePart(policyList, registry: registry, report: report)
        }
        if parts.contains("full") {
            let zipfMix = Benchmark.zipfMix()
            for policy in policyList {
                report(
                    try Benchmark.inMemory(
                        Benchmark.fullMachine(replacement: policy), trace: zipfMix, registry: registry,
                        repetitions: repetitions, mode: "full"))
            }
        }
        if let output {
            try AtomicFile.write(try ResultFormatting.json(measurements), to: output)
            print("measurements written to \(output)")
        }
    }

    private func zipfPart(
        _ policyList: [PolicySpecification], registry: PolicyRegistry, report: (BenchmarkMeasurement) -> Void
    ) throws {
        if !FileManager.default.fileExists(atPath: zipf) {
            print("generating \(zipf): 10,000,000 references, Zipf(1.0) over 1,000,000 pages, seed 1")
            let directory = AtomicFile.split(zipf).directory
            try AtomicFile.createDirectory(directory.isEmpty ? "." : directory)
            try OracleGeneralWriter.write(
                objectIDs: ZipfGenerator(objects: 1_000_000, alpha: 1.0, seed: 1).prefix(10_000_000), to: zipf)
        }
        let zipfWorkload = WorkloadSource.trace(path: zipf, format: .oracleGeneral)
        for policy in policyList {
            let configuration = RunConfiguration(replacement: policy, frames: 10_000)
            report(
                try Benchmark.streaming(
                    configuration, workload: zipfWorkload, registry: registry, repetitions: repetitions))
        }
        let zipfTrace = try LoadedTrace.load(zipfWorkload, pageShift: 12, withNextUse: true)
        for policy in policyList {
            let configuration = RunConfiguration(replacement: policy, frames: 10_000)
            report(
                try Benchmark.inMemory(configuration, trace: zipfTrace, registry: registry, repetitions: repetitions))
        }
    }

    private func machinePart(
        _ policyList: [PolicySpecification], registry: PolicyRegistry, report: (BenchmarkMeasurement) -> Void
    ) throws {
        let mix = (traces as NSString).appendingPathComponent("mix.data.collapsed.pid.zst")
        if FileManager.default.fileExists(atPath: mix) {
            let trace = try LoadedTrace.load(.trace(path: mix, format: .pid), pageShift: 12, withNextUse: true)
            for policy in policyList {
                let configuration = RunConfiguration(
                    replacement: policy, frames: 512,
                    swapDevices: [SwapDeviceConfiguration(name: "swap0", slots: 4096)])
                report(
                    try Benchmark.inMemory(configuration, trace: trace, registry: registry, repetitions: repetitions))
            }
        }
    }
}
