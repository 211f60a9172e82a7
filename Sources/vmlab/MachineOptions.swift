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

/// Parses memory sizes: `8,16,32`, a range `4...64` (every size), or a stepped range `4...64:4`.
///
/// Ranges are counted arithmetically before anything is built: a list of more than ``maximumSizes`` sizes is
/// refused, and so is a size above ``maximumFrames`` (the machine's frame-number limit).
enum FrameListParser {
    /// The most sizes one list may name.
    static let maximumSizes = 100_000
    /// The largest size: frame numbers fit in 28 bits of a page-table entry.
    static let maximumFrames = PageTableEntry.maxFrame + 1

    static func parse(_ text: String) throws -> [Int] {
        var sizes: [Int] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let part = item.trimmingCharacters(in: .whitespaces)
            guard !part.isEmpty else {
                throw ValidationError(
                    "--frames \(SafeText.quoted(text)): an empty item; separate sizes with single commas")
            }
            var lower: Int
            var upper: Int
            var step = 1
            if let range = part.range(of: "...") {
                let lowerText = part[..<range.lowerBound]
                var upperText = part[range.upperBound...]
                if let colon = upperText.firstIndex(of: ":") {
                    guard let parsed = Int(upperText[upperText.index(after: colon)...]), parsed > 0 else {
                        throw ValidationError(
                            "--frames: expected a positive step after ':' in \(SafeText.quoted(part))")
                    }
                    step = parsed
                    upperText = upperText[..<colon]
                }
                guard let low = Int(lowerText), let high = Int(upperText), low <= high else {
                    throw ValidationError(
                        "--frames: expected LOW...HIGH with LOW <= HIGH, found \(SafeText.quoted(part))")
                }
                (lower, upper) = (low, high)
            } else {
                guard let size = Int(part) else {
                    throw ValidationError("--frames: expected a number of frames, found \(SafeText.quoted(part))")
                }
                (lower, upper) = (size, size)
            }
            guard lower >= 1 else { throw ValidationError("--frames \(lower): the machine needs at least 1 frame") }
            guard upper <= maximumFrames else {
                throw ValidationError("--frames \(upper): at most \(maximumFrames) frames (frame numbers have 28 bits)")
            }
            // Both bounds are at most 2^28 here, so the count cannot overflow.
            let count = (upper - lower) / step + 1
            guard sizes.count + count <= maximumSizes else {
                throw ValidationError(
                    "--frames \(SafeText.quoted(text)): more than \(maximumSizes) sizes; use a step (LOW...HIGH:STEP) or fewer sizes"
                )
            }
            sizes.append(contentsOf: stride(from: lower, through: upper, by: step))
        }
        guard !sizes.isEmpty else { throw ValidationError("--frames: no sizes given") }
        return sizes
    }
}
