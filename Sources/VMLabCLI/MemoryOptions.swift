import ArgumentParser
import VMCore

/// `--max-memory`: the budget every machine of the command is checked against before anything is allocated.
struct MemoryOptions: ParsableArguments {
    @Option(
        name: .long, parsing: .unconditional,
        help: "Refuse runs estimated above this size: 512M, 4G, 50% (default: half of physical memory).")
    var maxMemory: String?

    func validate() throws {
        guard let maxMemory else { return }
        do {
            _ = try MemoryBudget(parsing: maxMemory)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Sets the process's budget (call at the start of `run()`).
    func apply() throws {
        if let maxMemory { MemoryBudget.current = try MemoryBudget(parsing: maxMemory) }
    }
}
