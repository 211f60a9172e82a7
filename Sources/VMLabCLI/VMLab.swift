import ArgumentParser

/// The `vmlab` command: a virtual-memory policy lab.
struct VMLab: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vmlab",
        abstract: "A virtual-memory policy lab: simulate page replacement, frame allocation and swap placement.",
        subcommands: [
            SimulateCommand.self, CompareCommand.self, PoliciesCommand.self, GenerateCommand.self,
            BenchCommand.self, RenderCommand.self, NewPolicyCommand.self, MRCCommand.self,
            RunCommand.self, MergeCommand.self, DemoCommand.self, FrameTableCommand.self, SlurmCommand.self,
        ]
    )
}
