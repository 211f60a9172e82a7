import Testing
import VMCore
import VMTestSupport

/// Numbers every operating-systems textbook prints; misses count cold misses.
struct TextbookTests {
    @Test("Belady's anomaly string: FIFO 9/10, LRU 10/8, OPT 7/6 at 3/4 frames")
    func beladyString() throws {
        let pages = Workbench.beladyString
        #expect(try Workbench.faults("fifo", pages: pages, frames: 3) == 9)
        #expect(try Workbench.faults("fifo", pages: pages, frames: 4) == 10)
        #expect(try Workbench.faults("lru", pages: pages, frames: 3) == 10)
        #expect(try Workbench.faults("lru", pages: pages, frames: 4) == 8)
        #expect(try Workbench.faults("opt", pages: pages, frames: 3) == 7)
        #expect(try Workbench.faults("opt", pages: pages, frames: 4) == 6)
    }

    @Test("Silberschatz's string 7,0,1,2,0,3,...: FIFO 15, LRU 12, OPT 9 at 3 frames")
    func silberschatzString() throws {
        let pages: [UInt64] = [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1]
        #expect(try Workbench.faults("fifo", pages: pages, frames: 3) == 15)
        #expect(try Workbench.faults("lru", pages: pages, frames: 3) == 12)
        #expect(try Workbench.faults("opt", pages: pages, frames: 3) == 9)
    }

    @Test("Tanenbaum-style CLOCK: loaded pages get a second chance")
    func clockSecondChance() throws {
        // 1 2 3 fill (bits set on load); 4 sweeps every bit clear and evicts 1; 1 evicts 2 (cleared by that
        // sweep). The circle from the hand is now 3, 4, 1; the hit on 3 sets its bit, 4 and 1 have theirs from
        // loading, so 5 sweeps once more and evicts 3.
        let machine = try Workbench.run("clock", pages: [1, 2, 3, 4, 1, 3, 5], frames: 3)
        #expect(machine.totals.faults == 6)
        let resident = Set((0..<3).compactMap { machine.contents(ofFrame: $0)?.page })
        #expect(resident == [1, 4, 5])
    }

    @Test("Cold misses count: n distinct pages fault n times with n frames")
    func coldMisses() throws {
        for policy in Workbench.registry.names(of: .replacement) {
            let machine = try Workbench.run(policy, pages: [5, 6, 7, 5, 6, 7], frames: 3)
            #expect(machine.totals.faults == 3, "\(policy)")
            #expect(machine.totals.minorFaults == 3, "\(policy)")
            #expect(machine.totals.evictions == 0, "\(policy)")
        }
    }
}
