import Foundation
import Testing

@testable import VMRunner

/// `index.html` in a real browser: headless Chromium loads the page with `#selfcheck`, the page's script checks
/// itself as laid out (nothing wider than the window, charts and diagrams not cut, tables sortable, toggles
/// working, tooltips) and Chromium's `--dump-dom` shows the verdict. Skipped when no Chromium is installed
/// (`make report-check` installs Debian's and does the same on the demo report, with screenshots).
struct ReportBrowserTests {
    /// Chromium's path: `$CHROMIUM`, or the first of Debian's and other usual names that exists.
    static let chromium: String? = {
        let candidates =
            [ProcessInfo.processInfo.environment["CHROMIUM"]].compactMap { $0 }
            + ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// The DOM of `url` after its scripts ran, in a window `width` pixels wide (killed after 90 s).
    static func dumpDOM(_ url: URL, width: Int) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-chromium-\(UUID())")
        defer { try? FileManager.default.removeItem(at: profile) }
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
            "--user-data-dir=\(profile.path)",
            "--window-size=\(width),1600", "--dump-dom", url.absoluteString + "#selfcheck",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = DispatchWorkItem { process.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 90, execute: deadline)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        deadline.cancel()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(
        "At a phone's width and a desktop's, the page's self-check passes in headless Chromium",
        .enabled(if: chromium != nil, "no Chromium found (set CHROMIUM, or apt-get install chromium)"))
    func selfCheck() async throws {
        let directory = try await ReportLayoutTests.writtenReport()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("index.html")
        for width in [390, 1400] {
            let dom = try Self.dumpDOM(url, width: width)
            let verdict = dom.firstMatch(of: /data-selfcheck="([^"]*)"/).map { String($0.output.1) }
            #expect(verdict == "ok", "at \(width) px")
            let counts = dom.firstMatch(of: /data-selfcheck-counts="([^"]*)"/).map { String($0.output.1) }
            #expect(counts?.hasPrefix("tables 2, rows 8, sorted 4, series ") == true, "\(counts ?? "no counts")")
            #expect(counts?.contains("toggles 8,") == true && counts?.hasSuffix("diagrams 1") == true)
        }
    }

    @Test(
        "Charts drawn as small multiples: every toggle hides its series in both panels, in headless Chromium",
        .enabled(if: chromium != nil, "no Chromium found (set CHROMIUM, or apt-get install chromium)"))
    func smallMultiples() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-panels-\(UUID()).html")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(try await ReportLayoutTests.smallMultiplesPage().utf8).write(to: file)
        let dom = try Self.dumpDOM(file, width: 390)
        #expect(dom.firstMatch(of: /data-selfcheck="([^"]*)"/).map { String($0.output.1) } == "ok")
        #expect(dom.contains("series 8, toggles 4, points 8, diagrams 0"))
    }
}
