import Foundation
import VMChart
public import VMCore
import VMExperiment
public import VMScenario
import VMTrace
import Yams

extension Experiment {
    /// Reads an experiment from YAML. Relative trace paths are resolved against `baseDirectory` (the file's
    /// folder). Policy names are checked against `registry` (`all` expands to every registered replacement policy).
    /// - Throws: ``YAMLInputError`` with the file, line and column of the first mistake; unknown keys list the
    ///   valid ones.
    public init(yaml text: String, file: String, baseDirectory: String, registry: PolicyRegistry)
        throws(YAMLInputError)
    {
        let reader = YAMLReader(file: file)
        let root = try reader.mapping(
            try reader.root(text),
            allowed: [
                "name", "seed", "seeds", "workloads", "machine", "policies", "warmup", "time-samples", "outputs",
                "compat", "plugins",
            ],
            what: "the experiment")
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        name = try root["name"].map { node throws(YAMLInputError) in try Self.identifier(node, reader, "name") } ?? stem
        let seed =
            try root["seed"].map { node throws(YAMLInputError) in
                UInt64(try reader.integer(node, what: "seed", in: 0...Int.max))
            } ?? 1
        workloads = []
        let workloadNodes = try reader.sequence(try root.required("workloads"), what: "workloads")
        guard !workloadNodes.isEmpty else { throw reader.error(root.node, "an experiment needs at least one workload") }
        for node in workloadNodes {
            let workload = try Self.workload(node, reader, seed: seed, baseDirectory: baseDirectory)
            guard !workloads.contains(where: { $0.name == workload.name }) else {
                throw reader.error(node, "workload \(SafeText.quoted(workload.name)) is declared twice")
            }
            workloads.append(workload)
        }

        pageSize = 4096
        frames = FrameSizes(items: [])
        swapDevices = [.unbounded]
        scopes = [.global]
        tlb = nil
        let machine = try root["machine"].map { node throws(YAMLInputError) in
            try reader.mapping(node, allowed: ["page-size", "frames", "swap", "scope", "tlb"], what: "machine")
        }
        if let machine {
            if let node = machine["page-size"] {
                pageSize = try reader.integer(node, what: "page-size", in: 512...(1 << 30))
                guard pageSize & (pageSize - 1) == 0 else {
                    throw reader.error(node, "page-size must be a power of two, found \(pageSize)")
                }
            }
            if let node = machine["frames"] { frames = try Self.sizes(node, reader) }
            if let node = machine["swap"] { swapDevices = try Scenario.swapDevices(node, reader: reader) }
            if let node = machine["scope"] {
                scopes = []
                for item in try Self.stringOrList(node, reader, what: "scope") {
                    do {
                        scopes.append(try ReplacementScope(parsing: item.text))
                    } catch {
                        throw reader.error(item.node, error.description)
                    }
                }
            }
            if let node = machine["tlb"] { tlb = try Self.tlb(node, reader, registry: registry) }
        }
        guard !frames.items.isEmpty || workloads.allSatisfy({ $0.frames != nil }) else {
            throw reader.error(
                machine?.node ?? root.node,
                "machine needs 'frames' (a size, a list or a range like 4...64) unless every workload gives its own")
        }

        replacement = []
        allocators = [PolicySpecification(name: "first-free")]
        placements = [PolicySpecification(name: "first-free")]
        let policies = try reader.mapping(
            try root.required("policies"), allowed: ["replacement", "allocator", "swap"], what: "policies")
        replacement = try Self.policies(try policies.required("replacement"), reader, registry, kind: .replacement)
        if let node = root["seeds"] {
            replacement = Self.expandingSeeds(replacement, try Self.seeds(node, reader), registry: registry)
        }
        if let node = policies["allocator"] {
            allocators = try Self.policies(node, reader, registry, kind: .allocation)
        }
        if let node = policies["swap"] { placements = try Self.policies(node, reader, registry, kind: .swap) }

        warmup =
            try root["warmup"].map { node throws(YAMLInputError) in
                try reader.integer(node, what: "warmup", in: 0...Int.max)
            } ?? 0
        warmupLocation = root["warmup"].map { node in
            Location(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }
        timeSamples =
            try root["time-samples"].map { node throws(YAMLInputError) in
                try reader.integer(node, what: "time-samples", in: 2...10_000)
            } ?? 50
        compat = nil
        if let node = root["compat"] {
            let family = try reader.string(node, what: "compat").lowercased()
            guard registry.parityFamilies.contains(family) else {
                throw reader.error(
                    node,
                    "compat: expected one of \(registry.parityFamilies.joined(separator: ", ")), found "
                        + SafeText.quoted(family))
            }
            compat = family
        }
        plugins = try Self.declaredPlugins(yaml: text, file: file, baseDirectory: baseDirectory).map(\.path)
        outputs = Outputs()
        if let node = root["outputs"] { outputs = try Self.outputs(node, reader, workloads: workloads) }
        // Lengths known without reading a file; traces are checked once the runner has loaded them.
        for workload in workloads {
            if let length = workload.knownLength { try checkWarmup(workload: workload, length: length) }
        }
    }

    /// Reads an experiment file.
    public init(contentsOf path: String, registry: PolicyRegistry) throws(YAMLInputError) {
        let text = try YAMLFile.read(path, what: "experiment file")
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try self.init(yaml: text, file: path, baseDirectory: base, registry: registry)
    }

    // MARK: Parts

    static func identifier(_ node: Node, _ reader: YAMLReader, _ what: String) throws(YAMLInputError) -> String {
        let text = try reader.string(node, what: what)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard !text.isEmpty, !text.hasPrefix("."), text.unicodeScalars.allSatisfy({ allowed.contains($0) }) else {
            throw reader.error(node, "\(what) must be letters, digits, '-', '_' or '.', found \(SafeText.quoted(text))")
        }
        return text
    }

    private static func stringOrList(_ node: Node, _ reader: YAMLReader, what: String) throws(YAMLInputError)
        -> [(text: String, node: Node)]
    {
        if case .sequence = node {
            var items: [(String, Node)] = []
            for item in try reader.sequence(node, what: what) {
                items.append((try reader.string(item, what: what), item))
            }
            guard !items.isEmpty else { throw reader.error(node, "\(what): the list is empty") }
            return items
        }
        return [(try reader.string(node, what: what), node)]
    }

    static func boolean(_ node: Node, _ reader: YAMLReader, what: String) throws(YAMLInputError) -> Bool {
        switch try reader.string(node, what: what).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let other:
            throw reader.error(node, "expected \(what) to be true or false, found \(SafeText.quoted(other))")
        }
    }

    static func double(_ node: Node, _ reader: YAMLReader, what: String, in range: ClosedRange<Double>)
        throws(YAMLInputError) -> Double
    {
        let text = try reader.string(node, what: what)
        guard let value = Double(text), value.isFinite else {
            throw reader.error(node, "expected \(what) (a number), found \(SafeText.quoted(text))")
        }
        guard range.contains(value) else {
            throw reader.error(node, "\(what) must be in \(range.lowerBound)...\(range.upperBound), found \(value)")
        }
        return value
    }

    /// A size, a list of sizes, or a text list as `--frames` takes it (``FrameList``): `4...64`, `4...64:4`,
    /// `64...65536:x2`, `5%`, or a mix. List items may be numbers or any of these texts. Counted before ranges are
    /// expanded: at most ``FrameList/maximumCount`` sizes in all.
    static func sizes(_ node: Node, _ reader: YAMLReader) throws(YAMLInputError) -> FrameSizes {
        var items: [FrameSize] = []
        let nodes = (try? reader.sequence(node, what: "frames")) ?? [node]
        if case .sequence = node, nodes.isEmpty { throw reader.error(node, "frames: the list is empty") }
        for item in nodes {
            let text = try reader.string(item, what: "frames")
            do throws(FrameListError) {
                let parsed = try FrameList.parseSizes(text, option: "frames")
                guard parsed.items.count <= FrameList.maximumCount - items.count else {
                    throw FrameListError("frames: more than \(FrameList.maximumCount) sizes in one list")
                }
                items += parsed.items
            } catch {
                throw reader.error(item, error.message)
            }
        }
        return FrameSizes(items: items)
    }

    private static func policies(
        _ node: Node, _ reader: YAMLReader, _ registry: PolicyRegistry, kind: PolicyKind
    ) throws(YAMLInputError) -> [PolicySpecification] {
        var result: [PolicySpecification] = []
        let isList: Bool
        if case .sequence = node { isList = true } else { isList = false }
        for item in try stringOrList(node, reader, what: "\(kind.rawValue) policies") {
            do {
                // A list item is one policy; a text may name several, as `--policies` does
                // (`s3-fifo:threshold=2,small=0.2;lru`).
                let specifications =
                    isList
                    ? [try PolicySpecification(parsing: item.text)]
                    : try registry.parseList(item.text, kind: kind, option: "\(kind.rawValue) policies")
                for specification in specifications {
                    if specification.name == "all" && specification.arguments.isEmpty {
                        result += registry.names(of: kind).map { PolicySpecification(name: $0) }
                        continue
                    }
                    try registry.validate(specification, kind: kind)
                    result.append(specification)
                }
            } catch {
                throw reader.error(item.node, error.description)
            }
        }
        return result
    }

    /// The most seeds `seeds:` may list: each seeded policy runs once per seed.
    static let maximumSeeds = 1_000

    /// `seeds: 1...10` or `seeds: [1, 5, 9]`: the seeds every seeded replacement policy runs with.
    private static func seeds(_ node: Node, _ reader: YAMLReader) throws(YAMLInputError) -> [UInt64] {
        if case .sequence = node {
            let items = try reader.sequence(node, what: "seeds")
            guard !items.isEmpty, items.count <= maximumSeeds else {
                throw reader.error(node, "seeds lists \(items.count) seeds; expected 1 to \(maximumSeeds)")
            }
            var seeds: [UInt64] = []
            for item in items { seeds.append(UInt64(try reader.integer(item, what: "seed", in: 0...Int.max))) }
            return seeds
        }
        let text = try reader.string(node, what: "seeds")
        let bounds = text.split(separator: "...", omittingEmptySubsequences: false)
        guard bounds.count == 2, let low = UInt64(bounds[0]), let high = UInt64(bounds[1]), low <= high else {
            throw reader.error(node, "seeds \(SafeText.quoted(text)): expected a range like 1...10 or a list [1, 2, 3]")
        }
        guard high - low < UInt64(maximumSeeds) else {
            throw reader.error(node, "seeds \(text) is \(high - low + 1) seeds; expected at most \(maximumSeeds)")
        }
        return Array(low...high)
    }

    /// Each replacement policy that takes a `seed` parameter and was given none runs once per seed
    /// (`random:seed=1` … `random:seed=10`); charts draw such runs as their mean with a min–max band, and the CSV
    /// keeps one row per seed. Other policies are unchanged.
    static func expandingSeeds(
        _ policies: [PolicySpecification], _ seeds: [UInt64], registry: PolicyRegistry
    ) -> [PolicySpecification] {
        policies.flatMap { policy -> [PolicySpecification] in
            let seeded =
                registry.info(kind: .replacement, name: policy.name)?.parameters.contains { $0.name == "seed" } ?? false
            guard seeded, !policy.arguments.contains(where: { $0.key == "seed" }) else { return [policy] }
            return seeds.map { seed in
                var variant = policy
                variant.arguments.append(.init(key: "seed", value: String(seed)))
                return variant
            }
        }
    }

    private static func tlb(_ node: Node, _ reader: YAMLReader, registry: PolicyRegistry) throws(YAMLInputError)
        -> TLBConfiguration
    {
        let mapping = try reader.mapping(node, allowed: ["entries", "ways", "policy", "tagged"], what: "tlb")
        let entries = try reader.integer(try mapping.required("entries"), what: "entries", in: 1...(1 << 20))
        let ways =
            try mapping["ways"].map { node throws(YAMLInputError) in
                try reader.integer(node, what: "ways", in: 1...(1 << 20))
            } ?? entries
        let policy =
            try mapping["policy"].map { node throws(YAMLInputError) in
                try Self.policies(node, reader, registry, kind: .replacement).first!
            } ?? PolicySpecification(name: "lru")
        let tagged =
            try mapping["tagged"].map { node throws(YAMLInputError) in
                try Self.boolean(node, reader, what: "tagged")
            } ?? true
        let configuration = TLBConfiguration(entries: entries, ways: ways, policy: policy, tagged: tagged)
        do {
            try configuration.validate()
        } catch {
            throw reader.error(node, error.description)
        }
        return configuration
    }

    /// `plots: true | false | [svg, png, pdf]`: a list names the formats (each at most once, at least one).
    static func plotFormats(_ node: Node, _ reader: YAMLReader) throws(YAMLInputError) -> [ChartFormat] {
        guard case .sequence = node else {
            return try boolean(node, reader, what: "plots") ? Outputs.defaultPlotFormats : []
        }
        var formats: [ChartFormat] = []
        for item in try reader.sequence(node, what: "plots") {
            let name = try reader.string(item, what: "a plot format")
            guard let format = ChartFormat(rawValue: name.lowercased()) else {
                throw reader.error(
                    item,
                    "unknown plot format \(SafeText.quoted(name)); formats: "
                        + ChartFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if !formats.contains(format) { formats.append(format) }
        }
        guard !formats.isEmpty else { throw reader.error(node, "plots: give at least one format, or false") }
        return formats
    }

    private static func outputs(_ node: Node, _ reader: YAMLReader, workloads: [Workload]) throws(YAMLInputError)
        -> Outputs
    {
        let mapping = try reader.mapping(
            node, allowed: ["csv", "json", "plots", "html", "diagrams"], what: "outputs")
        var outputs = Outputs()
        if let node = mapping["csv"] { outputs.csv = try boolean(node, reader, what: "csv") }
        if let node = mapping["json"] { outputs.json = try boolean(node, reader, what: "json") }
        if let node = mapping["plots"] { outputs.plotFormats = try plotFormats(node, reader) }
        if let node = mapping["html"] { outputs.html = try boolean(node, reader, what: "html") }
        if let node = mapping["diagrams"] {
            for item in try reader.sequence(node, what: "diagrams") {
                let diagram = try reader.mapping(
                    item, allowed: ["workload", "policy", "frames", "at"], what: "a diagram")
                let workloadNode = try diagram.required("workload")
                let workload = try reader.string(workloadNode, what: "workload")
                guard workloads.contains(where: { $0.name == workload }) else {
                    throw reader.error(
                        workloadNode,
                        "unknown workload \(SafeText.quoted(workload)); workloads: \(workloads.map(\.name).joined(separator: ", "))"
                    )
                }
                outputs.diagrams.append(
                    DiagramRequest(
                        workload: workload, policy: try reader.string(try diagram.required("policy"), what: "policy"),
                        frames: try reader.integer(try diagram.required("frames"), what: "frames", in: 1...(1 << 28)),
                        at: try diagram["at"].map { node throws(YAMLInputError) in
                            try reader.integer(node, what: "at", in: 0...Int.max)
                        }))
            }
        }
        return outputs
    }
}
