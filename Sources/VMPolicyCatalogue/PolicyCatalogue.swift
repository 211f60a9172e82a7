import BuddyAllocator
import ClockPolicy
import ClusterSwapPlacement
import FIFOPolicy
import FirstFreeAllocator
import FirstFreeSwapPlacement
import LRUPolicy
import LinuxPrioritySwapPlacement
import NextFitSwapPlacement
import NextFreeAllocator
import OPTPolicy
import RandomFreeAllocator
import RandomPolicy
public import VMCore

/// The policies that ship with VMLab: one line per policy module (the same modules `Package.swift` lists).
public enum PolicyCatalogue {
    /// A registry holding every built-in policy.
    public static func standard() -> PolicyRegistry {
        var registry = PolicyRegistry()
        do {
            for entry in replacement { try registry.register(withParity(entry)) }
            for entry in allocation { try registry.register(entry) }
            for entry in swap { try registry.register(entry) }
        } catch {
            preconditionFailure("the built-in catalogue is inconsistent: \(error)")
        }
        return registry
    }

    static let replacement: [ReplacementPolicyEntry] =
        firstFive
        // Textbook and teaching-simulator policies.
        + textbook
        // Research and kernel policies.
        + research
        + addedReplacement

    /// FIFO, LRU, OPT, Random and Clock.
    static let firstFive: [ReplacementPolicyEntry] =
        FIFOPolicyModule.entries
        + LRUPolicyModule.entries
        + OPTPolicyModule.entries
        + RandomPolicyModule.entries
        + ClockPolicyModule.entries

    static let allocation: [FrameAllocatorEntry] =
        FirstFreeAllocatorModule.entries
        + NextFreeAllocatorModule.entries
        + RandomFreeAllocatorModule.entries
        + BuddyAllocatorModule.entries
        + addedAllocation

    static let swap: [SwapPlacementEntry] =
        FirstFreeSwapPlacementModule.entries
        + NextFitSwapPlacementModule.entries
        + ClusterSwapPlacementModule.entries
        + LinuxPrioritySwapPlacementModule.entries
        + addedSwap
}
