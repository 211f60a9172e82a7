import Foundation
public import VMCore
import VMPolicyCatalogue

/// The whole `vmlab` command line as a library, so a package of your own can ship its own `vmlab` with extra
/// policies: every subcommand (`simulate`, `compare`, `policies`, `run`, `merge`, `render`, `frame-table`, `demo`,
/// `bench`, `slurm`, ...) sees them as it sees the built-in ones, and `--plugin` still adds run-time plugins on top.
///
/// An executable target of your package needs one line (see `Examples/ExternalPolicy`):
///
/// ```swift
/// import MyPolicy
/// import VMLabCLI
///
/// await VMLabCLI.main(registering: [.replacement(MyPolicyModule.entries)])
/// ```
///
/// VMLab's own `vmlab` is `await VMLabCLI.main()`.
public enum VMLabCLI {
    /// Runs the command line on the process's arguments with the built-in policies plus `extra`, and exits.
    ///
    /// Exit statuses: 0 success, 2 usage errors and bad input (unknown names, bad options, malformed traces),
    /// 1 failures while running (I/O, a policy breaking its contract), 130 interrupted.
    ///
    /// An extra policy whose kind and name are already taken, by a built-in policy or by another extra entry, is a
    /// mistake of the program that embeds the command line, not of its user: nothing runs, not even `--help`; the
    /// clash is printed, naming both modules, and the status is 1. Rename the policy in its `PolicyInfo`.
    ///
    /// - Parameter extra: the policies of your modules, in any order; an empty list gives the stock `vmlab`.
    public static func main(registering extra: [PolicyModuleEntries] = []) async -> Never {
        let registry: PolicyRegistry
        do {
            registry = try Self.registry(registering: extra)
        } catch {
            Entry.printError("cannot start: \(error.description)")
            exit(1)
        }
        await Entry.main(registry: registry)
    }

    /// The registry every subcommand starts from: the built-in policies, then `extra` in order.
    ///
    /// - Parameter extra: the policies to add.
    /// - Returns: the built-in registry with every extra entry registered.
    /// - Throws: `VMError.invalidPolicy` naming the policy and both modules when a kind and name are
    ///   taken twice, or when an entry is inconsistent (a kind other than its list's, a parameter declared twice).
    public static func registry(registering extra: [PolicyModuleEntries]) throws(VMError) -> PolicyRegistry {
        var registry = PolicyCatalogue.standard()
        for module in extra {
            for entry in module.replacement {
                try check(entry.info, kind: .replacement, in: registry)
                try registry.register(entry)
            }
            for entry in module.allocation {
                try check(entry.info, kind: .allocation, in: registry)
                try registry.register(entry)
            }
            for entry in module.swap {
                try check(entry.info, kind: .swap, in: registry)
                try registry.register(entry)
            }
        }
        return registry
    }

    /// Throws when `info`'s name is taken for `kind`, naming the module that took it first.
    private static func check(_ info: PolicyInfo, kind: PolicyKind, in registry: PolicyRegistry) throws(VMError) {
        guard let existing = registry.info(kind: kind, name: info.name) else { return }
        let builtIn = PolicyCatalogue.standard().info(kind: kind, name: info.name) != nil
        throw .invalidPolicy(
            "the \(kind.rawValue) policy '\(info.name)' of module \(info.module) clashes with the "
                + "\(builtIn ? "built-in" : "extra") policy of that name (module \(existing.module)); "
                + "rename one of them in its PolicyInfo")
    }
}

/// The policies of one module, of any of the three kinds, as a package hands them to
/// ``VMLabCLI/main(registering:)``. A policy module exports its entries as `<Module>Module.entries`, a list of
/// `ReplacementPolicyEntry`, `FrameAllocatorEntry` or `SwapPlacementEntry`.
public struct PolicyModuleEntries: Sendable {
    /// Page replacement policies.
    public var replacement: [ReplacementPolicyEntry]
    /// Frame allocators.
    public var allocation: [FrameAllocatorEntry]
    /// Swap placements.
    public var swap: [SwapPlacementEntry]

    /// Entries of any kinds; each list defaults to empty.
    ///
    /// - Parameters:
    ///   - replacement: page replacement policies.
    ///   - allocation: frame allocators.
    ///   - swap: swap placements.
    public init(
        replacement: [ReplacementPolicyEntry] = [], allocation: [FrameAllocatorEntry] = [],
        swap: [SwapPlacementEntry] = []
    ) {
        self.replacement = replacement
        self.allocation = allocation
        self.swap = swap
    }

    /// Replacement policies only: `.replacement(MyPolicyModule.entries)`.
    ///
    /// - Parameter entries: the module's entries.
    /// - Returns: the entries as a module's.
    public static func replacement(_ entries: [ReplacementPolicyEntry]) -> PolicyModuleEntries {
        PolicyModuleEntries(replacement: entries)
    }

    /// Frame allocators only: `.allocation(MyAllocatorModule.entries)`.
    ///
    /// - Parameter entries: the module's entries.
    /// - Returns: the entries as a module's.
    public static func allocation(_ entries: [FrameAllocatorEntry]) -> PolicyModuleEntries {
        PolicyModuleEntries(allocation: entries)
    }

    /// Swap placements only: `.swap(MySwapPlacementModule.entries)`.
    ///
    /// - Parameter entries: the module's entries.
    /// - Returns: the entries as a module's.
    public static func swap(_ entries: [SwapPlacementEntry]) -> PolicyModuleEntries {
        PolicyModuleEntries(swap: entries)
    }
}
