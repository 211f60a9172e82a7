import Foundation
import Testing

/// Trace formats through the command line: standard input, several processes, Lackey logs.
struct TraceInputTests {
    @Test("'-' reads the trace from standard input")
    func standardInput() throws {
        let input = Data("1\n2\n3\n4\n1\n2\n5\n1\n2\n3\n4\n5\n".utf8)
        let result = try VMLabProcess.run(
            ["simulate", "--trace", "-", "--format", "pages", "--policy", "fifo", "--frames", "4", "--json"],
            input: input)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["faults"] as? Int == 10)
    }

    @Test("A pid trace gives one address space per process and a per-process breakdown")
    func processes() throws {
        let input = Data("1 R 0x10\n2 R 0x10\n1 W 0x10\n3 I 0x400\n2 R 0x11\n".utf8)
        let result = try VMLabProcess.run(
            ["simulate", "--trace", "-", "--format", "pid", "--policy", "lru", "--frames", "8", "--json"],
            input: input)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["faults"] as? Int == 4)
        #expect(object["hits"] as? Int == 1)
        let processes = try #require(object["processes"] as? [[String: Any]])
        #expect(processes.compactMap { $0["pid"] as? Int } == [1, 2, 3])
        #expect(processes.compactMap { $0["faults"] as? Int } == [1, 2, 1])
    }

    @Test("A Lackey log turns byte addresses into pages by the page size")
    func lackey() throws {
        let log = "==1== Lackey\nI  00400000,4\n L 00400ffe,4\n S 7ff000,8\n M 7ff008,4\n"
        let small = try VMLabProcess.run(
            ["simulate", "--trace", "-", "--format", "lackey", "--policy", "lru", "--frames", "8", "--json"],
            input: Data(log.utf8))
        #expect(small.status == 0, "\(small.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(small.stdout.utf8)) as? [String: Any])
        // Pages 0x400 and 0x401 (the load straddles), 0x7ff: three distinct pages; M is a read then a write.
        #expect(object["accesses"] as? Int == 6)
        #expect(object["faults"] as? Int == 3)
    }
}
