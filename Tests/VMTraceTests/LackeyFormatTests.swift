import Testing
import VMCore
import VMTrace

@Suite("Lackey format")
struct LackeyFormatTests {
    private let files = TemporaryFiles()

    @Test("fetch, load, store and modify records; Valgrind lines skipped")
    func parsesRecords() throws {
        let text = """
            ==123== Lackey, an example Valgrind tool
            ==123== 
            I  0401ab70,3
             L 1fff000748,8
             S 1fff000740,8
             M 0401b000,4
            --123-- a Valgrind warning
            ==123== Exit code:       0

            """
        let path = try files.write("run.log", text: text)
        let reader = try TraceReader(path: path)
        #expect(reader.format == .lackey)
        let accesses = try readAll(reader).accesses
        #expect(
            accesses == [
                access(0x401a, .fetch), access(0x1fff000), access(0x1fff000, .write), access(0x401b),
                access(0x401b, .write),
            ]
        )
    }

    @Test("an access straddling a page boundary touches every page it covers")
    func straddlingAccesses() throws {
        let text = "I  0401aff0,32\n L 2ffe,4\n S 3fff,1\n M 1fff000ffc,8\n L 5000,0\n"
        let path = try files.write("straddle.log", text: text)
        let expected = [
            access(0x401a, .fetch), access(0x401b, .fetch),
            access(2), access(3),
            access(3, .write),
            access(0x1fff000), access(0x1fff000, .write), access(0x1fff001), access(0x1fff001, .write),
            access(5),
        ]
        #expect(try readAccesses(path, format: .lackey) == expected)
        // One access per read: a record's pages are carried over between reads.
        let reader = try TraceReader(path: path, format: .lackey)
        #expect(try readAll(reader, batch: 1).accesses == expected)
    }

    @Test("large records at small page sizes")
    func manyPagesPerRecord() throws {
        let path = try files.write("wide.log", text: " M 100,64\n")
        let accesses = try readAccesses(path, format: .lackey, pageShift: 4)
        #expect(accesses.count == 8)
        #expect(accesses.map(\.address) == [0x100, 0x100, 0x110, 0x110, 0x120, 0x120, 0x130, 0x130])
        #expect(accesses.map(\.kind) == [.read, .write, .read, .write, .read, .write, .read, .write])
    }

    @Test("malformed records name the line")
    func malformedRecords() throws {
        let path = try files.write("bad.log", text: "I  0401ab70,3\n L zz,8\n")
        let error = traceError { _ = try readAccesses(path, format: .lackey) }
        #expect(error?.description == "\(path):2: expected 'address,size' (hex address), found 'zz,8'")

        let other = try files.write("bad.log", text: "I  0401ab70,3\nhello world\n")
        let otherError = traceError { _ = try readAccesses(other, format: .lackey) }
        #expect(
            otherError?.description
                == "\(other):2: expected a Lackey record ('I  addr,size', ' L addr,size', ' S addr,size' or"
                + " ' M addr,size'), found 'hello world'"
        )
    }
}
