import Foundation
import Testing
import VMCore
import VMTrace

@Suite("format detection")
struct FormatDetectionTests {
    private let files = TemporaryFiles()

    @Test(
        "content decides the text formats",
        arguments: [
            ("R 0x4a3b2\nW 0x1fff000\n", TraceFormat.pages),
            ("5\n6\n", .pages),
            ("# comment\n\n2 R 0x401a\n", .pid),
            ("1 W 17 # trailing comment\n", .pid),
            ("==6434== Lackey, an example Valgrind tool\nI  0401ab70,3\n", .lackey),
            ("I  0401ab70,3\n S 1fff000748,8\n", .lackey),
            (" L 1fff000748,8\n", .lackey),
            ("I 5\n", .pages),
            ("", .pages),
        ])
    func detectsTextFormats(text: String, format: TraceFormat) throws {
        let path = try files.write("trace", text: text)
        #expect(try TraceReader(path: path).format == format)
    }

    @Test("a name containing oracleGeneral selects oracle-general, case-insensitively")
    func detectsOracleGeneralByName() throws {
        let directory = files.directory
        for name in ["a.oracleGeneral", "b.oraclegeneral.bin", "c.ORACLEGENERAL.zst", "oracleGeneral-d"] {
            let path = directory.appendingPathComponent(name).path
            try OracleGeneralWriter.write(objectIDs: [1, 2], to: path)
            #expect(try TraceReader(path: path).format == .oracleGeneral)
        }
    }

    @Test("an explicit format overrides detection")
    func explicitFormat() throws {
        let path = try files.write("trace", text: "1 2 3\n")
        let error = traceError { _ = try readAccesses(path, format: .pages) }
        #expect(error?.description == "\(path):1: expected end of line after the page number, found '2'")
    }

    @Test("raw values")
    func rawValues() {
        #expect(TraceFormat.allCases.map(\.rawValue) == ["auto", "pages", "pid", "lackey", "oracle-general"])
    }
}
