import Foundation
import Testing
import VMCore
import VMTrace

@Suite("Zipf process mix and the pid writer")
struct ZipfProcessMixTests {
    private let files = TemporaryFiles()

    @Test("Round robin in quanta, pids 1…n, pages below the page count, the same accesses for the same seed")
    func interleaving() {
        let mix = ZipfProcessMix(processes: 3, pages: 50, alpha: 1.0, quantum: 2, seed: 9)
        let accesses = Array(mix.prefix(600))
        #expect(accesses.prefix(8).map(\.pid) == [1, 1, 2, 2, 3, 3, 1, 1])
        #expect(accesses.allSatisfy { $0.address >> 12 < 50 && $0.kind == .read && $0.mode == .user })
        #expect(accesses == Array(ZipfProcessMix(processes: 3, pages: 50, alpha: 1.0, quantum: 2, seed: 9).prefix(600)))
        #expect(
            accesses != Array(ZipfProcessMix(processes: 3, pages: 50, alpha: 1.0, quantum: 2, seed: 10).prefix(600)))
        // Each process has its own law: page 0 is the most popular page of every process, and streams differ.
        for pid in UInt32(1)...3 {
            let pages = accesses.filter { $0.pid == pid }.map { $0.address >> 12 }
            let zeros = pages.filter { $0 == 0 }.count
            #expect(zeros > pages.count / 10, "pid \(pid): page 0 drawn \(zeros) times of \(pages.count)")
        }
        let first = accesses.filter { $0.pid == 1 }.map(\.address)
        let second = accesses.filter { $0.pid == 2 }.map(\.address)
        #expect(first != second)
    }

    @Test("Write fraction: about that share of writes")
    func writes() {
        let accesses = Array(
            ZipfProcessMix(processes: 2, pages: 10, alpha: 0.5, writeFraction: 0.25, seed: 1).prefix(8000))
        let writes = accesses.filter { $0.kind == .write }.count
        #expect((1600...2400).contains(writes), "\(writes) writes of 8000")
    }

    @Test("What the pid writer writes reads back as the same accesses")
    func roundTrip() throws {
        var accesses = Array(
            ZipfProcessMix(processes: 1000, pages: 1 << 20, alpha: 0.8, quantum: 3, writeFraction: 0.3, seed: 4)
                .prefix(20_000))
        accesses.append(Access(pid: UInt32.max, page: (1 << 52) - 1, kind: .fetch, pageShift: 12))
        let path = files.path("mix.pid")
        let written = try PIDTraceWriter.write(accesses, pageShift: 12, to: path)
        #expect(written == accesses.count)
        #expect(try readAccesses(path, format: .pid) == accesses)
        #expect(try readAccesses(path) == accesses, "sniffed as the pid format")
    }

    @Test("The pid writer refuses compressed names and kernel accesses, and leaves no file behind")
    func refusals() throws {
        let compressed = files.path("mix.pid.zst")
        #expect(throws: TraceError.self) {
            try PIDTraceWriter.write([Access(pid: 1, page: 1, pageShift: 12)], pageShift: 12, to: compressed)
        }
        let kernel = files.path("kernel.pid")
        #expect(throws: TraceError.self) {
            try PIDTraceWriter.write([Access(pid: 0, page: 1, pageShift: 12)], pageShift: 12, to: kernel)
        }
        #expect(!FileManager.default.fileExists(atPath: kernel))
    }
}
