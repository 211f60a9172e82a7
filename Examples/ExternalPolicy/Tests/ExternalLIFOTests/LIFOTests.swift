import ExternalLIFO
import Testing
import VMCore
import VMPolicyCatalogue

/// `lifo` through VMLab's own machine, with its invariant checks on after every access (the tracked frames must be
/// exactly the resident ones), registered beside the built-in policies as `my-vmlab` registers it.
struct LIFOTests {
    static let belady: [UInt64] = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5]

    static let registry: PolicyRegistry = {
        var registry = PolicyCatalogue.standard()
        for entry in ExternalLIFOModule.entries { try! registry.register(entry) }
        return registry
    }()

    /// Faults of `policy` on `pages` (process 1, reads) with `frames` frames.
    static func faults(_ policy: String, pages: [UInt64], frames: Int) throws -> Int {
        let specification = try PolicySpecification(parsing: policy)
        let machine = try Machine(
            configuration: MachineConfiguration(frames: frames, checksInvariants: true),
            replacement: registry.makeReplacement(specification, frames: frames),
            makeReplacement: { frames throws(VMError) in try registry.makeReplacement(specification, frames: frames) },
            allocator: registry.makeAllocator(PolicySpecification(name: "first-free"), frames: frames),
            placement: registry.makePlacement(PolicySpecification(name: "first-free"), frames: frames))
        for page in pages { try machine.step(Access(page: page, kind: .read, pageShift: machine.layout.pageShift)) }
        return machine.totals.faults
    }

    @Test("The victim is the frame loaded last; hits change nothing")
    func mechanics() {
        let policy = LIFO(frames: 3)
        for frame in 0..<3 { policy.inserted(frame: frame, reference: PageReference(time: frame, page: 0)) }
        policy.accessed(frame: 2, reference: PageReference(time: 3, page: 0))
        #expect(policy.evict(for: PageReference(time: 4, page: 9)) == 2)
        policy.inserted(frame: 2, reference: PageReference(time: 4, page: 9))
        policy.removed(frame: 1)
        #expect(policy.evict(for: PageReference(time: 5, page: 8)) == 2)
        #expect(policy.evict(for: PageReference(time: 6, page: 7)) == 0)
    }

    @Test("Golden faults on Belady's string at 1...6 frames, worked by hand (FIFO: 12, 12, 9, 10, 5, 5)")
    func goldenBelady() throws {
        #expect(try (1...6).map { try Self.faults("lifo", pages: Self.belady, frames: $0) } == [12, 10, 8, 7, 5, 5])
        #expect(try (1...6).map { try Self.faults("fifo", pages: Self.belady, frames: $0) } == [12, 12, 9, 10, 5, 5])
    }

    @Test("A stack algorithm: more frames never fault more, on Belady's string and seeded random strings")
    func noAnomaly() throws {
        var state: UInt64 = 42
        let random = (0..<20).map { _ in
            (0..<200).map { _ -> UInt64 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return (state >> 33) % 12
            }
        }
        for pages in [Self.belady] + random {
            let faults = try (1...12).map { try Self.faults("lifo", pages: pages, frames: $0) }
            #expect(zip(faults, faults.dropFirst()).allSatisfy { $0 >= $1 }, "\(faults) on \(pages)")
        }
    }

    @Test("Registered beside the built-in policies, with its own module and source")
    func registered() throws {
        let info = try #require(Self.registry.info(kind: .replacement, name: "lifo"))
        #expect(info.module == "ExternalLIFO")
        #expect(Self.registry.names(of: .replacement).contains("lru"))
    }
}
