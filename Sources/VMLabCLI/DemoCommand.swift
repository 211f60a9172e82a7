import ArgumentParser
import Foundation
import VMCore
import VMDiagram
import VMExperiment
import VMPolicyCatalogue
import VMRunner
import VMScenario

/// `vmlab demo` (what `make demo` runs): the built-in experiment and the classic mapping diagram.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the built-in experiment: textbook strings, a real trace, every replacement policy, diagrams.",
        discussion: """
            Writes Output/demo/ (results, plots, index.html) and Output/demo/classic.svg, the default mapping
            diagram. Its experiment file is printed by --print-experiment.
            """
    )

    @Option(name: .long, help: "Output directory.")
    var output: String = "Output/demo"

    @Option(name: .long, parsing: .unconditional, help: "Cells run at once (default: all cores).")
    var jobs: Int?

    @Flag(name: .long, help: "Print the demo's experiment file and exit.")
    var printExperiment = false

    @Flag(name: .long, help: "No progress output and no summary table (the files are written as usual).")
    var quiet = false

    func run() async throws {
        guard let trace = DemoExperiment.tracePath, FileManager.default.fileExists(atPath: trace) else {
            throw UsageError("the demo's trace is missing from the package resources (VMRunner/Resources)")
        }
        let yaml = DemoExperiment.yaml(tracePath: trace)
        if printExperiment {
            print(yaml)
            return
        }
        let registry = Entry.registry
        let experiment = try Experiment(
            yaml: yaml, file: "<demo experiment>", baseDirectory: FileManager.default.currentDirectoryPath,
            registry: registry)
        let directory = URL(fileURLWithPath: output)
        let classic = try Self.classicDiagram(registry: registry)
        try AtomicFile.write(Data(classic.utf8), to: directory.appendingPathComponent("classic.svg").path)
        try await RunCommand.execute(
            experiment, registry: registry, directory: directory, resume: false, fresh: true, shard: nil, jobs: jobs,
            quiet: quiet,
            extraDiagrams: [(caption: "The classic picture (Examples/scenarios/classic.yaml)", svg: classic)])
        print("default mapping diagram: \(directory.appendingPathComponent("classic.svg").path)")
    }

    /// The default scenario's diagram as SVG (from the <svg> element on).
    static func classicDiagram(registry: PolicyRegistry) throws -> String {
        let scenario = Scenario.classic()
        let machine = try scenario.makeMachine(registry: registry)
        for access in scenario.accesses { try machine.step(access) }
        let options = DiagramOptions(
            title: scenario.title, replacement: scenario.replacement, allocator: scenario.allocator,
            swapPlacement: scenario.swap, totalAccesses: scenario.accesses.count)
        let graph = try MappingGraph(snapshot: MachineSnapshot(machine: machine), options: options)
        let svg = String(decoding: try DiagramRenderer.render(graph, format: .svg), as: UTF8.self)
        return svg.range(of: "<svg").map { String(svg[$0.lowerBound...]) } ?? svg
    }
}
