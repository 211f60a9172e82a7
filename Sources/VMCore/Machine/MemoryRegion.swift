/// A mapped range of a process's virtual pages with its permissions (a VMA).
public struct MemoryRegion: Sendable, Hashable {
    /// Access rights of a region.
    public struct Permissions: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let read = Permissions(rawValue: 1)
        public static let write = Permissions(rawValue: 2)
        public static let execute = Permissions(rawValue: 4)
        public static let all: Permissions = [.read, .write, .execute]
    }

    public var name: String
    /// First page of the region.
    public var firstPage: UInt64
    /// Number of pages.
    public var pageCount: UInt64
    public var permissions: Permissions

    public init(name: String, firstPage: UInt64, pageCount: UInt64, permissions: Permissions = [.read, .write]) {
        self.name = name
        self.firstPage = firstPage
        self.pageCount = pageCount
        self.permissions = permissions
    }

    /// Whether `page` lies in the region.
    @inlinable public func contains(page: UInt64) -> Bool { page >= firstPage && page - firstPage < pageCount }

    /// Whether the region allows `kind`.
    @inlinable public func allows(_ kind: AccessKind) -> Bool {
        switch kind {
        case .read: permissions.contains(.read)
        case .write: permissions.contains(.write)
        case .fetch: permissions.contains(.execute)
        }
    }
}
