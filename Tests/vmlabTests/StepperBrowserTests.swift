import Foundation
import Testing

/// The stepper page of `vmlab render --every`, loaded in a real headless browser (Debian's `chromium`): keys,
/// buttons, the address and play move through the steps and the caption follows. Skipped, saying why, where
/// chromium is not installed (`apt-get install chromium`; CI installs it).
@Suite(.enabled(if: Chromium.path != nil, "chromium is not installed (apt-get install chromium): page not checked"))
struct StepperBrowserTests {
    /// What the check script appends to the page: it presses keys and buttons as a user would, and writes the
    /// caption it sees after each action into `<pre id="check">` as JSON, which `--dump-dom` prints.
    static let checkScript = """
        <script>
        const seen = [];
        const caption = () => document.querySelector('.step:not([hidden]) .caption').innerText
          .replace(/\\s+/g, ' ').trim();
        const key = (name) => document.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }));
        seen.push(caption());
        const heights = new Set([...document.querySelectorAll('.caption')].map((c) => c.style.minHeight));
        seen.push(heights.size === 1 && !heights.has('') ? 'captions level' : 'captions uneven');
        for (let i = 0; i < 7; i++) key('ArrowRight');
        seen.push(caption(), location.hash);
        document.getElementById('next').click();
        seen.push(caption());
        key('ArrowLeft');
        seen.push(caption());
        document.getElementById('previous').click();
        seen.push(caption());
        key('End');
        seen.push(caption(), document.getElementById('position').textContent);
        key('Home');
        seen.push(caption());
        key('f');
        seen.push(document.body.className + ' ' + document.getElementById('fit').getAttribute('aria-pressed'));
        document.getElementById('play').click();
        setTimeout(() => {
          seen.push(caption(), document.getElementById('play').textContent);
          const out = document.createElement('pre');
          out.id = 'check';
          out.textContent = JSON.stringify(seen);
          document.body.appendChild(out);
        }, 3000);
        </script>
        """

    @Test("Arrow keys, buttons, Home, End and play change the caption as they should")
    func keysAndButtons() throws {
        try RenderCommandTests.inTemporaryDirectory { directory in
            let page = try Self.belady(in: directory)
            let html = try String(contentsOf: page, encoding: .utf8)
            let check = directory.appendingPathComponent("check.html")
            try html.replacingOccurrences(of: "</body>", with: Self.checkScript + "</body>").write(
                to: check, atomically: true, encoding: .utf8)
            let dom = try Chromium.dumpDOM(check.absoluteString)
            let json = try #require(
                dom.firstMatch(of: #/<pre id="check">(.*?)</pre>/#).map { String($0.output.1) }, "\(dom.suffix(500))")
            let seen = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(json.replacingOccurrences(of: "&amp;", with: "&").utf8)) as? [String])
            // Each caption, then FIFO's queue under it.
            #expect(
                seen == [
                    "after 0 of 12 accesses start: no access yet", "captions level",
                    "after 7 of 12 accesses R 5: fault (frame 0), evicts 4 → swap0:3 in RAM, oldest first: 1 · 2 · 5",
                    "#step=8",
                    "after 8 of 12 accesses R 1: hit (frame 1) in RAM, oldest first: 1 · 2 · 5",
                    "after 7 of 12 accesses R 5: fault (frame 0), evicts 4 → swap0:3 in RAM, oldest first: 1 · 2 · 5",
                    "after 6 of 12 accesses R 2: fault (frame 2, back from swap0:1), evicts 3 → swap0:2 "
                        + "in RAM, oldest first: 4 · 1 · 2",
                    "after 12 of 12 accesses R 5: hit (frame 0) in RAM, oldest first: 5 · 3 · 4", "step 13 / 13",
                    "after 0 of 12 accesses start: no access yet", "fit true",
                    // Play moves a step every 1.2 s: after 3 s it shows the third step, and plays on.
                    "after 2 of 12 accesses R 2: fault (frame 1) in RAM, oldest first: 1 · 2", "❚❚ pause",
                ])
        }
    }

    @Test("The address opens a step: #step=8 shows the state after 7 accesses, and only that step")
    func address() throws {
        try RenderCommandTests.inTemporaryDirectory { directory in
            let page = try Self.belady(in: directory)
            let dom = try Chromium.dumpDOM(page.absoluteString + "#step=8")
            let shown = dom.matches(of: #/<div class="step" id="(step-\d+)"( hidden="[^"]*")?>/#).filter {
                $0.output.2 == nil
            }
            #expect(shown.map { String($0.output.1) } == ["step-8"])
            #expect(dom.contains("step 8 / 13"))
        }
    }

    /// Renders Belady's string on FIFO with 3 frames, a snapshot per access, into `directory`; the page's URL.
    static func belady(in directory: URL) throws -> URL {
        let result = try VMLabProcess.run([
            "render", "--pages", "1,2,3,4,1,2,5,1,2,3,4,5", "--frames", "3", "--policy", "fifo", "--every", "1",
            "--out", directory.appendingPathComponent("belady.svg").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        return directory.appendingPathComponent("belady.html")
    }
}

/// Debian's headless chromium, when installed.
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// The DOM of `url` once its scripts have run and 5 s of (virtual) time have passed.
    static func dumpDOM(_ url: String) throws -> String {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-chromium-\(UUID())")
        defer { try? FileManager.default.removeItem(at: profile) }
        let result = try Tool.run(
            path!,
            [
                "--headless", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage", "--virtual-time-budget=5000",
                "--user-data-dir=" + profile.path, "--dump-dom", url,
            ], quiet: true)
        return String(decoding: result.output, as: UTF8.self)
    }
}
