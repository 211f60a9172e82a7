import ArgumentParser
import Foundation
import VMTrace

/// `vmlab generate`: synthetic traces.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write synthetic traces.",
        subcommands: [ZipfCommand.self]
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
}
