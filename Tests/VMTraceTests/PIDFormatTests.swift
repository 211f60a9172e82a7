import Testing
import VMCore
import VMTrace

@Suite("pid format")
struct PIDFormatTests {
    private let files = TemporaryFiles()

    @Test("interleaved processes")
    func parsesProcesses() throws {
        let text = "# pid op page\n2 R 0x401a\n1 W 17\n\n3 I 0x10 # fetch\r\n2 R 5\n"
        let path = try files.write("mix.pid", text: text)
        let reader = try TraceReader(path: path)
        #expect(reader.format == .pid)
        let accesses = try readAll(reader).accesses
        #expect(
            accesses == [
                access(0x401a, pid: 2), access(17, .write, pid: 1), access(0x10, .fetch, pid: 3), access(5, pid: 2),
            ]
        )
    }

    @Test("pid 0 is the kernel's and is rejected")
    func rejectsKernelPID() throws {
        let path = try files.write("bad.pid", text: "1 R 5\n0 R 6\n")
        let error = traceError { _ = try readAccesses(path, format: .pid) }
        #expect(error?.line == 2)
        #expect(
            error?.description
                == "\(path):2: expected a process id from 1 to 4294967295 (0 is the kernel), found '0'"
        )
    }

    @Test("a bad operation names the token")
    func rejectsBadOperation() throws {
        let path = try files.write("bad.pid", text: "1 R 5\n1 X 6\n")
        let error = traceError { _ = try readAccesses(path, format: .pid) }
        #expect(error?.description == "\(path):2: expected an operation R, W or I, found 'X'")
    }
}
