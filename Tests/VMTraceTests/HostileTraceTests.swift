import Foundation
import Testing
import VMCore
import VMTestSupport
import VMTrace

/// Malformed traces whose bytes would act on a terminal: every error message quotes them escaped and cut short.
@Suite("hostile trace bytes")
struct HostileTraceTests {
    private let files = TemporaryFiles()

    /// The longest message any of these errors may carry (the fixed text plus a quoted token of at most 48).
    static let longestMessage = 200

    struct Case: Sendable, CustomTestStringConvertible {
        var format: TraceFormat
        var line: [UInt8]
        /// What the message must contain (the quoted, escaped token).
        var shows: String
        var testDescription: String { "\(format.rawValue): \(shows)" }
    }

    static let long = [UInt8](repeating: UInt8(ascii: "x"), count: 10_000)

    static let cases: [Case] = [
        Case(format: .pages, line: Array("\u{1B}[31m".utf8), shows: "found '\\u{1B}[31m'"),
        Case(format: .pages, line: Array("5\06".utf8), shows: "found '5\\06'"),
        Case(format: .pages, line: [0x35, 0xFF, 0xFE, 0x80], shows: "found '5\\xFF\\xFE\\x80'"),
        Case(format: .pages, line: Array("7\u{07}\u{7F}\u{9B}2J".utf8), shows: "found '7\\u{7}\\u{7F}\\u{9B}2J'"),
        Case(format: .pages, line: Array("\u{202E}5".utf8), shows: "found '\\u{202E}5'"),
        Case(format: .pages, line: long, shows: "found '" + String(repeating: "x", count: 48) + "…'"),
        Case(
            format: .pages, line: [UInt8](repeating: UInt8(ascii: "9"), count: 10_000),
            shows: "found '" + String(repeating: "9", count: 48) + "…'"),
        Case(format: .pid, line: Array("1 \u{1B}]0;pwned\u{07} 5".utf8), shows: "found '\\u{1B}]0;pwned\\u{7}'"),
        Case(format: .pid, line: Array("\0 R 5".utf8), shows: "found '\\0'"),
        Case(
            format: .pid, line: [0x31, 0x20, 0x52, 0x20] + long, shows: "found '" + String(repeating: "x", count: 48)),
        Case(format: .lackey, line: Array(" X\r\u{1B}[2J 10,4".utf8), shows: "found ' X\\r\\u{1B}[2J 10,4'"),
        Case(format: .lackey, line: Array(" L zz\u{1B}[0m,4".utf8), shows: "found 'zz\\u{1B}[0m,4'"),
        Case(format: .lackey, line: [0x20, 0x4C, 0x20, 0xC0, 0x80, 0x2C, 0x34], shows: "found '\\xC0\\x80,4'"),
        Case(format: .lackey, line: Array(" L ".utf8) + long, shows: "…'"),
    ]

    @Test("A malformed line's message shows its bytes escaped and at most 48 characters of them", arguments: cases)
    func malformedLine(_ example: Case) throws {
        let first =
            switch example.format {
            case .pid: "1 R 1\n"
            case .lackey: " L 1000,4\n"
            default: "1\n"
            }
        let path = try files.write("trace.txt", bytes: Array(first.utf8) + example.line + Array("\n".utf8))
        let error = try #require(traceError { _ = try readAccesses(path, format: example.format) })
        #expect(error.line == 2)
        #expect(error.message.contains(example.shows), "\(error.message)")
        #expect(HostileText.isPrintable(error.description), "\(Array(error.description.unicodeScalars))")
        #expect(error.message.unicodeScalars.count <= Self.longestMessage, "\(error.message.count) characters")
    }

    @Test("An inline page list quotes its bad item escaped and cut short")
    func inlinePages() {
        let bad = ["\u{1B}[31m", "1\u{0}2", String(repeating: "y", count: 10_000), "\u{202E}", "0x\u{85}"]
        for item in bad {
            let error = traceError { _ = try TraceReader(inlinePages: "1,\(item),3") }
            #expect(error != nil, "\(item.prefix(10))")
            let description = error?.description ?? ""
            #expect(HostileText.isPrintable(description), "\(Array(description.unicodeScalars.prefix(80)))")
            #expect(description.unicodeScalars.count <= Self.longestMessage)
        }
        let error = traceError { _ = try TraceReader(inlinePages: "1,\u{1B}[31m") }
        #expect(error?.message == "expected a page number (decimal or 0x hex), found '\\u{1B}[31m'")
    }

    @Test("A file name with control characters is escaped where the message names it")
    func fileName() throws {
        let path = try files.write("bad\u{1B}[31m\rname.txt", text: "1\nzz\n")
        let error = try #require(traceError { _ = try readAccesses(path, format: .pages) })
        #expect(
            error.description.hasSuffix(
                "bad\\u{1B}[31m\\rname.txt:2: expected a page number (decimal or 0x hex), found 'zz'"))
        #expect(HostileText.isPrintable(error.description))
    }
}
