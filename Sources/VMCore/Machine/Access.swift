/// What an access does to a page: the three kinds a memory trace records.
///
/// The raw values are stable (trace readers and snapshots store them).
public enum AccessKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// A data load.
    case read = 0
    /// A data store: the page becomes dirty.
    case write = 1
    /// An instruction fetch: a read that needs execute permission.
    case fetch = 2

    /// The letter trace formats use: `R`, `W` or `I`.
    public var letter: Character {
        switch self {
        case .read: "R"
        case .write: "W"
        case .fetch: "I"
        }
    }

    public var description: String {
        switch self {
        case .read: "read"
        case .write: "write"
        case .fetch: "fetch"
        }
    }
}

/// Who performs an access: a process in user mode, or the kernel.
///
/// The kernel reaches its own range (the direct map of all physical memory) and, when it acts on behalf of a
/// process (`Access.mode == .kernel` with that process's `pid`), that process's pages through its page table.
/// User-mode accesses to kernel addresses are protection faults.
public enum AccessMode: UInt8, Sendable {
    case user = 0
    case kernel = 1
    /// The kernel with paging off (early boot, before it builds page tables): the address is a *physical*
    /// address, used as it is — no direct map, no page table. Only meaningful with pid ``Access/kernelPID``; the
    /// machine reads it as `.user` for a process's pid (no trace format produces it: scenarios write
    /// `kernel R phys:N`).
    case physical = 2
}

/// One memory reference: `(pid, virtual address, kind)`, 16 bytes.
///
/// `pid` names the address space. The reserved pid ``Access/kernelPID`` is the kernel's own context, which has no
/// user pages. Addresses are byte addresses; reference-string traces store `page << pageShift`.
@frozen
public struct Access: Sendable, Hashable {
    /// The pid of the kernel's own context (no user address space).
    public static let kernelPID: UInt32 = 0

    public var address: UInt64
    public var pid: UInt32
    public var kind: AccessKind
    public var mode: AccessMode

    @inlinable
    public init(pid: UInt32, address: UInt64, kind: AccessKind, mode: AccessMode = .user) {
        self.address = address
        self.pid = pid
        self.kind = kind
        self.mode = mode
    }

    /// A user-mode access of process `pid` to virtual page `page` for a machine with pages of `1 << pageShift`.
    @inlinable
    public init(pid: UInt32 = 1, page: UInt64, kind: AccessKind = .read, pageShift: Int) {
        self.init(pid: pid, address: page << UInt64(pageShift), kind: kind)
    }
}
