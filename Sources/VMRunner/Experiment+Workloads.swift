import Foundation
import VMCore
public import VMScenario
import VMTrace
import Yams

extension Experiment {
    static let patterns = ["sequential", "loop", "uniform", "zipf", "hot-cold", "phases", "mix"]

    static func workload(_ node: Node, _ reader: YAMLReader, seed: UInt64, baseDirectory: String)
        throws(YAMLInputError) -> Workload
    {
        let mapping = try reader.mapping(
            node, allowed: ["name", "trace", "format", "pages", "synthetic", "limit", "frames"], what: "a workload")
        let name = try identifier(try mapping.required("name"), reader, "a workload name")
        let limit = try mapping["limit"].map { node throws(YAMLInputError) in
            try reader.integer(node, what: "limit", in: 1...Int.max)
        }
        let frames = try mapping["frames"].map { node throws(YAMLInputError) in try sizes(node, reader) }
        let given = ["trace", "pages", "synthetic"].filter { mapping[$0] != nil }
        guard given.count == 1 else {
            throw reader.error(node, "workload \(SafeText.quoted(name)) needs exactly one of trace, pages or synthetic")
        }
        if mapping["format"] != nil, mapping["trace"] == nil {
            throw reader.error(mapping["format"]!, "format applies to trace workloads only")
        }
        let source: Source
        if let traceNode = mapping["trace"] {
            var path = try reader.string(traceNode, what: "trace")
            if !path.hasPrefix("/") && path != "-" {
                path = URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).path
            }
            guard path == "-" || FileManager.default.fileExists(atPath: path) else {
                throw reader.error(traceNode, "no trace file at \(SafeText.escaped(path))")
            }
            var format = TraceFormat.auto
            if let formatNode = mapping["format"] {
                let text = try reader.string(formatNode, what: "format")
                guard let parsed = TraceFormat(rawValue: text) else {
                    throw reader.error(
                        formatNode,
                        "unknown trace format \(SafeText.quoted(text)); formats: \(TraceFormat.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                format = parsed
            }
            source = .trace(path: path, format: format)
        } else if let pagesNode = mapping["pages"] {
            var pages: [UInt64] = []
            for item in try reader.sequence(pagesNode, what: "pages") {
                pages.append(try reader.address(item, what: "a page"))
            }
            guard !pages.isEmpty else { throw reader.error(pagesNode, "pages: the list is empty") }
            source = .pages(pages)
        } else {
            let synthetic = try reader.mapping(
                mapping["synthetic"]!,
                allowed: [
                    "pattern", "pages", "alpha", "hot-fraction", "hot-probability", "working-set", "phase-length",
                    "quantum", "processes", "accesses", "writes", "seed",
                ], what: "a synthetic workload")
            let pattern = try Self.pattern(synthetic, reader)
            let accesses =
                try synthetic["accesses"].map { node throws(YAMLInputError) in
                    try reader.integer(node, what: "accesses", in: 1...1_000_000_000)
                } ?? 100_000
            let writes =
                try synthetic["writes"].map { node throws(YAMLInputError) in
                    try double(node, reader, what: "writes", in: 0...1)
                } ?? 0
            let own = try synthetic["seed"].map { node throws(YAMLInputError) in
                UInt64(try reader.integer(node, what: "seed", in: 0...Int.max))
            }
            source = .synthetic(pattern, accesses: accesses, writeFraction: writes, seed: own ?? seed)
        }
        return Workload(name: name, source: source, limit: limit, frames: frames)
    }

    /// A pattern mapping (also the entries of a mix's `processes`).
    private static func pattern(_ mapping: YAMLReader.Mapping, _ reader: YAMLReader) throws(YAMLInputError)
        -> SyntheticWorkload
    {
        let patternNode = try mapping.required("pattern")
        let kind = try reader.string(patternNode, what: "pattern")
        func pages() throws(YAMLInputError) -> Int {
            try reader.integer(try mapping.required("pages"), what: "pages", in: 1...(1 << 30))
        }
        func number(_ key: String, default value: Double, in range: ClosedRange<Double>) throws(YAMLInputError)
            -> Double
        {
            try mapping[key].map { node throws(YAMLInputError) in try double(node, reader, what: key, in: range) }
                ?? value
        }
        let workload: SyntheticWorkload
        switch kind {
        case "sequential": workload = .sequential(pages: try pages())
        case "loop": workload = .loop(pages: try pages())
        case "uniform": workload = .uniform(pages: try pages())
        case "zipf": workload = .zipf(pages: try pages(), alpha: try number("alpha", default: 1, in: 0...10))
        case "hot-cold":
            workload = .hotCold(
                pages: try pages(), hotFraction: try number("hot-fraction", default: 0.2, in: 0...1),
                hotProbability: try number("hot-probability", default: 0.8, in: 0...1))
        case "phases":
            let total = try pages()
            let set = try reader.integer(try mapping.required("working-set"), what: "working-set", in: 1...total)
            let length =
                try mapping["phase-length"].map { node throws(YAMLInputError) in
                    try reader.integer(node, what: "phase-length", in: 1...Int.max)
                } ?? 1000
            workload = .phases(pages: total, workingSet: set, phaseLength: length)
        case "mix":
            let quantum =
                try mapping["quantum"].map { node throws(YAMLInputError) in
                    try reader.integer(node, what: "quantum", in: 1...Int.max)
                } ?? 100
            var parts: [SyntheticWorkload] = []
            for item in try reader.sequence(try mapping.required("processes"), what: "processes") {
                let part = try reader.mapping(
                    item,
                    allowed: [
                        "pattern", "pages", "alpha", "hot-fraction", "hot-probability", "working-set", "phase-length",
                    ],
                    what: "a process of a mix")
                parts.append(try Self.pattern(part, reader))
            }
            workload = .mix(parts, quantum: quantum)
        default:
            throw reader.error(
                patternNode, "unknown pattern \(SafeText.quoted(kind)); patterns: \(patterns.joined(separator: ", "))")
        }
        do {
            try workload.validate()
        } catch {
            throw reader.error(mapping.node, error.description)
        }
        return workload
    }
}

extension Experiment {
    /// Refuses a warm-up that leaves `workload` (`length` accesses, its limit applied) nothing to count, with the
    /// file:line:column of `warmup`, the warm-up, the workload and its length.
    ///
    /// Refused, not warned about: a cell whose warm-up swallows its workload counts 0 accesses, and its miss ratio
    /// of 0 would read as a perfect result in every table and plot (and be reused by `--resume`), while a warning
    /// is easily lost among many cells. Every length is known before any cell runs — pages lists and synthetic
    /// workloads when the file is read, traces once the runner has loaded them — so refusing wastes no work. A
    /// warm-up equal to the length is refused too: it leaves nothing to count.
    public func checkWarmup(workload: Workload, length: Int) throws(YAMLInputError) {
        guard warmup > 0, warmup >= length else { return }
        var what = "workload \(SafeText.quoted(workload.name))"
        if case .trace(let path, _) = workload.source { what += " (trace \(SafeText.escaped(path)))" }
        let limited = workload.limit == length ? " (limit \(length))" : ""
        throw YAMLInputError(
            file: warmupLocation?.file ?? "experiment", line: warmupLocation?.line ?? 0,
            column: warmupLocation?.column ?? 0,
            message: "warmup \(warmup) leaves nothing to count: \(what) has \(length) "
                + "\(length == 1 ? "access" : "accesses")\(limited); the warm-up must be shorter than every workload")
    }
}
