import Foundation
import Testing
import VMCore
import VMTrace

@Suite("real traces")
struct RealTraceTests {
    private static let lackeyLog = sharedTracesDirectory.appendingPathComponent("true.lackey.log.zst").path
    private static let pagesFile = sharedTracesDirectory.appendingPathComponent("true.all.pages.zst").path
    private static let available =
        FileManager.default.fileExists(atPath: lackeyLog) && FileManager.default.fileExists(atPath: pagesFile)

    @Test(
        "true.lackey.log.zst read as Lackey equals true.all.pages.zst",
        .enabled(if: available, "the shared traces are absent (expected in ../shared/traces)")
    )
    func lackeyMatchesPages() throws {
        let lackeyReader = try TraceReader(path: Self.lackeyLog)
        #expect(lackeyReader.format == .lackey)
        let lackey = try readAll(lackeyReader, batch: 4096).accesses
        #expect(lackey.count == 169_039)
        let writes = lackey.filter { $0.kind == .write }.count
        #expect(lackey.count - writes == 157_269)
        #expect(writes == 11_770)
        #expect(Set(lackey.map(\.address)).count == 139)

        let pagesReader = try TraceReader(path: Self.pagesFile)
        #expect(pagesReader.format == .pages)
        let pages = try readAll(pagesReader, batch: 1000).accesses
        // The pages file writes fetches as R: compare with fetches read as reads.
        let normalised = lackey.map {
            Access(pid: $0.pid, address: $0.address, kind: $0.kind == .fetch ? .read : $0.kind)
        }
        #expect(normalised == pages)
    }
}
