import Foundation
import Testing

/// `simulate --steps` and `--ostep`: the per-access explanation in every format, its window, and its errors.
struct StepsCommandTests {
    static let belady = "1,2,3,4,1,2,5,1,2,3,4,5"

    static func steps(_ policy: String, frames: Int = 3, _ extra: [String] = []) throws -> VMLabProcess.Result {
        try VMLabProcess.run(
            ["simulate", "--pages", belady, "--policy", policy, "--frames", String(frames), "--steps"] + extra)
    }

    /// FIFO on Belady's string with 3 frames: 9 faults. Worked by hand: 4 evicts 1 (the oldest), 1 evicts 2, 2
    /// evicts 3, 5 evicts 4; 1 and 2 hit; 3 evicts 1, 4 evicts 2; 5 hits. Victims are written to swap the first
    /// time (no copy yet) and dropped clean once they have a valid copy.
    @Test("FIFO on Belady's string: the textbook trace, line by line")
    func fifoGolden() throws {
        let result = try Self.steps("fifo")
        #expect(result.status == 0, "\(result.stderr)")
        let expected = """
              time  op  page   outcome  victim                    resident (oldest first)
                 1  R   1      minor    -                         1
                 2  R   2      minor    -                         1 2
                 3  R   3      minor    -                         1 2 3
                 4  R   4      minor    1 written to swap0:0      2 3 4
                 5  R   1      major    2 written to swap0:1      3 4 1
                 6  R   2      major    3 written to swap0:2      4 1 2
                 7  R   5      minor    4 written to swap0:3      1 2 5
                 8  R   1      hit      -                         1 2 5
                 9  R   2      hit      -                         1 2 5
                10  R   3      major    1 dropped clean           2 5 3
                11  R   4      major    2 dropped clean           5 3 4
                12  R   5      hit      -                         5 3 4

            """
        #expect(result.stdout.hasPrefix(expected))
        #expect(result.stdout.contains("faults       9  (minor 5, major 4)"))
        #expect(result.stdout.contains("access time  "))
    }

    @Test("Clock shows its hand and reference bits; ARC its two lists")
    func policyOrders() throws {
        let clock = try Self.steps("clock")
        #expect(clock.stdout.contains("resident (from the hand)"))
        #expect(clock.stdout.contains("     4  R   4      minor    1 written to swap0:0      >2 3 4(r=1)"))
        let arc = try Self.steps("arc")
        #expect(arc.stdout.contains("     8  R   1      hit      -                         T1: 2 5 | T2: 1"))
    }

    @Test("--json: one object per access with the documented fields and types")
    func jsonSchema() throws {
        let result = try Self.steps("lru", ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 12)
        for (index, object) in array.enumerated() {
            #expect(object["time"] as? Int == index + 1)
            #expect(object["pid"] as? Int == 1)
            #expect(object["page"] is Int)
            #expect(["read", "write", "fetch"].contains(object["op"] as? String ?? ""))
            #expect(["hit", "minor", "major"].contains(object["outcome"] as? String ?? ""))
            #expect(object["victim"] is NSNull || object["victim"] is Int)
            #expect(object["resident"] is [Int])
            #expect(object["evictions"] is [[String: Any]])
        }
        // LRU, access 4 (page 4): evicts 1, least recent first afterwards.
        #expect(array[3]["victim"] as? Int == 1)
        #expect(array[3]["victim_to"] as? String == "swap0:0")
        #expect(array[3]["resident"] as? [Int] == [2, 3, 4])
        #expect(array[4]["outcome"] as? String == "major")
        #expect(array[4]["swapped_in_from"] as? String == "swap0:0")
        #expect(array[11]["faults"] as? Int == 10)
    }

    @Test("--csv: a header and one row per access, as many fields as the header")
    func csvRows() throws {
        let result = try Self.steps("fifo", ["--csv"])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 13)
        let columns = lines[0].split(separator: ",").count
        #expect(lines[0].hasPrefix("time,pid,page,address,op,outcome,frame"))
        for line in lines.dropFirst() {
            #expect(line.split(separator: ",", omittingEmptySubsequences: false).count == columns)
        }
        #expect(lines[4].hasPrefix("4,1,4,0x4000,read,minor,0,,,1,1,swap0:0,1,,2 3 4,"))
    }

    @Test("A window explains only its accesses and stops the run at its end")
    func window() throws {
        let result = try Self.steps("fifo", ["--steps-from", "4", "--steps-to", "5"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines[1].hasPrefix("     4  R   4"))
        #expect(lines[2].hasPrefix("     5  R   1"))
        #expect(lines[3].hasPrefix("workload"))
        #expect(result.stdout.contains("accesses     5\n"))
    }

    @Test(
        "Bad step options are usage errors naming the option",
        arguments: [
            (["--steps-to", "3"], "--steps-to needs --steps"),
            (["--steps", "--steps-from", "0"], "--steps-from 0: accesses count from 1"),
            (["--steps", "--steps-from", "5", "--steps-to", "4"], "--steps-to 4 comes before --steps-from 5"),
            (["--steps", "--json", "--csv"], "give --json or --csv, not both"),
            (["--steps", "--steps-from", "99"], "--steps-from 99: the workload has only 12 accesses"),
            (["--ostep", "--json"], "cannot be combined with --json"),
            (["--latency", "tlb=fast"], "--latency tlb='fast': expected a time"),
            (["--latency", "disk=1ms"], "keys are tlb, memory, walk, minor, major"),
        ])
    func badOptions(arguments: [String], message: String) throws {
        let result = try VMLabProcess.run(
            ["simulate", "--pages", Self.belady, "--policy", "fifo", "--frames", "3"] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stdout.contains("time"))
    }

    @Test("--ostep prints the script's transcript; other policies are refused with the list")
    func ostep() throws {
        let result = try VMLabProcess.run(
            ["simulate", "--pages", Self.belady, "--policy", "opt", "--frames", "3", "--ostep"])
        #expect(result.status == 0, "\(result.stderr)")
        // The script's own output for `-a 1,2,3,4,1,2,5,1,2,3,4,5 -p OPT -C 3 -c` (python3): access 10 evicts 2,
        // the last of the pages never used again in its list.
        #expect(result.stdout.hasPrefix("ARG addresses 1,2,3,4,1,2,5,1,2,3,4,5\nARG addressfile \nARG numaddrs 10\n"))
        #expect(result.stdout.contains("Access: 3  MISS Left  ->    [1, 5, 3] <- Right Replaced:2 [Hits:4 Misses:6]\n"))
        #expect(result.stdout.hasSuffix("\nFINALSTATS hits 5   misses 7   hitrate 41.67\n\n"))
        let refused = try VMLabProcess.run(
            ["simulate", "--pages", Self.belady, "--policy", "clock", "--frames", "3", "--ostep"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("fifo, lru, mru, opt, unopt, ostep-rand, ostep-clock"))
    }

    /// The script's output for `-f FILE -p CLOCK -s 3 -b 1 -C 3 -c` (python3), FILE holding 1 2 3 4 1 2 5.
    @Test("--ostep with a page-list file prints the script's -f transcript")
    func ostepFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-ostep-\(UUID()).txt")
        try "1\n2\n3\n4\n1\n2\n5\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try VMLabProcess.run(
            ["simulate", "--trace", file.path, "--policy", "ostep-clock:seed=3,bits=1", "--frames", "3", "--ostep"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = """
            ARG addresses -1
            ARG addressfile \(file.path)
            ARG numaddrs 10
            ARG policy CLOCK
            ARG clockbits 1
            ARG cachesize 3
            ARG maxpage 10
            ARG seed 3
            ARG notrace False

            Solving...

            Access: 1  MISS Left  ->          [1] <- Right Replaced:- [Hits:0 Misses:1]
            Access: 2  MISS Left  ->       [1, 2] <- Right Replaced:- [Hits:0 Misses:2]
            Access: 3  MISS Left  ->    [1, 2, 3] <- Right Replaced:- [Hits:0 Misses:3]
            Access: 4  MISS Left  ->    [1, 3, 4] <- Right Replaced:2 [Hits:0 Misses:4]
            Access: 1  HIT  Left  ->    [1, 3, 4] <- Right Replaced:- [Hits:1 Misses:4]
            Access: 2  MISS Left  ->    [1, 4, 2] <- Right Replaced:3 [Hits:1 Misses:5]
            Access: 5  MISS Left  ->    [4, 2, 5] <- Right Replaced:1 [Hits:1 Misses:6]

            FINALSTATS hits 1   misses 6   hitrate 14.29


            """
        #expect(result.stdout == expected)
    }

    @Test("Several processes, bounded swap and a TLB: victims of other processes, kills, the TLB column")
    func machineExplained() throws {
        let trace = "1 W 0x1000\n1 W 0x2000\n2 W 0x1000\n2 W 0x2000\n1 W 0x3000\n2 R 0x1000\n"
        let result = try VMLabProcess.run(
            [
                "simulate", "--trace", "-", "--format", "pid", "--frames", "2", "--swap-slots", "1", "--policy",
                "fifo", "--tlb", "4", "--steps", "--json",
            ], input: Data(trace.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        // Access 3: pid 2 faults with RAM full; FIFO evicts pid 1's first page to the only slot.
        #expect(array[2]["victim_pid"] as? Int == 1)
        #expect(array[2]["victim_to"] as? String == "swap0:0")
        #expect(array[2]["tlb"] as? String == "miss")
        // Access 4: pid 1's second page cannot be saved: pid 1 is killed, its page lost.
        #expect(array[3]["killed"] as? [Int] == [1])
        #expect(array[3]["victim_to"] as? String == "lost")
        #expect(array[4]["outcome"] as? String == "dropped")
    }
}
