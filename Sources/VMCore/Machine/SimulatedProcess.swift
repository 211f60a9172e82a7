/// One process of the machine: its pid, its own page table over the shared user range, and its mapped regions.
/// Its counts (resident pages, slots held, killed) are kept by the machine: ``Machine/residentPages(ofProcess:)``.
public final class SimulatedProcess {
    public let pid: UInt32
    /// Dense index (0, 1, … in the order the machine met the processes).
    public let index: Int
    @exclusivity(unchecked) public var name: String
    /// The process's own radix page table.
    @exclusivity(unchecked) public internal(set) var pageTable: PageTable
    /// Declared mappings, sorted by first page; nil when the workload declares none (every user page is valid).
    public let regions: [MemoryRegion]?

    init(pid: UInt32, index: Int, name: String, regions: [MemoryRegion]?, layout: AddressLayout) {
        self.pid = pid
        self.index = index
        self.name = name
        self.regions = regions?.sorted { $0.firstPage < $1.firstPage }
        self.pageTable = PageTable(layout: layout)
    }

    /// The region that holds `page`, if the process declared regions and one does.
    public func region(containing page: UInt64) -> MemoryRegion? {
        guard let regions else { return nil }
        var low = 0
        var high = regions.count
        while low < high {
            let middle = (low + high) / 2
            if regions[middle].firstPage + regions[middle].pageCount <= page {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < regions.count && regions[low].contains(page: page) ? regions[low] : nil
    }
}
