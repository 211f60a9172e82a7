import Testing
import VMCore
import VMPolicyCatalogue

/// `--policies` lists (and experiment policies given as text): `;` between policies when a policy has several
/// parameters, or commas only, split by the parameters each policy declares.
struct PolicyListTests {
    static let registry = PolicyCatalogue.standard()

    @Test(
        "';' separates policies whose parameters use commas; commas alone split by what the registry knows",
        arguments: [
            "s3-fifo:threshold=2,small=0.2;lru", "s3-fifo:threshold=2,small=0.2,lru",
            " s3-fifo:threshold=2 , small=0.2 ; lru ;",
        ])
    func lists(text: String) throws {
        let specifications = try Self.registry.parseList(text)
        #expect(specifications.map(\.description) == ["s3-fifo:threshold=2,small=0.2", "lru"])
    }

    @Test("Plain lists and single parameters are as before")
    func plain() throws {
        #expect(
            try Self.registry.parseList("fifo,lru,random:seed=3").map(\.description) == [
                "fifo", "lru", "random:seed=3",
            ])
        #expect(
            try Self.registry.parseList("random:seed=3,lru-k:k=3").map(\.description) == ["random:seed=3", "lru-k:k=3"])
    }

    @Test("A key=value piece that belongs to no policy suggests ';'")
    func suggestsSemicolon() {
        let error = #expect(throws: VMError.self) { try Self.registry.parseList("lru,small=0.2") }
        #expect(
            error?.description.contains(
                "--policies: 'small=0.2' is not a policy, nor a parameter of 'lru' (it takes none); separate "
                    + "policies with ';' when one has several parameters") == true, "\(String(describing: error))")
        let unknownKey = #expect(throws: VMError.self) { try Self.registry.parseList("s3-fifo:threshold=2,tiny=1") }
        #expect(unknownKey?.description.contains("(it takes threshold, small)") == true)
        let part = #expect(throws: VMError.self) { try Self.registry.parseList("s3-fifo:threshold=2;small=0.2,lru") }
        #expect(part?.description.contains("expected a policy name, found 'small=0.2,lru'") == true)
        let stray = #expect(throws: VMError.self) { try Self.registry.parseList("lru, fifo;arc") }
        #expect(stray?.description.contains("expected a policy name, found 'lru, fifo'") == true)
        #expect(throws: VMError.invalidPolicy("--policies: no policy given")) { try Self.registry.parseList(" ; ") }
    }
}
