import FuzzSupport
import VMCore
import VMExperiment
import VMPolicyCatalogue

// Policy specifications (`NAME[:key=value,...]`) and replacement scopes. A parsed specification's description
// parses to the same specification; one the registry accepts makes a policy that runs a short reference string
// with every invariant checked.
let registry = PolicyCatalogue.standard()
let references: [UInt64] = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5, 7, 1, 9, 2, 7]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicySpec(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = inputText(data, size)
    if let scope = try? ReplacementScope(parsing: text) {
        let again = try? ReplacementScope(parsing: scope.description)
        require(again == scope, "scope '\(scope)' does not re-parse to itself")
    }
    guard let specification = try? PolicySpecification(parsing: text) else { return 0 }
    require(!specification.name.isEmpty, "a specification without a name")
    require(
        Set(specification.arguments.map(\.key)).count == specification.arguments.count, "a key given twice")
    let again: PolicySpecification
    do {
        again = try PolicySpecification(parsing: specification.description)
    } catch {
        require(false, "'\(specification.description)' does not re-parse: \(error)")
        return 0
    }
    require(again == specification, "'\(specification.description)' re-parses to '\(again.description)'")
    run(specification)
    return 0
}

/// Makes and runs `specification` as whichever kind of policy the registry knows it as.
private func run(_ specification: PolicySpecification) {
    let first = PolicySpecification(name: "first-free")
    for kind in [PolicyKind.replacement, .allocation, .swap] {
        guard (try? registry.validate(specification, kind: kind)) != nil else { continue }
        for frames in [1, 3, 8] {
            let configuration = RunConfiguration(
                replacement: kind == .replacement ? specification : PolicySpecification(name: "lru"),
                allocator: kind == .allocation ? specification : first,
                swap: kind == .swap ? specification : first,
                frames: frames, pageSize: 4096,
                swapDevices: [SwapDeviceConfiguration(name: "swap0", slots: nil)],
                scope: .global, tlb: nil, checksInvariants: true)
            let machine: Machine
            do {
                machine = try configuration.makeMachine(registry: registry)
            } catch {
                // A valid specification may still refuse a size (a policy that needs more frames).
                continue
            }
            let nextUse = naiveNextUse(references.map { Access(page: $0, pageShift: 12) })
            for (index, page) in references.enumerated() {
                do {
                    try machine.step(
                        Access(page: page, kind: index % 3 == 0 ? .write : .read, pageShift: 12),
                        nextUse: nextUse[index])
                } catch {
                    require(false, "\(specification) at \(frames) frames failed: \(error)")
                }
            }
        }
    }
}
