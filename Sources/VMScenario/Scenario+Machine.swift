public import VMCore
public import VMExperiment

extension Scenario {
    /// The run configuration the scenario asks for (its policy names parsed).
    public func configuration() throws(VMError) -> RunConfiguration {
        RunConfiguration(
            replacement: try PolicySpecification(parsing: replacement),
            allocator: try PolicySpecification(parsing: allocator),
            swap: try PolicySpecification(parsing: swap),
            frames: frames, pageSize: pageSize, swapDevices: swapDevices, scope: scope)
    }

    /// A fresh machine with the scenario's processes and regions declared, before any access.
    public func makeMachine(registry: PolicyRegistry, checksInvariants: Bool = false) throws(VMError) -> Machine {
        var configuration = try configuration()
        configuration.checksInvariants = checksInvariants
        let machine = try configuration.makeMachine(registry: registry)
        for process in processes {
            try machine.addProcess(pid: process.pid, name: process.name, regions: process.regions)
        }
        return machine
    }
}
