extension ReportPage {
    /// The page's stylesheet, fixed text (no input reaches it). What it guarantees:
    /// - Nothing is wider than the page: charts and diagrams scale down to their box (`max-width: 100%`, height from
    ///   the SVG's aspect ratio), so a diagram is never clipped; a zoomed diagram (`.diagram.zoomed`, the script's
    ///   toggle) shows at its own size and its box scrolls.
    /// - The results table scrolls sideways inside `.table-scroll` with its first column sticky.
    /// - One column at phone widths, chart panels side by side when there is room.
    static let css = """
        *, *::before, *::after { box-sizing: border-box; }
        body { font-family: Helvetica, Arial, sans-serif; margin: 0 auto; padding: 1em 1.5em 3em; color: #222;
          max-width: 1400px; line-height: 1.35; }
        h1 { margin: 0.2em 0; font-size: 1.7em; overflow-wrap: anywhere; }
        h2 { margin-top: 2em; border-bottom: 1px solid #ddd; overflow-wrap: anywhere; }
        h3 { overflow-wrap: anywhere; }
        p, li { overflow-wrap: anywhere; }
        .anomaly { color: #b00020; } .muted { color: #666; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 560px), 1fr));
          gap: 0.8em 1.2em; margin: 0.8em 0; }
        .chart { min-width: 0; }
        .chart svg { display: block; width: 100%; height: auto; max-width: 100%; }
        g.legend-entry { cursor: pointer; }
        g.legend-entry.off { opacity: 0.3; }
        g.series.off { display: none; }
        .point:hover { stroke: #222; stroke-width: 1.5; }
        .toggles { margin: 0.6em 0; font-size: 0.9em; }
        .toggles summary { cursor: pointer; color: #444; }
        .toggles .chips { display: flex; flex-wrap: wrap; gap: 0.3em 0.4em; align-items: center; margin-top: 0.4em; }
        .toggles label { display: inline-flex; align-items: center; gap: 0.2em; padding: 0.1em 0.5em;
          border: 1px solid #ddd; border-radius: 1em; background: #fafafa; cursor: pointer; white-space: nowrap;
          max-width: 100%; overflow: hidden; text-overflow: ellipsis; }
        .toggles button { font: inherit; padding: 0.1em 0.6em; }
        .table-scroll { overflow-x: auto; max-width: 100%; margin: 0 0 1em; border: 1px solid #eee; }
        table.results { border-collapse: separate; border-spacing: 0; font-size: 0.85em;
          font-variant-numeric: tabular-nums; }
        .table-note { margin: 1em 0 0.3em; font-size: 0.9em; color: #444; }
        table.results th, table.results td { border-right: 1px solid #e4e4e4; border-bottom: 1px solid #e4e4e4;
          padding: 3px 7px; text-align: right; white-space: nowrap; background: #fff; }
        table.results th { background: #f4f5f7; }
        table.results .text { text-align: left; }
        table.results tr > :first-child { position: sticky; left: 0; z-index: 1; max-width: 14em; overflow: hidden;
          text-overflow: ellipsis; border-right: 2px solid #ccc; }
        table.results thead tr > :first-child { z-index: 2; background: #f4f5f7; }
        table.results td.anomaly { background: #fdecee; }
        table.results th.sortable { cursor: pointer; user-select: none; }
        table.results th[aria-sort=ascending]::after { content: " ▲"; font-size: 0.75em; }
        table.results th[aria-sort=descending]::after { content: " ▼"; font-size: 0.75em; }
        .diagram { border: 1px solid #ddd; margin: 0.5em 0 1.5em; overflow: auto; max-width: 100%; }
        .diagram svg { display: block; max-width: 100%; height: auto; }
        .diagram.zoomable { cursor: zoom-in; }
        .diagram.zoomed { cursor: zoom-out; }
        .diagram.zoomed svg { max-width: none; }
        #tooltip { position: fixed; z-index: 10; pointer-events: none; background: rgba(20, 20, 20, 0.88);
          color: #fff; padding: 4px 8px; border-radius: 4px; font-size: 12px; max-width: 20em; }
        @media (max-width: 600px) {
          body { padding: 0.6em 0.7em 2em; }
          h1 { font-size: 1.3em; }
          table.results { font-size: 0.8em; }
          table.results tr > :first-child { max-width: 9em; }
        }
        @media print {
          .toggles, .js-only, #tooltip { display: none; }
          .table-scroll { overflow: visible; }
          .diagram.zoomed svg { max-width: 100%; }
        }
        """
}
