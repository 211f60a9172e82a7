import ArgumentParser
import Foundation
import VMCore
import VMExperiment
import VMPolicyCatalogue
import VMRunner

/// `vmlab slurm`: the Slurm array script and merge job of an experiment, with every path and count filled in.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Write the Slurm array script and the merge job that spread an experiment over a cluster.",
        discussion: """
            Writes DIR/<name>-array.sh (one array task per shard: vmlab run --shard i/N --resume) and
            DIR/<name>-merge.sh (vmlab merge over the shard directories), then prints the two sbatch commands.
            Paths are made absolute; the vmlab that runs is this one (a custom vmlab names itself). Shard outputs
            go to ROOT/vmlab/<name>/shard-<i>, the merged results to ROOT/vmlab/<name>/merged; Slurm's logs to the
            directory sbatch runs in. A failed task is retried with 'scontrol requeue JOB_INDEX'; the merge
            waits with afterany and checks that every cell has a result.

            Example:
              vmlab slurm Examples/experiments/synthetic.yaml --shards 16 --output-root /scratch/me
            """
    )

    @Argument(help: "The experiment file.")
    var file: String

    @Option(name: .long, parsing: .unconditional, help: "Number of array tasks (shards), 1...10000.")
    var shards: Int

    @Option(name: .long, help: "Where shard outputs go (default: $SCRATCH, else the current directory).")
    var outputRoot: String?

    @Option(name: .long, parsing: .unconditional, help: "CPUs per task (cells run at once).")
    var cpus: Int = 2

    @Option(name: .long, help: "Memory per task, as Slurm writes it (e.g. 2G, 8000M).")
    var mem: String = "2G"

    @Option(name: .long, help: "Time limit per task, as Slurm writes it (e.g. 02:00:00).")
    var time: String = "02:00:00"

    @Option(name: .long, help: "Directory for the two scripts (default: the current directory).")
    var out: String = "."

    @OptionGroup var plugins: PluginOptions

    func validate() throws {
        guard (1...10_000).contains(shards) else { throw ValidationError("--shards \(shards): expected 1...10000") }
        guard (1...1024).contains(cpus) else { throw ValidationError("--cpus \(cpus): expected 1...1024") }
        guard mem.range(of: #"^[0-9]+[KMGT]?$"#, options: .regularExpression) != nil else {
            throw ValidationError("--mem \(SafeText.quoted(mem)): expected a Slurm size like 2G or 8000M")
        }
        guard time.range(of: #"^([0-9]+-)?[0-9]+(:[0-9]{2}){0,2}$"#, options: .regularExpression) != nil else {
            throw ValidationError("--time \(SafeText.quoted(time)): expected a Slurm time like 02:00:00 or 1-00:00:00")
        }
    }

    func run() throws {
        // Parsing the file here catches a bad experiment before a cluster queue does.
        let experiment = try Experiment(contentsOf: file, registry: try plugins.registry(experimentFile: file))
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: cwd)).path
        }
        let root =
            absolute(outputRoot ?? ProcessInfo.processInfo.environment["SCRATCH"] ?? cwd) + "/vmlab/"
            + experiment.name
        let vmlab = absolute(Self.runningExecutable())
        let experimentPath = absolute(file)
        // Plugins given here go into both jobs, by absolute path; those the file declares it loads itself.
        let pluginArguments = plugins.plugin.map { " --plugin " + Self.shellQuoted(absolute($0)) }.joined()
        let array = """
            #!/bin/bash
            # Written by vmlab slurm: \(shards) shards of \(experiment.name). Retry a failed task with
            # 'scontrol requeue <job>_<index>': it resumes the cells it finished.
            #SBATCH --job-name=vmlab-\(experiment.name)
            #SBATCH --array=0-\(shards - 1)
            #SBATCH --cpus-per-task=\(cpus)
            #SBATCH --mem=\(mem)
            #SBATCH --time=\(time)
            set -euo pipefail
            index="${SLURM_ARRAY_TASK_ID:?submit with sbatch (an array job)}"
            mkdir -p \(Self.shellQuoted(root))
            exec \(Self.shellQuoted(vmlab)) run \(Self.shellQuoted(experimentPath)) --shard "${index}/\(shards)" \\
                --jobs "${SLURM_CPUS_PER_TASK:-\(cpus)}" --output \(Self.shellQuoted(root))/shard-"${index}" --resume --quiet\(pluginArguments)

            """
        let directories = (0..<shards).map { Self.shellQuoted("\(root)/shard-\($0)") }.joined(separator: " ")
        let merge = """
            #!/bin/bash
            # Written by vmlab slurm: merges the \(shards) shards of \(experiment.name) once every array task ended
            # (submit with --dependency=afterany:<array job>); it says which cells are missing if a task failed.
            #SBATCH --job-name=vmlab-\(experiment.name)-merge
            #SBATCH --cpus-per-task=1
            #SBATCH --mem=\(mem)
            #SBATCH --time=\(time)
            set -euo pipefail
            exec \(Self.shellQuoted(vmlab)) merge \(Self.shellQuoted(experimentPath)) \(directories) \\
                --output \(Self.shellQuoted(root))/merged --quiet\(pluginArguments)

            """
        let directory = absolute(out)
        let arrayPath = directory + "/\(experiment.name)-array.sh"
        let mergePath = directory + "/\(experiment.name)-merge.sh"
        try AtomicFile.write(array, to: arrayPath)
        try AtomicFile.write(merge, to: mergePath)
        print(
            """
            wrote \(SafeText.escaped(arrayPath)) and \(SafeText.escaped(mergePath)); submit with:
              job=$(sbatch --parsable \(Self.shellQuoted(arrayPath)))
              sbatch --dependency=afterany:$job \(Self.shellQuoted(mergePath))
            results: \(SafeText.escaped(root))/merged
            """)
    }

    /// The program running now, which the scripts run too (a custom `vmlab` built with ``VMLabCLI``, with its
    /// extra policies, writes scripts that call itself): the path it was started by when that names a file (kept
    /// as typed, symbolic links and all), else the executable the system loaded (a name found on `PATH`).
    static func runningExecutable() -> String {
        let started = CommandLine.arguments.first ?? ""
        if started.contains("/") { return started }
        return Bundle.main.executablePath ?? started
    }

    /// `text` as one shell word: single-quoted, with `'` written as `'\''`.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
