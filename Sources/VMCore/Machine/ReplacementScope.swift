/// Which pages a fault may take a frame from.
///
/// - `global`: one replacement policy sees every frame; a fault may evict any process's page (Linux, most
///   kernels). Memory flows to whoever faults most.
/// - `local(rule)`: each process has its own instance of the replacement policy, seeing only its own frames, and a
///   frame budget set by `rule`. A process at or over its budget replaces one of its own pages, even when frames
///   are free; a process under budget takes a free frame, or, when RAM is full, a frame from the process furthest
///   over its budget (Denning, "Virtual memory", Computing Surveys 2(3), 1970; Silberschatz, *Operating System
///   Concepts*, §10.5).
public enum ReplacementScope: Sendable, Hashable, CustomStringConvertible {
    case global
    case local(FrameBudgetRule)

    public var description: String {
        switch self {
        case .global: "global"
        case .local(let rule): "local:\(rule)"
        }
    }

    /// Parses `global`, `local` (equal budgets), `local:equal`, `local:proportional`, `local:pff` or
    /// `local:pff:grow=G,shrink=S`.
    public init(parsing text: String) throws(VMError) {
        let usage = "expected global, local:equal, local:proportional or local:pff[:grow=N,shrink=M]"
        if text == "global" {
            self = .global
            return
        }
        guard text == "local" || text.hasPrefix("local:") else {
            throw .invalidConfiguration("scope \(SafeText.quoted(text)): \(usage)")
        }
        let rule = text == "local" ? "equal" : String(text.dropFirst("local:".count))
        switch rule {
        case "equal": self = .local(.equal)
        case "proportional": self = .local(.proportional)
        default:
            guard rule == "pff" || rule.hasPrefix("pff:") else {
                throw .invalidConfiguration("scope \(SafeText.quoted(text)): \(usage)")
            }
            var grow = FrameBudgetRule.defaultGrowInterval
            var shrink = FrameBudgetRule.defaultShrinkInterval
            for item in rule.dropFirst(4).split(separator: ",") where !item.isEmpty {
                let parts = item.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let value = Int(parts[1]), value >= 1 else {
                    throw .invalidConfiguration(
                        "scope \(SafeText.quoted(text)): expected key=N with N ≥ 1, found \(SafeText.quoted(item))")
                }
                switch parts[0] {
                case "grow": grow = value
                case "shrink": shrink = value
                default:
                    throw .invalidConfiguration(
                        "scope \(SafeText.quoted(text)): pff takes grow and shrink, found \(SafeText.quoted(parts[0]))")
                }
            }
            guard grow <= shrink else {
                throw .invalidConfiguration(
                    "scope \(SafeText.quoted(text)): grow (\(grow)) must not exceed shrink (\(shrink))")
            }
            self = .local(.pageFaultFrequency(growBelow: grow, shrinkAbove: shrink))
        }
    }
}

/// How local replacement divides the frames among processes.
public enum FrameBudgetRule: Sendable, Hashable, CustomStringConvertible {
    /// Every live process gets ⌊frames / processes⌋, the first `frames mod processes` one more.
    case equal
    /// Frames in proportion to each process's mapped size: its declared regions, or the pages it has touched so
    /// far when it declares none (Silberschatz's proportional allocation). At least one frame each.
    case proportional
    /// Page-fault frequency (Chu & Opderbeck, "The page fault frequency replacement algorithm", AFIPS FJCC 1972),
    /// as a budget controller: each process starts with an equal share; at each of its faults, if fewer than
    /// `growBelow` of its own accesses passed since its previous fault, its budget grows by one frame; if more
    /// than `shrinkAbove` passed, it shrinks by one (never below one). The original algorithm drops every page not
    /// referenced since the last fault; doing it one frame per fault needs no reference bits from the policy.
    case pageFaultFrequency(growBelow: Int, shrinkAbove: Int)

    public static let defaultGrowInterval = 10
    public static let defaultShrinkInterval = 100

    public var description: String {
        switch self {
        case .equal: "equal"
        case .proportional: "proportional"
        case .pageFaultFrequency(let grow, let shrink): "pff:grow=\(grow),shrink=\(shrink)"
        }
    }
}
