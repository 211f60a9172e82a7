import FuzzSupport
import VMCore
import VMPolicyCatalogue
import VMScenario

// Scenario files (`vmlab render --scenario FILE.yaml`). Parsing is deterministic; an accepted scenario's accesses
// belong to its processes (or the kernel), and a small one runs through the machine with every invariant checked.
let registry = PolicyCatalogue.standard()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = inputText(data, size)
    switch parseTwice({ parse(text) }) {
    case .success(let scenario): check(scenario)
    case .failure(let error): require(!error.message.isEmpty, "an error without a message")
    }
    return 0
}

private func parse(_ text: String) -> Result<Scenario, YAMLInputError> {
    Result { () throws(YAMLInputError) in try Scenario(yaml: text, file: "fuzz.yaml") }
}

private func check(_ scenario: Scenario) {
    require(!scenario.processes.isEmpty, "no processes")
    require(scenario.frames >= 1, "frames \(scenario.frames)")
    let pageShift = scenario.pageSize.trailingZeroBitCount
    for access in scenario.accesses where access.mode == .user {
        guard let process = scenario.processes.first(where: { $0.pid == access.pid }) else {
            require(false, "a user access by undeclared pid \(access.pid)")
            return
        }
        let page = access.address >> UInt64(pageShift)
        require(process.regions.contains { $0.contains(page: page) }, "an access outside every region")
    }
    // Run small scenarios whose policies parse and do not need the future.
    guard scenario.accesses.count <= 5_000, let machine = try? scenario.makeMachine(registry: registry) else {
        return
    }
    guard !machine.replacement.needsFuture else { return }
    let checked = try? scenario.makeMachine(registry: registry, checksInvariants: true)
    guard let checked else {
        require(false, "the machine was made once and not the second time")
        return
    }
    for access in scenario.accesses {
        do {
            try checked.step(access)
        } catch {
            require(false, "the scenario's machine failed: \(error)")
        }
    }
}
