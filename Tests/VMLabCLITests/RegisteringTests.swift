import FIFOPolicy
import FirstFreeAllocator
import Testing
import VMCore
import VMLabCLI
import VMPolicyCatalogue

/// `VMLabCLI.registry(registering:)`, the registry every subcommand of a custom vmlab starts from. (The command line
/// itself, with an extra policy, is checked end to end by `.ci/external-policy` on Examples/ExternalPolicy.)
struct RegisteringTests {
    /// FIFO's entry under another name and module, as a package of one's own would declare a policy.
    static func replacement(_ name: String, module: String = "MyPolicy") -> ReplacementPolicyEntry {
        var entry = FIFOPolicyModule.entries[0]
        entry.info.name = name
        entry.info.module = module
        return entry
    }

    static func message(_ body: () throws(VMError) -> Void) -> String? {
        do throws(VMError) {
            try body()
            return nil
        } catch {
            return error.description
        }
    }

    @Test("No extra policies: exactly the built-in registry")
    func empty() throws {
        let registry = try VMLabCLI.registry(registering: [])
        #expect(registry.infos == PolicyCatalogue.standard().infos)
        #expect(try VMLabCLI.registry(registering: [PolicyModuleEntries()]).infos == registry.infos)
    }

    @Test("Extra policies of every kind are registered beside the built-in ones and can be made")
    func added() throws {
        var allocator = FirstFreeAllocatorModule.entries[0]
        allocator.info.name = "my-first-free"
        let registry = try VMLabCLI.registry(registering: [
            .replacement([Self.replacement("my-fifo")]), .allocation([allocator]),
            // The same name in another kind is no clash: kinds have their own names.
            PolicyModuleEntries(replacement: [Self.replacement("first-free", module: "Other")]),
        ])
        #expect(registry.names(of: .replacement).contains("my-fifo"))
        #expect(registry.names(of: .replacement).contains("lru"))
        #expect(registry.info(kind: .replacement, name: "first-free")?.module == "Other")
        #expect(registry.names(of: .allocation).contains("my-first-free"))
        #expect(registry.infos.count == PolicyCatalogue.standard().infos.count + 3)
        let policy = try registry.makeReplacement(PolicySpecification(name: "my-fifo"), frames: 3)
        #expect(policy is FIFO)
    }

    @Test("A name clash with a built-in policy names the policy and both modules")
    func clashWithBuiltIn() {
        let message = Self.message { () throws(VMError) in
            _ = try VMLabCLI.registry(registering: [.replacement([Self.replacement("lru", module: "MyLRU")])])
        }
        #expect(
            message
                == "the replacement policy 'lru' of module MyLRU clashes with the built-in policy of that name "
                + "(module LRUPolicy); rename one of them in its PolicyInfo")
    }

    @Test("Two extra entries of one kind and name clash too, whichever modules they come from")
    func clashBetweenExtras() {
        let message = Self.message { () throws(VMError) in
            _ = try VMLabCLI.registry(registering: [
                .replacement([Self.replacement("mine", module: "A")]),
                .replacement([Self.replacement("mine", module: "B")]),
            ])
        }
        #expect(
            message
                == "the replacement policy 'mine' of module B clashes with the extra policy of that name (module A); "
                + "rename one of them in its PolicyInfo")
    }

    @Test("An entry in the wrong list is refused with the registry's own message")
    func wrongKind() {
        var allocator = FirstFreeAllocatorModule.entries[0]
        allocator.info.name = "odd"
        allocator.info.kind = .replacement
        let message = Self.message { () throws(VMError) in
            _ = try VMLabCLI.registry(registering: [.allocation([allocator])])
        }
        #expect(message == "policy odd is declared replacement but registered as allocation")
    }
}
