import Testing
import VMCore
import VMDiagram
import VMScenario
import VMTestSupport

/// `vmlab render --every`: captions say what each access did, the access and its victims are highlighted, and
/// every snapshot has the same rows with every node in the same place.
struct StepThroughTests {
    /// Belady's string as a reference string (pages by number) on FIFO with `frames` frames.
    static func belady(frames: Int, every: Int = 1) -> StepThrough {
        let pages = Workbench.beladyString
        let accesses = pages.map { Access(page: $0, pageShift: 12) }
        return StepThrough(
            accesses: accesses, nextUse: nil, times: Array(stride(from: 0, through: pages.count, by: every)),
            options: DiagramOptions(title: "belady", replacement: "fifo", pageNumbers: true),
            makeMachine: { try Workbench.machine(policy: "fifo", frames: frames) })
    }

    /// The classic scenario (three processes, 16 frames, 24 swap slots), a snapshot after every access.
    static func classic() throws -> StepThrough {
        let scenario = Scenario.classic()
        return StepThrough(
            accesses: scenario.accesses, nextUse: nil, times: Array(0...scenario.accesses.count),
            options: DiagramOptions(title: scenario.title, replacement: "lru"),
            makeMachine: { try scenario.makeMachine(registry: Workbench.registry) })
    }

    static func snapshots(_ stepThrough: StepThrough) throws -> [StepThrough.Snapshot] {
        var result: [StepThrough.Snapshot] = []
        try stepThrough.forEachSnapshot { result.append($0) }
        return result
    }

    @Test("Belady's string on FIFO: each caption names the page, the fault and the victim")
    func beladyCaptions() throws {
        let three = try Self.snapshots(Self.belady(frames: 3)).map(\.caption)
        #expect(three.count == 13)
        #expect(three[0] == StepCaption.start)
        #expect(three[1] == "R 1: fault (frame 0)")
        #expect(three[4] == "R 4: fault (frame 0), evicts 1 → swap0:0")
        #expect(three[5] == "R 1: fault (frame 1, back from swap0:0), evicts 2 → swap0:1")
        // The textbook's queue after 4, 1, 2 is [4, 1, 2]: the 5 at step 7 evicts 4, the oldest.
        #expect(three[7] == "R 5: fault (frame 0), evicts 4 → swap0:3")
        #expect(three[8] == "R 1: hit (frame 1)")
        #expect(three[10] == "R 3: fault (frame 1, back from swap0:2), evicts 1 → dropped (clean copy in swap0:0)")
        #expect(three.count { $0.contains("fault") } == 9, "FIFO faults 9 times with 3 frames")
        // With 4 frames, 1 and 2 hit, and the 5 at step 7 evicts 1: the first of the faults Belady counted.
        let four = try Self.snapshots(Self.belady(frames: 4)).map(\.caption)
        #expect(four[7] == "R 5: fault (frame 0), evicts 1 → swap0:0")
        #expect(four.count { $0.contains("fault") } == 10, "and 10 times with 4")
    }

    @Test("With --every 4, a caption counts the accesses since the previous snapshot and names the last")
    func intervalCaptions() throws {
        let captions = try Self.snapshots(Self.belady(frames: 3, every: 4)).map(\.caption)
        #expect(
            captions == [
                StepCaption.start,
                "accesses 1–4: 4 accesses, 0 hits, 4 faults, 1 eviction; last: R 4: fault (frame 0), evicts 1 → swap0:0",
                "accesses 5–8: 4 accesses, 1 hit, 3 faults (2 major), 3 evictions; last: R 1: hit (frame 1)",
                "accesses 9–12: 4 accesses, 2 hits, 2 faults (2 major), 2 evictions; last: R 5: hit (frame 0)",
            ])
    }

    @Test("Three processes: minor faults that evict, a major fault that swaps in, the kernel on a user page")
    func classicCaptions() throws {
        let captions = try Self.snapshots(Self.classic()).map(\.caption)
        #expect(captions[1] == "editor X 0x400000: minor fault (frame 0)")
        #expect(captions[17] == "editor W 0x7ffffffdd000: minor fault (frame 0), evicts editor 0x400000 → swap0:0")
        #expect(captions[28] == "kernel R 0xffff888000000000: through the direct map (frame 0)")
        #expect(
            captions[30] == "editor R 0x600000: major fault from swap0:3 (frame 11), evicts browser 0x601000 → swap0:11"
        )
        #expect(
            captions[36]
                == "kernel for editor W 0x602000: major fault from swap0:5 (frame 1), evicts editor 0x7ffffffde000 → swap0:17"
        )
    }

    @Test(
        "The access, its frame and the slot it came from are highlighted, and so are its victim and the victim's slot")
    func highlights() throws {
        let snapshot = try Self.snapshots(Self.classic())[30]
        let graph = snapshot.graph
        // editor (pid 1) read 0x600000 back from slot 3 into frame 11; browser (pid 2) 0x601000 went to slot 11.
        #expect(graph.highlights["p1_v600"] == .touched)
        #expect(graph.highlights["f11"] == .touched)
        #expect(graph.highlights["s0_3"] == .touched)
        #expect(graph.highlights["e_p1_v600"] == .touched)
        #expect(graph.highlights["p2_v601"] == .victim)
        #expect(graph.highlights["s0_11"] == .victim)
        #expect(graph.highlights["e_p2_v601"] == .victim)
        #expect(graph.highlights.count == 7)
        let dot = graph.dot()
        let touchedEdge = try #require(dot.split(separator: "\n").first { $0.contains("id=\"e_p1_v600\"") })
        #expect(touchedEdge.contains("color=\"#f08c00\"") && touchedEdge.contains("penwidth=3.0"))
        let victimEdge = try #require(dot.split(separator: "\n").first { $0.contains("id=\"e_p2_v601\"") })
        #expect(victimEdge.contains("color=\"#c92a2a\"") && victimEdge.contains("penwidth=3.0"))
        #expect(dot.contains("ID=\"p1_v600\" TITLE"), "the row is drawn")
        #expect(dot.contains("BGCOLOR=\"#ffe066\" COLOR=\"#f08c00\""), "touched rows filled amber")
        #expect(dot.contains("BGCOLOR=\"#ffc9c9\" COLOR=\"#c92a2a\""), "victim rows filled red")
        #expect(dot.contains("this step&#39;s access") || dot.contains("this step's access"), "the legend says so")
        // A snapshot before any access highlights nothing, but its legend still explains the colours.
        let start = try Self.snapshots(Self.classic())[0].graph
        #expect(start.highlights.isEmpty)
        #expect(start.dot().contains("evicted by this step"))
    }

    @Test("Boot: the kernel's accesses with paging off, then through the direct map")
    func bootCaptions() throws {
        let path = #filePath.replacing(#/Tests/VMDiagramTests/.*$/#, with: "Examples/scenarios/boot.yaml")
        let scenario = try Scenario(contentsOf: path)
        let stepThrough = StepThrough(
            accesses: scenario.accesses, nextUse: nil, times: Array(0...scenario.accesses.count),
            options: DiagramOptions(title: scenario.title),
            makeMachine: { try scenario.makeMachine(registry: Workbench.registry) })
        let snapshots = try Self.snapshots(stepThrough)
        #expect(snapshots[1].caption == "kernel W 0x0: physical, paging off (frame 0)")
        #expect(snapshots[5].caption == "kernel R 0xffff888000000000: through the direct map (frame 0)")
        #expect(snapshots[1].graph.highlights == ["k0": .touched, "e_k0": .touched, "f0": .touched])
    }

    @Test("Every snapshot has the same rows, and every node the same size and place")
    func stablePositions() throws {
        for stepThrough in [try Self.classic(), Self.belady(frames: 3)] {
            let snapshots = try Self.snapshots(stepThrough)
            let rows = snapshots[0].graph.regions.map { $0.rows.map(\.id) }
            let boxes = try DiagramRenderer.nodeBoxes(snapshots[0].graph)
            #expect(boxes.keys.contains("ram") && boxes.keys.contains("legend"))
            for snapshot in snapshots.dropFirst() {
                #expect(snapshot.graph.regions.map { $0.rows.map(\.id) } == rows, "rows at \(snapshot.time)")
                let other = try DiagramRenderer.nodeBoxes(snapshot.graph)
                #expect(Set(other.keys) == Set(boxes.keys))
                for (name, box) in boxes {
                    let moved = try #require(other[name])
                    #expect(
                        abs(moved.x - box.x) < 0.5 && abs(moved.y - box.y) < 0.5
                            && abs(moved.width - box.width) < 0.5 && abs(moved.height - box.height) < 0.5,
                        "\(name) at \(snapshot.time): \(moved) vs \(box)")
                }
            }
        }
    }

    @Test("Without the shared layout the same snapshots move: the position check can see jitter")
    func jitterIsVisible() throws {
        let snapshots = try Self.snapshots(Self.classic())
        var first: [String: DiagramRenderer.NodeBox]?
        var moved = false
        for snapshot in snapshots {
            let graph = try MappingGraph(snapshot: snapshot.state, options: DiagramOptions(title: "classic"))
            let boxes = try DiagramRenderer.nodeBoxes(graph)
            if let first, first["ram"] != boxes["ram"] || first["proc_1"] != boxes["proc_1"] { moved = true }
            if first == nil { first = boxes }
        }
        #expect(moved)
    }

    @Test("Reference strings draw page numbers; the legend names a process once; one swap device has no priority")
    func referenceStrings() throws {
        let graph = try #require(try Self.snapshots(Self.belady(frames: 3)).last).graph
        let process = try #require(graph.region(id: "proc_1"))
        #expect(process.rows.map(\.key) == ["1", "2", "3", "4", "5"])
        let ram = try #require(graph.region(id: "ram"))
        #expect(ram.rows.map(\.detail) == ["page 5", "page 3", "page 4"])
        #expect(try #require(graph.region(id: "swap_0")).rows.first?.detail == "page 1")
        let dot = graph.dot()
        #expect(dot.contains(">pid 1</FONT>") && !dot.contains("pid 1 (pid 1)"))
        #expect(!dot.contains("priority"))
        let classic = try #require(try Self.snapshots(Self.classic()).last).graph.dot()
        #expect(classic.contains(">editor (pid 1)</FONT>"))
    }

    @Test("With two swap devices the priorities are shown, and what they mean")
    func priorities() throws {
        let machine = try Workbench.machine(
            policy: "fifo", frames: 1,
            swapDevices: [
                SwapDeviceConfiguration(name: "fast", slots: 4, priority: 10),
                SwapDeviceConfiguration(name: "slow", slots: 4),
            ])
        for page: UInt64 in 0..<3 { try machine.step(Access(page: page, kind: .write, pageShift: 12)) }
        let graph = try MappingGraph(snapshot: MachineSnapshot(machine: machine), options: DiagramOptions())
        #expect(graph.region(id: "swap_0")?.summary.hasPrefix("priority 10 · ") == true)
        #expect(graph.title[1].contains("fast 4 slots (priority 10)"))
        #expect(graph.title[1].contains("the higher priority fills first"))
    }
}

/// The line under a caption that lists the resident pages in the policy's own order.
struct ResidentOrderLineTests {
    /// First in, first out, describing its queue as two groups (the oldest page alone, then the rest), with a
    /// hand on the head and a note on it: every feature of ``ResidentOrder`` the line shows.
    final class DescribedQueue: ReplacementPolicy {
        var queue: [Int] = []
        /// Whether it describes its order at all (a policy that does not is shown in frame order).
        let describes: Bool
        init(describes: Bool = true) { self.describes = describes }
        func inserted(frame: Int, reference: PageReference) { queue.append(frame) }
        func accessed(frame: Int, reference: PageReference) {}
        func evict(for reference: PageReference) -> Int { queue.removeFirst() }
        func removed(frame: Int) { queue.removeAll { $0 == frame } }
        func checkInvariants(residentCount: Int, isResident: (Int) -> Bool) throws(VMError) {}
        func residentOrder() -> ResidentOrder? {
            guard describes, let head = queue.first else { return nil }
            return ResidentOrder(
                groups: [
                    .init(name: "next", entries: [.init(frame: head, note: "r=0")]),
                    .init(name: "later", entries: queue.dropFirst().map { .init(frame: $0) }),
                ],
                meaning: "oldest first", hand: head)
        }
    }

    static func machine(_ policy: any ReplacementPolicy) throws -> Machine {
        let registry = Workbench.registry
        let first = try PolicySpecification(parsing: "first-free")
        return try Machine(
            configuration: MachineConfiguration(layout: .x86_64, frames: 3, swapDevices: [.unbounded]),
            replacement: policy, makeReplacement: { _ throws(VMError) in policy },
            allocator: registry.makeAllocator(first, frames: 3, layout: .x86_64),
            placement: registry.makePlacement(first, frames: 3, layout: .x86_64))
    }

    @Test("Groups, notes and the hand are shown; frame order, which the diagram already shows, is not")
    func line() throws {
        let caption = StepCaption(processNames: [1: "a"], swapDevices: ["swap0"], pageShift: 12, pageNumbers: true)
        let described = try Self.machine(DescribedQueue())
        let plain = try Self.machine(DescribedQueue(describes: false))
        var lines: [String?] = []
        for page: UInt64 in [1, 2, 3, 4] {
            let access = Access(page: page, pageShift: 12)
            lines.append(caption.residentOrder(try described.explainStep(access)))
            #expect(caption.residentOrder(try plain.explainStep(access)) == nil, "frame order is not repeated")
        }
        #expect(lines.last == "in RAM, oldest first: next: ▸ 2 (r=0) · later: 3 · 4")
        let addresses = StepCaption(processNames: [1: "a"], swapDevices: [], pageShift: 12, pageNumbers: false)
        #expect(
            addresses.residentOrder(try described.explainStep(Access(page: 5, pageShift: 12)))
                == "in RAM, oldest first: next: ▸ a 0x3000 (r=0) · later: a 0x4000 · a 0x5000")
    }

    @Test("Belady's string: FIFO's queue under each caption, oldest first")
    func fifoQueue() throws {
        let orders = try StepThroughTests.snapshots(StepThroughTests.belady(frames: 3)).map(\.order)
        #expect(orders[0] == nil, "no access, no line")
        #expect(orders[7] == "in RAM, oldest first: 1 · 2 · 5")
        #expect(orders[12] == "in RAM, oldest first: 5 · 3 · 4")
    }
}
