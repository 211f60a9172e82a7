extension AddressLayout {
    /// The index a page-table walk uses at each level for virtual page `page`, root first (``pageTableLevels``
    /// numbers): level `L` (counting the leaf level as 1) takes bits `(L-1)·bitsPerLevel ..< L·bitsPerLevel` of
    /// the page number, as ``PageTable`` does. The root's index may have fewer bits than the others (on x86-64
    /// with 4 KiB pages, 8 of the 47-bit user half's 35 page-number bits remain for the root).
    public func pageTableIndices(ofPage page: UInt64) -> [Int] {
        let mask = (UInt64(1) << UInt64(bitsPerLevel)) - 1
        return (0..<pageTableLevels).reversed().map { level in
            Int(truncatingIfNeeded: (page >> UInt64(level * bitsPerLevel)) & mask)
        }
    }

    /// The byte offset of `address` within its page.
    public func pageOffset(of address: UInt64) -> UInt64 { address & (pageSize - 1) }

    /// Entries of the root table that the user range can use (`1 << bitsPerLevel` for every other level).
    public var rootEntries: Int {
        let rootBits = virtualPageBits - (pageTableLevels - 1) * bitsPerLevel
        return 1 << rootBits
    }
}
