import Testing
import UnOPTPolicy
import VMCore
import VMTestSupport

struct UnOPTTests {
    @Test("The victim is the page used soonest; pages never used again stay; ties go to the earliest loaded")
    func mechanics() {
        let policy = UnOPT(frames: 3)
        policy.inserted(frame: 0, reference: PageReference(time: 0, nextUse: 20, page: 1))
        policy.inserted(frame: 1, reference: PageReference(time: 1, nextUse: 10, page: 2))
        policy.inserted(frame: 2, reference: PageReference(time: 2, nextUse: .max, page: 3))
        #expect(policy.evict(for: PageReference(time: 3, page: 4)) == 1)
        policy.inserted(frame: 1, reference: PageReference(time: 3, nextUse: .max, page: 4))
        policy.accessed(frame: 0, reference: PageReference(time: 4, nextUse: .max, page: 1))
        // All three are never used again: load order 0 (t=0), 2 (t=2), 1 (t=3).
        #expect(policy.evict(for: PageReference(time: 5, page: 5)) == 0)
        #expect(policy.evict(for: PageReference(time: 5, page: 5)) == 2)
        #expect(policy.evict(for: PageReference(time: 5, page: 5)) == 1)
    }

    @Test("Hand-worked: 1 2 1 2 3 1 2 in 2 frames faults 5 times")
    func handWorked() throws {
        // 1 2 miss, 1 2 hit. 3: 1 (next use at 5) goes before 2 (at 6) → [2 3]. 1: 2 (at 6) goes, 3 is never used
        // again → [3 1]. 2: both are never used again; 3 was loaded first and goes.
        #expect(try Workbench.faults("unopt", pages: [1, 2, 1, 2, 3, 1, 2], frames: 2) == 5)
        #expect(try Workbench.faults("opt", pages: [1, 2, 1, 2, 3, 1, 2], frames: 2) == 4)
    }

    @Test("Golden faults on the Belady string at 1...6 frames (= paging-policy.py -p UNOPT)")
    func goldenBelady() throws {
        let faults = try Workbench.faults("unopt", pages: Workbench.beladyString, frameCounts: 1...6)
        #expect(faults == [12, 12, 12, 10, 5, 5])
    }

    @Test("Golden misses from OSTEP paging-policy.py -p UNOPT on a 60-reference string")
    func goldenOSTEP() throws {
        let faults = try Workbench.faults("unopt", pages: Workbench.ostepString, frameCounts: [1, 2, 3, 4, 5, 6, 8])
        #expect(faults == [54, 54, 52, 52, 49, 48, 38])
    }
}
