import Testing
import VMCore
import VMPolicyCatalogue

struct RegistryTests {
    let registry = PolicyCatalogue.standard()

    @Test("An unknown name lists the valid ones")
    func unknownName() {
        let names = registry.names(of: .replacement).joined(separator: ", ")
        #expect(throws: VMError.invalidPolicy("unknown replacement policy 'lfu9'; valid names: \(names)")) {
            try registry.makeReplacement(PolicySpecification(name: "lfu9"), frames: 4)
        }
    }

    @Test("An unknown parameter lists the declared ones; a bad value names its type")
    func parameters() {
        #expect(throws: VMError.invalidPolicy("policy random has no parameter 'sed'; its parameters are: seed")) {
            try registry.makeReplacement(PolicySpecification(parsing: "random:sed=1"), frames: 4)
        }
        #expect(throws: VMError.invalidPolicy("policy lru has no parameter 'k'; it takes none")) {
            try registry.makeReplacement(PolicySpecification(parsing: "lru:k=2"), frames: 4)
        }
        #expect(throws: VMError.invalidPolicy("parameter seed of random expects integer value, found 'x'")) {
            try registry.makeReplacement(PolicySpecification(parsing: "random:seed=x"), frames: 4)
        }
    }

    @Test("The first policies are registered with kind, summary and source")
    func catalogue() {
        #expect(Set(["clock", "fifo", "lru", "opt", "random"]).isSubset(of: registry.names(of: .replacement)))
        #expect(registry.names(of: .allocation) == ["buddy", "first-free", "next-free", "random-free"])
        #expect(registry.names(of: .swap) == ["cluster", "first-free", "linux-priority", "next-fit"])
        for info in registry.infos {
            #expect(!info.summary.isEmpty && !info.source.isEmpty && !info.module.isEmpty)
        }
    }

    @Test("Registering a duplicate name fails")
    func duplicate() throws {
        var copy = registry
        let entry = ReplacementPolicyEntry(
            info: PolicyInfo(name: "lru", kind: .replacement, summary: "again", module: "X", source: "none")
        ) { _ throws(VMError) in preconditionFailure("never made") }
        #expect(throws: VMError.invalidPolicy("a replacement policy named lru is already registered")) {
            try copy.register(entry)
        }
    }
}
