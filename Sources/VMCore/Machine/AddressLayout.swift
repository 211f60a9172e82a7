/// The virtual address layout every process and the kernel share: page size, the user range, and the kernel's
/// direct map of physical memory.
///
/// The default is x86-64 with 4-level paging: 4 KiB pages, a 47-bit user half (`0 ..< 0x8000_0000_0000`) and the
/// direct map at `0xffff_8880_0000_0000` (Linux's `page_offset_base` without KASLR). Every process sees the same
/// user range; the kernel maps frame `f` at `directMapBase + f * pageSize`.
public struct AddressLayout: Sendable, Hashable {
    /// log2 of the page size.
    public let pageShift: Int
    /// One past the highest user address.
    public let userLimit: UInt64
    /// Kernel virtual address of physical address 0.
    public let directMapBase: UInt64
    /// Index bits per page-table level (9 on x86-64: 512 entries of 8 bytes per 4 KiB table).
    public let bitsPerLevel: Int

    /// Page size in bytes.
    public var pageSize: UInt64 { 1 << UInt64(pageShift) }
    /// Number of bits in a user virtual address.
    public let userAddressBits: Int
    /// Number of bits in a user virtual page number.
    public var virtualPageBits: Int { userAddressBits - pageShift }
    /// Levels of the radix page table needed to cover the user range.
    public var pageTableLevels: Int { max(1, (virtualPageBits + bitsPerLevel - 1) / bitsPerLevel) }
    /// Number of user virtual pages.
    public var userPages: UInt64 { userLimit >> UInt64(pageShift) }

    /// Creates a layout.
    /// - Throws: ``VMError/invalidConfiguration(_:)`` when the page size is not a power of two between 512 bytes
    ///   and 1 GiB, or the ranges do not fit.
    public init(
        pageSize: Int = 4096,
        userAddressBits: Int = 47,
        directMapBase: UInt64 = 0xffff_8880_0000_0000,
        bitsPerLevel: Int = 9
    ) throws(VMError) {
        guard pageSize > 0, pageSize & (pageSize - 1) == 0 else {
            throw .invalidConfiguration("page size \(pageSize) is not a power of two")
        }
        guard pageSize >= 512, pageSize <= 1 << 30 else {
            throw .invalidConfiguration("page size \(pageSize) is outside 512 B ... 1 GiB")
        }
        guard (20...57).contains(userAddressBits) else {
            throw .invalidConfiguration("user address bits \(userAddressBits) is outside 20...57")
        }
        let shift = pageSize.trailingZeroBitCount
        guard userAddressBits > shift else {
            throw .invalidConfiguration("page size \(pageSize) leaves no user pages in \(userAddressBits) bits")
        }
        guard directMapBase >= 1 << UInt64(userAddressBits) else {
            throw .invalidConfiguration("the direct map base must lie above the user range")
        }
        guard (4...16).contains(bitsPerLevel) else {
            throw .invalidConfiguration("bits per page-table level \(bitsPerLevel) is outside 4...16")
        }
        self.pageShift = shift
        self.userLimit = 1 << UInt64(userAddressBits)
        self.userAddressBits = userAddressBits
        self.directMapBase = directMapBase
        self.bitsPerLevel = bitsPerLevel
    }

    /// The x86-64 layout with 4 KiB pages.
    public static let x86_64 = try! AddressLayout()

    /// Kernel virtual address of frame `frame` in the direct map.
    @inlinable
    public func directMapAddress(ofFrame frame: Int) -> UInt64 {
        directMapBase &+ (UInt64(frame) << UInt64(pageShift))
    }
}
