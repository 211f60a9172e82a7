import Foundation
import Testing
import VMCore
import VMTrace

@Suite("trace errors")
struct TraceErrorTests {
    private let files = TemporaryFiles()

    @Test("description with and without a line")
    func description() {
        #expect(TraceError(file: "t.txt", line: 3, message: "boom").description == "t.txt:3: boom")
        #expect(TraceError(file: "t.txt", message: "boom").description == "t.txt: boom")
    }

    @Test("a malformed line names the file, the line and the token")
    func malformedLine() throws {
        let path = try files.write("trace.txt", text: "1\n# two\nzz\n4\n")
        let error = traceError { _ = try readAccesses(path, format: .pages) }
        #expect(
            error == TraceError(file: path, line: 3, message: "expected a page number (decimal or 0x hex), found 'zz'"))
        #expect(error?.description == "\(path):3: expected a page number (decimal or 0x hex), found 'zz'")
    }

    @Test(
        "malformed pages lines",
        arguments: [
            ("5x", "expected a page number (decimal or 0x hex), found '5x'"),
            ("0x", "expected a page number (decimal or 0x hex), found '0x'"),
            ("R", "expected a page number (decimal or 0x hex), found end of line"),
            ("W # no page", "expected a page number (decimal or 0x hex), found end of line"),
            ("R5", "expected a page number (decimal or 0x hex), found 'R5'"),
            ("5 6", "expected end of line after the page number, found '6'"),
            ("X 5", "expected a page number (decimal or 0x hex), found 'X'"),
            (
                "0x10000000000000",
                "expected a page number that is below 2^52 (page << 12 must fit in 64 bits), found '0x10000000000000'"
            ),
            (
                "99999999999999999999999",
                "expected a page number that is below 2^52 (page << 12 must fit in 64 bits), found '99999999999999999999999'"
            ),
        ])
    func malformedPagesLines(line: String, message: String) throws {
        let path = try files.write("trace.txt", text: "1\n\(line)\n")
        let error = traceError { _ = try readAccesses(path, format: .pages) }
        #expect(error == TraceError(file: path, line: 2, message: message))
    }

    @Test("the largest page that fits is accepted")
    func largestPage() throws {
        let path = try files.write("trace.txt", text: "0xfffffffffffff\n")
        #expect(try readAccesses(path).map(\.address) == [0xffff_ffff_ffff_f000])
    }

    @Test("an empty trace is an error at the first read")
    func emptyTrace() throws {
        for text in ["", "# only a comment\n\n"] {
            let path = try files.write("empty.txt", text: text)
            let reader = try TraceReader(path: path)
            let error = traceError { _ = try readAll(reader) }
            #expect(error?.description == "\(path): the trace has no accesses")
            // The failure is sticky.
            #expect(traceError { _ = try readAll(reader) } == error)
        }
    }

    @Test("a missing file cannot be opened")
    func missingFile() {
        let error = traceError { _ = try TraceReader(path: "/nonexistent/trace.txt") }
        #expect(error?.description == "/nonexistent/trace.txt: cannot open: No such file or directory")
    }

    @Test("a directory cannot be read")
    func directory() throws {
        let path = files.directory.path
        let error = traceError { _ = try TraceReader(path: path) }
        #expect(error?.description == "\(path): is a directory, not a trace file")
    }

    @Test("a line longer than 16 MiB is rejected instead of buffered")
    func overlongLine() throws {
        let bytes = Array("1\n".utf8) + [UInt8](repeating: UInt8(ascii: "7"), count: 17 << 20)
        let path = try files.write("long.txt", bytes: bytes)
        let error = traceError { _ = try readAccesses(path, format: .pages) }
        #expect(
            error == TraceError(file: path, line: 2, message: "expected a line of at most 16 MiB, found a longer one"))
    }

    @Test("page shifts outside 0...63 are rejected")
    func badPageShift() throws {
        let error = traceError { _ = try TraceReader(inlinePages: "1", pageShift: 64) }
        #expect(error?.description == "--pages: page shift must be between 0 and 63, found 64")
    }
}
