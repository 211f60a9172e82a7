import FuzzSupport
import VMCore
import VMExperiment
import VMPolicyCatalogue
import VMRunner
import VMScenario

// Experiment files (`vmlab run FILE.yaml`). Parsing is deterministic, and an accepted experiment satisfies what
// the runner relies on.
let registry = PolicyCatalogue.standard()
// A trace next to the experiment, so that `trace: t.pages` is accepted.
let trace: ScratchFile = {
    let file = ScratchFile("t.pages")
    file.write(Array("1\n2\n3\n".utf8))
    return file
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExperiment(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = inputText(data, size)
    switch parseTwice({ parse(text) }) {
    case .success(let experiment):
        check(experiment)
    case .failure(let error):
        require(error.line >= 0 && error.column >= 0, "error position \(error.line):\(error.column)")
        require(!error.message.isEmpty, "an error without a message")
    }
    return 0
}

private func parse(_ text: String) -> Result<Experiment, YAMLInputError> {
    Result { () throws(YAMLInputError) in
        try Experiment(yaml: text, file: "fuzz.yaml", baseDirectory: trace.folder, registry: registry)
    }
}

private func check(_ experiment: Experiment) {
    require(!experiment.workloads.isEmpty, "no workloads")
    require(Set(experiment.workloads.map(\.name)).count == experiment.workloads.count, "duplicate workload names")
    require(!experiment.replacement.isEmpty, "no replacement policies")
    require(!experiment.allocators.isEmpty && !experiment.placements.isEmpty, "no allocator or placement")
    require(!experiment.scopes.isEmpty, "no scopes")
    require(experiment.pageSize > 0 && experiment.pageSize & (experiment.pageSize - 1) == 0, "page size")
    for workload in experiment.workloads {
        let sizes = experiment.frameSizes(of: workload.name)
        require(!sizes.items.isEmpty, "workload \(workload.name) has no sizes")
        require(
            sizes.items.allSatisfy { $0.absoluteFrames.map { $0 >= 1 } ?? true },
            "workload \(workload.name) has a size below 1")
        if let limit = workload.limit { require(limit >= 1, "limit \(limit)") }
    }
    for specification in experiment.replacement {
        require((try? registry.validate(specification, kind: .replacement)) != nil, "invalid \(specification)")
    }
    for specification in experiment.allocators {
        require((try? registry.validate(specification, kind: .allocation)) != nil, "invalid \(specification)")
    }
    for specification in experiment.placements {
        require((try? registry.validate(specification, kind: .swap)) != nil, "invalid \(specification)")
    }
    for diagram in experiment.outputs.diagrams {
        require(experiment.workloads.contains { $0.name == diagram.workload }, "diagram of an unknown workload")
    }
}
