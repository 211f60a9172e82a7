import Testing
import VMCore
import VMTrace

@Suite("pages format")
struct PagesFormatTests {
    private let files = TemporaryFiles()

    @Test("decimal and hex pages with optional R, W and I")
    func parsesKindsAndRadixes() throws {
        let path = try files.write("trace.txt", text: "5\nR 0x4a3b2\nW 17\nI 0X1F\n0\n")
        let reader = try TraceReader(path: path)
        #expect(reader.format == .pages)
        #expect(!reader.carriesNextUse)
        let accesses = try readAll(reader).accesses
        #expect(accesses == [access(5), access(0x4a3b2), access(17, .write), access(0x1f, .fetch), access(0)])
        #expect(reader.delivered == 5)
    }

    @Test("comments, blank lines, spaces, tabs and CRLF")
    func skipsCommentsAndBlankLines() throws {
        let text = "# header comment\n\n   \n\t7 # trailing\r\nW\t0x10\t\r\n  # indented comment\n8#tight\n9"
        let path = try files.write("trace.txt", text: text)
        let accesses = try readAccesses(path, format: .pages)
        #expect(accesses == [access(7), access(0x10, .write), access(8), access(9)])
    }

    @Test("page shift scales addresses")
    func pageShift() throws {
        let path = try files.write("trace.txt", text: "3\n0x10\n")
        let accesses = try readAccesses(path, pageShift: 16)
        #expect(accesses.map(\.address) == [3 << 16, 0x10 << 16])
        #expect(accesses.allSatisfy { $0.pid == 1 && $0.mode == .user })
    }

    @Test("lines split across chunk reads")
    func longTraceCrossesChunks() throws {
        // About 3 MiB of lines of varying length: many lines straddle the reader's 1 MiB chunks.
        var text = ""
        var expected: [Access] = []
        for index in 0..<300_000 {
            let page = UInt64(index) &* 2_654_435_761 % 1_000_003
            switch index % 3 {
            case 0:
                text += "R 0x\(String(page, radix: 16))\n"
                expected.append(access(page))
            case 1:
                text += "W \(page)  # c\n"
                expected.append(access(page, .write))
            default:
                text += "\(page)\r\n"
                expected.append(access(page))
            }
        }
        let path = try files.write("long.txt", text: text)
        let reader = try TraceReader(path: path)
        #expect(try readAll(reader, batch: 4096).accesses == expected)
        #expect(reader.delivered == expected.count)
    }

    @Test("inline page lists")
    func inlinePages() throws {
        let reader = try TraceReader(inlinePages: "1,2, 0x10  3\n4")
        #expect(reader.name == "--pages")
        #expect(reader.format == .pages)
        #expect(try readAll(reader).accesses == [access(1), access(2), access(0x10), access(3), access(4)])
        let error = traceError { _ = try TraceReader(inlinePages: "1,zz,3") }
        #expect(error?.description == "--pages: expected a page number (decimal or 0x hex), found 'zz'")
    }
}
