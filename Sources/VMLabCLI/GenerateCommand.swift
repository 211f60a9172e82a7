import ArgumentParser
import Foundation
import VMCore
import VMTrace

/// `vmlab generate`: synthetic traces.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write synthetic traces.",
        subcommands: [ZipfCommand.self, ZipfMixCommand.self]
    )

    /// `vmlab generate zipf`: a seeded Zipf(α) trace in libCacheSim's oracleGeneral format.
    struct ZipfCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "zipf",
            abstract: "Write a seeded Zipf(alpha) trace in oracleGeneral format (next-access field included).",
            discussion: "Example: vmlab generate zipf --accesses 10000000 --pages 1000000 --alpha 1.0 --out zipf.bin"
        )

        @Option(name: .long, parsing: .unconditional, help: "Number of references.")
        var accesses: Int

        @Option(name: .long, parsing: .unconditional, help: "Number of distinct pages (objects).")
        var pages: Int

        @Option(name: .long, parsing: .unconditional, help: "Zipf exponent (0 uniform, 1 classic).")
        var alpha: Double = 1.0

        @Option(
            name: .long, parsing: .unconditional, help: "Seed: the same seed writes the same file on every machine.")
        var seed: UInt64 = 1

        @Option(
            name: .long,
            help: "Output file (written atomically; ending in .zst: zstd-compressed). Any length, in memory ∝ pages.")
        var out: String

        func validate() throws {
            guard accesses >= 1 else { throw ValidationError("--accesses \(accesses): expected at least 1") }
            guard pages >= 1 else { throw ValidationError("--pages \(pages): expected at least 1") }
            guard alpha >= 0, alpha.isFinite else {
                throw ValidationError("--alpha \(alpha): expected a finite value >= 0")
            }
        }

        func run() throws {
            let generator = ZipfGenerator(objects: pages, alpha: alpha, seed: seed)
            let monitor = RunMonitor(expectedAccesses: accesses)
            let written = try OracleGeneralWriter.write(
                objectIDs: generator.prefix(accesses), to: out, afterChunk: monitor.afterBatch)
            monitor.clear()
            print("wrote \(written) references over \(pages) pages (Zipf alpha \(alpha), seed \(seed)) to \(out)")
        }
    }

    /// `vmlab generate zipf-mix`: several processes, each drawing Zipf(alpha) pages, in the pid text format.
    struct ZipfMixCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "zipf-mix",
            abstract: "Write a seeded multi-process trace (pid format): each process draws its own Zipf(alpha) pages.",
            discussion: """
                Process i has pid i + 1 and its own seeded Zipf(alpha) law over --pages pages (page 0 the most \
                popular); turns of --quantum accesses go round robin over the processes. Example (the full-machine \
                benchmark's 'Zipf mix'): vmlab generate zipf-mix --processes 3 --accesses 10000000 \
                --pages 1000000 --out zipf-mix.pid
                """
        )

        @Option(name: .long, parsing: .unconditional, help: "Number of processes (pids 1, 2, ...).")
        var processes: Int = 3

        @Option(name: .long, parsing: .unconditional, help: "Number of references, all processes together.")
        var accesses: Int

        @Option(name: .long, parsing: .unconditional, help: "Pages each process draws from.")
        var pages: Int

        @Option(name: .long, parsing: .unconditional, help: "Zipf exponent (0 uniform, 1 classic).")
        var alpha: Double = 1.0

        @Option(name: .long, parsing: .unconditional, help: "Accesses per turn of a process (round robin).")
        var quantum: Int = 1

        @Option(name: .long, parsing: .unconditional, help: "Fraction of accesses that are writes (0 to 1).")
        var writeFraction: Double = 0

        @Option(
            name: .long, parsing: .unconditional, help: "Seed: the same seed writes the same file on every machine.")
        var seed: UInt64 = 1

        @Option(name: .long, help: "Output file (plain text, written atomically).")
        var out: String

        func validate() throws {
            guard accesses >= 1 else { throw ValidationError("--accesses \(accesses): expected at least 1") }
            guard (1...1 << 31).contains(processes) else {
                throw ValidationError("--processes \(processes): expected 1 to \(1 << 31)")
            }
            guard pages >= 1 else { throw ValidationError("--pages \(pages): expected at least 1") }
            guard pages <= 1 << 52 else { throw ValidationError("--pages \(pages): expected at most 2^52") }
            guard quantum >= 1 else { throw ValidationError("--quantum \(quantum): expected at least 1") }
            guard alpha >= 0, alpha.isFinite else {
                throw ValidationError("--alpha \(alpha): expected a finite value >= 0")
            }
            guard writeFraction >= 0, writeFraction <= 1 else {
                throw ValidationError("--write-fraction \(writeFraction): expected 0 to 1")
            }
            guard !out.hasSuffix(".gz"), !out.hasSuffix(".zst") else {
                throw ValidationError("--out \(out): pid traces are written as plain text; drop the .gz or .zst suffix")
            }
        }

        func run() throws {
            let mix = ZipfProcessMix(
                processes: processes, pages: pages, alpha: alpha, quantum: quantum, writeFraction: writeFraction,
                seed: seed)
            let monitor = RunMonitor(expectedAccesses: accesses)
            let written = try PIDTraceWriter.write(
                mix.prefix(accesses), pageShift: mix.pageShift, to: out, afterChunk: monitor.afterBatch)
            monitor.clear()
            print(
                "wrote \(written) references of \(processes) processes over \(pages) pages each "
                    + "(Zipf alpha \(alpha), quantum \(quantum), seed \(seed)) to \(out)")
        }
    }
}
