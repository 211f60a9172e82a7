import Plot

/// An HTML page that steps through a numbered sequence of diagram files (`vmlab render --every K`): one image at a
/// time, with buttons, a slider and the arrow keys to move, so a user can watch memory fill up and pages move to
/// swap and back. Built with Plot; every text and attribute value goes through the escaping helpers of
/// `SafeHTML.swift` (the title, the captions and the file names come from input), so the page also reads as XML.
/// No input text reaches the script, which only shows and hides the steps already in the page.
public struct SnapshotPage: Sendable {
    /// One step: the image file (relative to the page) and what it shows.
    public struct Step: Sendable, Hashable {
        public var file: String
        public var caption: String

        public init(file: String, caption: String) {
            self.file = file
            self.caption = caption
        }
    }

    public var title: String
    public var steps: [Step]

    public init(title: String, steps: [Step]) {
        self.title = title
        self.steps = steps
    }

    static let css = """
        body { font-family: Helvetica, Arial, sans-serif; margin: 1.5em; color: #222; }
        .controls { display: flex; gap: 0.6em; align-items: center; margin: 0.8em 0; }
        .controls input { flex: 1; max-width: 40em; }
        .step img { max-width: 100%; border: 1px solid #ddd; }
        .step p { font-size: 0.95em; color: #444; }
        """

    /// Shows step `i` and hides the others; buttons, slider and arrow keys call it. Reads only the page's own DOM.
    static let script = """
        const steps = document.querySelectorAll('.step');
        const slider = document.getElementById('slider');
        const position = document.getElementById('position');
        function show(i) {
          i = Math.max(0, Math.min(steps.length - 1, i));
          steps.forEach((step, k) => { step.hidden = k !== i; });
          slider.value = i;
          position.textContent = (i + 1) + ' / ' + steps.length;
        }
        function current() { return Number(slider.value); }
        document.getElementById('previous').onclick = () => show(current() - 1);
        document.getElementById('next').onclick = () => show(current() + 1);
        slider.oninput = () => show(current());
        document.addEventListener('keydown', (event) => {
          if (event.key === 'ArrowLeft') show(current() - 1);
          if (event.key === 'ArrowRight') show(current() + 1);
        });
        show(0);
        """

    /// The page as HTML text.
    public func html() -> String {
        let stepNodes: [Node<HTML.BodyContext>] = steps.enumerated().map { index, step in
            .div(
                .class("step"),
                .id("step-\(index + 1)"),
                .safeHidden(index != 0),
                .p(.safeText(step.caption)),
                .img(.safeRelativeURL("src", path: step.file), .safe("alt", step.caption))
            )
        }
        let page = HTML(
            .head(
                .meta(.charset(.utf8)),
                .safeTitle(title),
                .style(Self.css)
            ),
            .body(
                .h1(.safeText(title)),
                .div(
                    .class("controls"),
                    .button(.id("previous"), .safeText("◀ previous")),
                    .input(
                        .id("slider"), .type(.range), .safe("min", "0"),
                        .safe("max", String(max(steps.count - 1, 0))), .value("0")),
                    .button(.id("next"), .safeText("next ▶")),
                    .span(.id("position"), .safeText("1 / \(steps.count)"))
                ),
                .group(stepNodes),
                .script(.raw(Self.script))
            )
        )
        return page.render(indentedBy: .spaces(1))
    }
}
