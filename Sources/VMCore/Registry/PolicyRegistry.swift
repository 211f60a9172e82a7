/// What a policy factory gets: the machine's size and the policy's checked arguments.
public struct PolicyContext: Sendable {
    /// Frames of the machine: frame numbers a policy sees lie in `0 ..< frames`.
    public var frames: Int
    /// Page size, user range and direct map of the machine.
    public var layout: AddressLayout
    public var arguments: PolicyArguments

    public init(frames: Int, layout: AddressLayout = .x86_64, arguments: PolicyArguments) {
        self.frames = frames
        self.layout = layout
        self.arguments = arguments
    }
}

/// A registered policy: what it is, and how to make one.
public struct PolicyEntry<Policy>: Sendable {
    public var info: PolicyInfo
    public var make: @Sendable (PolicyContext) throws(VMError) -> Policy

    public init(info: PolicyInfo, make: @escaping @Sendable (PolicyContext) throws(VMError) -> Policy) {
        self.info = info
        self.make = make
    }
}

public typealias ReplacementPolicyEntry = PolicyEntry<any ReplacementPolicy>
public typealias FrameAllocatorEntry = PolicyEntry<any FrameAllocator>
public typealias SwapPlacementEntry = PolicyEntry<any SwapPlacement>

/// Every policy a run may name, by kind and name. A value: build one, register entries, pass it along.
///
/// Unknown names fail with the list of valid ones; parameters are checked against each policy's declaration
/// before its factory runs.
public struct PolicyRegistry: Sendable {
    private var replacements: [String: ReplacementPolicyEntry] = [:]
    private var allocators: [String: FrameAllocatorEntry] = [:]
    private var placements: [String: SwapPlacementEntry] = [:]

    public init() {}

    public mutating func register(_ entry: ReplacementPolicyEntry) throws(VMError) {
        try checkNew(entry.info, kind: .replacement, existing: replacements.keys)
        replacements[entry.info.name] = entry
    }

    public mutating func register(_ entry: FrameAllocatorEntry) throws(VMError) {
        try checkNew(entry.info, kind: .allocation, existing: allocators.keys)
        allocators[entry.info.name] = entry
    }

    public mutating func register(_ entry: SwapPlacementEntry) throws(VMError) {
        try checkNew(entry.info, kind: .swap, existing: placements.keys)
        placements[entry.info.name] = entry
    }

    private func checkNew(
        _ info: PolicyInfo, kind: PolicyKind, existing: Dictionary<String, some Any>.Keys
    ) throws(VMError) {
        guard info.kind == kind else {
            throw .invalidPolicy("policy \(info.name) is declared \(info.kind.rawValue) but registered as \(kind)")
        }
        guard !existing.contains(info.name) else {
            throw .invalidPolicy("a \(kind.rawValue) policy named \(info.name) is already registered")
        }
        let names = Set(info.parameters.map(\.name))
        guard names.count == info.parameters.count else {
            throw .invalidPolicy("policy \(info.name) declares a parameter twice")
        }
    }

    /// Every registered policy, sorted by kind (replacement, allocation, swap) and name.
    public var infos: [PolicyInfo] {
        replacements.values.map(\.info).sorted { $0.name < $1.name }
            + allocators.values.map(\.info).sorted { $0.name < $1.name }
            + placements.values.map(\.info).sorted { $0.name < $1.name }
    }

    /// Names registered for `kind`, sorted.
    public func names(of kind: PolicyKind) -> [String] {
        switch kind {
        case .replacement: replacements.keys.sorted()
        case .allocation: allocators.keys.sorted()
        case .swap: placements.keys.sorted()
        }
    }

    /// The info of a registered policy, or nil.
    public func info(kind: PolicyKind, name: String) -> PolicyInfo? {
        switch kind {
        case .replacement: replacements[name]?.info
        case .allocation: allocators[name]?.info
        case .swap: placements[name]?.info
        }
    }

    /// Whether the replacement policy `specification` names reads the future (``PolicyInfo/needsFuture``), known
    /// without making an instance (a throwaway instance would have to be made for some frame count, and a policy
    /// may refuse that count). False for a name that is not registered.
    public func needsFuture(_ specification: PolicySpecification) -> Bool {
        replacements[specification.name]?.info.needsFuture ?? false
    }

    /// Checks a specification (name and parameters) without making the policy.
    public func validate(_ specification: PolicySpecification, kind: PolicyKind) throws(VMError) {
        guard let info = info(kind: kind, name: specification.name) else {
            throw unknown(specification.name, kind: kind)
        }
        _ = try PolicyArguments(specification, parameters: info.parameters)
    }

    public func makeReplacement(
        _ specification: PolicySpecification, frames: Int, layout: AddressLayout = .x86_64
    ) throws(VMError) -> any ReplacementPolicy {
        guard let entry = replacements[specification.name] else {
            throw unknown(specification.name, kind: .replacement)
        }
        return try entry.make(context(entry.info, specification, frames, layout))
    }

    public func makeAllocator(
        _ specification: PolicySpecification, frames: Int, layout: AddressLayout = .x86_64
    ) throws(VMError) -> any FrameAllocator {
        guard let entry = allocators[specification.name] else { throw unknown(specification.name, kind: .allocation) }
        return try entry.make(context(entry.info, specification, frames, layout))
    }

    public func makePlacement(
        _ specification: PolicySpecification, frames: Int, layout: AddressLayout = .x86_64
    ) throws(VMError) -> any SwapPlacement {
        guard let entry = placements[specification.name] else { throw unknown(specification.name, kind: .swap) }
        return try entry.make(context(entry.info, specification, frames, layout))
    }

    private func context(
        _ info: PolicyInfo, _ specification: PolicySpecification, _ frames: Int, _ layout: AddressLayout
    ) throws(VMError) -> PolicyContext {
        PolicyContext(
            frames: frames, layout: layout, arguments: try PolicyArguments(specification, parameters: info.parameters))
    }

    private func unknown(_ name: String, kind: PolicyKind) -> VMError {
        let valid = names(of: kind)
        return .invalidPolicy(
            "unknown \(kind.rawValue) policy \(SafeText.quoted(name)); valid names: \(valid.isEmpty ? "none" : valid.joined(separator: ", "))"
        )
    }
}
