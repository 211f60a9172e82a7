import ArgumentParser
import Foundation
import VMCore
import VMExperiment

/// Machine settings and the non-replacement policies, shared by every command that runs a machine.
struct MachineOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: "Page size in bytes (a power of two).")
    var pageSize: Int = 4096

    @Option(name: .long, help: "Frame allocator (see 'vmlab policies').")
    var allocator: String = "first-free"

    @Option(name: .long, help: "Swap placement policy (see 'vmlab policies').")
    var swap: String = "first-free"

    @Option(name: .long, parsing: .unconditional, help: "Slots of the single swap device; unbounded when left out.")
    var swapSlots: Int?

    @Option(
        name: .long,
        help: "Replacement scope: global, local:equal, local:proportional or local:pff[:grow=N,shrink=M].")
    var scope: String = "global"

    @Option(
        name: .long, parsing: .unconditional,
        help: "A TLB of ENTRIES[:WAYS] entries (ways default to fully associative), e.g. 64:4.")
    var tlb: String?

    @Option(name: .long, help: "Replacement policy inside each TLB set.")
    var tlbPolicy: String = "lru"

    @Flag(name: .long, help: "TLB entries carry no process tag: every process switch flushes the TLB.")
    var tlbUntagged = false

    @Flag(name: .long, help: "Check every machine and policy invariant after every access (slow).")
    var checkInvariants = false

    @OptionGroup var memory: MemoryOptions

    func validate() throws {
        guard pageSize > 0, pageSize & (pageSize - 1) == 0 else {
            throw ValidationError("--page-size \(pageSize) is not a power of two")
        }
        if let swapSlots, swapSlots < 0 || swapSlots > SwapDeviceConfiguration.maximumSlots {
            throw ValidationError(
                "--swap-slots \(swapSlots): expected 0 to \(SwapDeviceConfiguration.maximumSlots) slots")
        }
    }

    /// The TLB `--tlb` asks for, or nil.
    func tlbConfiguration() throws -> TLBConfiguration? {
        guard let tlb else { return nil }
        let parts = tlb.split(separator: ":")
        guard (1...2).contains(parts.count), let entries = Int(parts[0]), let ways = Int(parts.last!) else {
            throw ValidationError("--tlb \(tlb): expected ENTRIES or ENTRIES:WAYS, e.g. 64:4")
        }
        let configuration = TLBConfiguration(
            entries: entries, ways: parts.count == 1 ? entries : ways,
            policy: try PolicySpecification(parsing: tlbPolicy),
            tagged: !tlbUntagged)
        try configuration.validate()
        return configuration
    }

    /// A configuration for `replacement` at `frames`, with these settings.
    func configuration(replacement: PolicySpecification, frames: Int) throws -> RunConfiguration {
        try memory.apply()
        return RunConfiguration(
            replacement: replacement,
            allocator: try PolicySpecification(parsing: allocator),
            swap: try PolicySpecification(parsing: swap),
            frames: frames,
            pageSize: pageSize,
            swapDevices: [SwapDeviceConfiguration(name: "swap0", slots: swapSlots)],
            scope: try ReplacementScope(parsing: scope),
            tlb: try tlbConfiguration(),
            checksInvariants: checkInvariants)
    }
}

/// Parses `--frames` (`8,16,32`, `4...64`, `4...64:4`); the parser itself is ``FrameList`` in VMExperiment.
enum FrameListParser {
    static func parse(_ text: String) throws -> [Int] {
        do {
            return try FrameList.parse(text)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// Absolute and relative sizes (`compare`).
    static func parseSizes(_ text: String) throws -> FrameSizes {
        do {
            return try FrameList.parseSizes(text)
        } catch {
            throw ValidationError(error.message)
        }
    }
}
