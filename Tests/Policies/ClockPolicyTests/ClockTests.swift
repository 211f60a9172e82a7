import ClockPolicy
import Testing
import VMCore
import VMTestSupport

struct ClockTests {
    @Test("A referenced frame is passed over once; the hand clears bits as it goes")
    func secondChance() {
        let clock = Clock(frames: 3)
        for frame in 0..<3 { clock.inserted(frame: frame, reference: PageReference(time: frame, page: 0)) }
        // All bits set: a full sweep clears them and evicts the frame under the hand.
        #expect(clock.evict(for: PageReference(time: 3, page: 9)) == 0)
        clock.inserted(frame: 0, reference: PageReference(time: 3, page: 9))
        // Hand at 1 (bit clear): evicted at once.
        #expect(clock.evict(for: PageReference(time: 4, page: 9)) == 1)
        clock.inserted(frame: 1, reference: PageReference(time: 4, page: 9))
        clock.accessed(frame: 2, reference: PageReference(time: 5, page: 9))
        // Hand at 2 (bit set) then 0 (set on load), 1 (set on load), 2 again (cleared): evicts 2.
        #expect(clock.evict(for: PageReference(time: 6, page: 9)) == 2)
    }

    @Test("Golden faults on the Belady string at 1...6 frames (as FIFO: no hit lands before a sweep)")
    func golden() throws {
        let faults = try (1...6).map { try Workbench.faults("clock", pages: Workbench.beladyString, frames: $0) }
        #expect(faults == [12, 12, 9, 10, 5, 5])
    }
}
