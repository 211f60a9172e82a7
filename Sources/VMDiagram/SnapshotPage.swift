public import Foundation
import Plot

/// An HTML page that steps through the snapshots of `vmlab render --every K`: one diagram at a time with its
/// caption (what the access did) and the running counters, moved by buttons (first, previous, play/pause, next,
/// last), a slider, the keyboard (← →, Home, End, space; `f` fits the diagram to the window) or the address (`page.html#step=7` opens step 7; the
/// address follows the step shown, so it can be bookmarked or linked).
///
/// The page is one self-contained file: images given as data are embedded (`data:` URLs), so it works offline and
/// can be mailed or projected as is; images without data are linked by file name. It loads nothing from the
/// network. Built with Plot; every text and attribute value goes through the escaping helpers of `SafeHTML.swift`
/// (the title, the captions and the file names come from input), so the page also reads as XML. No input text
/// reaches the script, which only shows and hides the steps already in the page.
public struct SnapshotPage: Sendable {
    /// A running total shown under the caption, such as `faults 7`.
    public struct Counter: Sendable, Hashable {
        public var label: String
        public var value: String

        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    /// One step: its image, what it shows, and the totals so far.
    public struct Step: Sendable, Hashable {
        /// The image file (relative to the page), linked when ``image`` is nil.
        public var file: String
        /// The image's bytes (SVG or PNG, by `file`'s extension), embedded in the page.
        public var image: Data?
        /// Where in the run the step is (`after 7 of 12 accesses`).
        public var position: String
        /// What the step did.
        public var caption: String
        /// A line under the caption (the policy's order of the resident pages), or empty.
        public var note: String
        /// Totals after the step; a counter whose value differs from the previous step's is marked.
        public var counters: [Counter]

        public init(
            file: String, image: Data? = nil, position: String = "", caption: String, note: String = "",
            counters: [Counter] = []
        ) {
            self.file = file
            self.image = image
            self.position = position
            self.caption = caption
            self.note = note
            self.counters = counters
        }
    }

    public var title: String
    /// A line under the title: the machine and its policies.
    public var subtitle: String
    public var steps: [Step]

    public init(title: String, subtitle: String = "", steps: [Step]) {
        self.title = title
        self.subtitle = subtitle
        self.steps = steps
    }

    static let css = """
        :root { --ink: #1d2330; --muted: #5f6675; --line: #d5d9e0; --touched: #f08c00; --touched-fill: #ffe066;
          --victim: #c92a2a; --victim-fill: #ffc9c9; --bar: #263042; }
        body { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; margin: 0; color: var(--ink);
          background: #f3f4f7; }
        header { background: var(--bar); color: white; padding: 0.9em 1.5em; }
        header h1 { margin: 0; font-size: 1.6em; font-weight: 600; }
        header p { margin: 0.3em 0 0; color: #c9d0dd; }
        main { padding: 0 1.5em 1.5em; }
        .controls { display: flex; gap: 0.5em; align-items: center; position: sticky; top: 0; z-index: 1;
          background: #f3f4f7; padding: 0.7em 0; }
        .controls button { font: inherit; font-size: 1.05em; padding: 0.35em 0.9em; border: 1px solid #aab0bb;
          border-radius: 6px; background: white; color: var(--ink); cursor: pointer; }
        .controls button:hover { background: #e8ebf1; }
        .controls #play { background: var(--bar); border-color: var(--bar); color: white; min-width: 6.5em; }
        .controls input { flex: 1; min-width: 8em; accent-color: var(--bar); }
        #position { font-weight: 600; min-width: 7.5em; text-align: right; font-variant-numeric: tabular-nums; }
        .caption { box-sizing: border-box; font-size: 1.45em; line-height: 1.35; background: white; border-left: 7px solid var(--touched);
          border-radius: 4px; padding: 0.45em 0.8em; margin: 0 0 0.5em; }
        .caption .when { display: block; font-size: 0.62em; color: var(--muted); letter-spacing: 0.03em; }
        .caption .note { display: block; font-size: 0.7em; color: var(--muted); margin-top: 0.2em; }
        .counters { display: flex; flex-wrap: wrap; gap: 0.5em; margin: 0 0 0.7em; }
        .counter { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 0.2em 0.8em;
          min-width: 4.5em; }
        .counter .value { display: block; font-size: 1.45em; font-weight: 700; font-variant-numeric: tabular-nums; }
        .counter .label { font-size: 0.85em; color: var(--muted); }
        .counter.changed { border-color: var(--touched); background: #fff8db; }
        .step img { display: block; max-width: 100%; height: auto; background: white; border: 1px solid var(--line);
          border-radius: 4px; }
        .help { color: var(--muted); margin: 0.3em 0 0.8em; }
        .key { display: inline-block; padding: 0 0.45em; border-radius: 3px; color: var(--ink); }
        .key.touched { background: var(--touched-fill); border: 2px solid var(--touched); }
        .key.victim { background: var(--victim-fill); border: 2px solid var(--victim); }
        body.fit header, body.fit .help { display: none; }
        body.fit .step img { max-height: calc(100vh - 15em); width: auto; margin: 0 auto; }
        .controls #fit[aria-pressed="true"] { background: #e8ebf1; border-color: var(--bar); }
        """

    /// Shows step `i` and hides the others; the controls, the keys and the address call it. Reads only the page's
    /// own DOM.
    static let script = """
        const steps = document.querySelectorAll('.step');
        const slider = document.getElementById('slider');
        const position = document.getElementById('position');
        const play = document.getElementById('play');
        let timer = null;
        function current() { return Number(slider.value); }
        function show(i) {
          i = Math.max(0, Math.min(steps.length - 1, i));
          steps.forEach((step, k) => { step.hidden = k !== i; });
          slider.value = i;
          position.textContent = 'step ' + (i + 1) + ' / ' + steps.length;
          const hash = '#step=' + (i + 1);
          if (location.hash !== hash) { try { history.replaceState(null, '', hash); } catch (e) {} }
        }
        function stop() { clearInterval(timer); timer = null; play.textContent = '▶ play'; }
        function toggle() {
          if (timer !== null) { stop(); return; }
          if (current() === steps.length - 1) show(0);
          play.textContent = '❚❚ pause';
          timer = setInterval(() => { if (current() >= steps.length - 1) stop(); else show(current() + 1); }, 1200);
        }
        function fit() {
          const on = document.body.classList.toggle('fit');
          document.getElementById('fit').setAttribute('aria-pressed', on ? 'true' : 'false');
        }
        // Every caption as tall as the tallest, so the diagram does not move when a caption wraps differently.
        function level() {
          const captions = document.querySelectorAll('.caption');
          steps.forEach((step) => { step.hidden = false; });
          captions.forEach((caption) => { caption.style.minHeight = ''; });
          let tallest = 0;
          captions.forEach((caption) => { tallest = Math.max(tallest, caption.offsetHeight); });
          captions.forEach((caption) => { caption.style.minHeight = tallest + 'px'; });
        }
        function fromHash() {
          const match = /^#step=(\\d+)$/.exec(location.hash);
          return match ? Number(match[1]) - 1 : 0;
        }
        document.getElementById('first').onclick = () => { stop(); show(0); };
        document.getElementById('previous').onclick = () => { stop(); show(current() - 1); };
        document.getElementById('next').onclick = () => { stop(); show(current() + 1); };
        document.getElementById('last').onclick = () => { stop(); show(steps.length - 1); };
        play.onclick = toggle;
        document.getElementById('fit').onclick = fit;
        slider.oninput = () => { stop(); show(current()); };
        window.addEventListener('hashchange', () => show(fromHash()));
        document.addEventListener('keydown', (event) => {
          const moves = { ArrowLeft: () => show(current() - 1), ArrowRight: () => show(current() + 1),
            Home: () => show(0), End: () => show(steps.length - 1) };
          if (event.key in moves) { stop(); moves[event.key](); event.preventDefault(); }
          else if (event.key === ' ') { toggle(); event.preventDefault(); }
          else if (event.key === 'f') { fit(); }
        });
        window.addEventListener('resize', () => { const i = current(); level(); show(i); });
        level();
        show(fromHash());
        """

    /// The page as HTML text.
    public func html() -> String {
        let stepNodes: [Node<HTML.BodyContext>] = steps.enumerated().map { index, step in
            let previous = index > 0 ? steps[index - 1].counters : []
            let counters: [Node<HTML.BodyContext>] = step.counters.map { counter in
                let changed = previous.contains { $0.label == counter.label && $0.value != counter.value }
                return .div(
                    .class(changed ? "counter changed" : "counter"),
                    .span(.class("value"), .safeText(counter.value)),
                    .span(.class("label"), .safeText(counter.label)))
            }
            return .div(
                .class("step"),
                .id("step-\(index + 1)"),
                .safeHidden(index != 0),
                .p(
                    .class("caption"), .span(.class("when"), .safeText(step.position)), .safeText(step.caption),
                    .if(!step.note.isEmpty, .span(.class("note"), .safeText(step.note)))),
                .div(.class("counters"), .group(counters)),
                .img(Self.source(step), .safe("alt", step.caption))
            )
        }
        let page = HTML(
            .head(
                .meta(.charset(.utf8)),
                .meta(.safe("name", "viewport"), .safe("content", "width=device-width, initial-scale=1")),
                .safeTitle(title),
                .style(Self.css)
            ),
            .body(
                .header(.h1(.safeText(title)), .p(.safeText(subtitle))),
                .main(
                    Self.controls(steps: steps.count),
                    Self.help,
                    .group(stepNodes)
                ),
                .script(.raw(Self.script))
            )
        )
        return page.render(indentedBy: .spaces(1))
    }

    /// The buttons, the slider and the step number.
    private static func controls(steps: Int) -> Node<HTML.BodyContext> {
        let slider: Node<HTML.BodyContext> = .input(
            .id("slider"), .type(.range), .safe("min", "0"), .safe("max", String(max(steps - 1, 0))), .value("0"))
        return .div(
            .class("controls"),
            .button(.id("first"), .safeText("◀◀ first")),
            .button(.id("previous"), .safeText("◀ previous")),
            .button(.id("play"), .safeText("▶ play")),
            .button(.id("next"), .safeText("next ▶")),
            .button(.id("last"), .safeText("last ▶▶")),
            slider,
            .span(.id("position"), .safeText("step 1 / " + String(steps))),
            .button(.id("fit"), .safeAttribute("aria-pressed", "false"), .safeText("fit to window"))
        )
    }

    /// The highlight colours and the keys.
    private static var help: Node<HTML.BodyContext> {
        .p(
            .class("help"),
            .span(.class("key touched"), .safeText("this step's access")), .safeText(" "),
            .span(.class("key victim"), .safeText("evicted by it")),
            .safeText(
                " · keys: ← → step, space plays, Home and End, f fits the diagram to the window; "
                    + "#step=N in the address opens step N")
        )
    }

    /// The image of `step`: a `data:` URL of its bytes, or a relative link to its file.
    private static func source(_ step: Step) -> Attribute<HTML.ImageContext> {
        guard let image = step.image else { return .safeRelativeURL("src", path: step.file) }
        let type = step.file.lowercased().hasSuffix(".png") ? "image/png" : "image/svg+xml"
        return .safe("src", "data:\(type);base64," + image.base64EncodedString())
    }
}
