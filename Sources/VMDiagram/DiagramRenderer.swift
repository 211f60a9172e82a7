internal import CGraphviz
public import Foundation
import Synchronization

/// Draws a ``MappingGraph`` in-process through Graphviz's libgvc (`dot` layout; SVG from the core renderer,
/// PNG and PDF through cairo). No `dot` subprocess is started.
///
/// libgvc is not thread-safe (it keeps global state; concurrent layouts crash even with one context each), so
/// every call into it happens under one process-wide lock: renders from several tasks are serialised, never
/// interleaved. One Graphviz context is created on first use and kept for the life of the process.
public enum DiagramRenderer {
    /// The largest PNG side in pixels: larger drawings are scaled down to fit (cairo's surfaces, and memory,
    /// have limits; 8,000 × 8,000 pixels is 256 MB of pixels).
    public static let maximumPixels = 8000

    /// The diagram of `graph` as the bytes of a file in `format`.
    /// - Throws: ``DiagramError/graphviz(_:)`` with Graphviz's own message when it refuses the graph.
    public static func render(_ graph: MappingGraph, format: DiagramFormat) throws(DiagramError) -> Data {
        let dot = graph.dot(pixelLimit: format == .png ? maximumPixels : nil)
        if format == .dot { return Data(dot.utf8) }
        return try render(dot: dot, format: format)
    }

    /// Lays out DOT text and renders it (`svg`, `png` or `pdf`).
    static func render(dot: String, format: DiagramFormat) throws(DiagramError) -> Data {
        let device =
            switch format {
            case .svg: "svg"
            case .png: "png:cairo"
            case .pdf: "pdf:cairo"
            case .dot: "dot"
            }
        return try render(dot: dot, device: device)
    }

    /// Where dot puts each node of `graph`, by node name (region ids, `legend`, `<id>_part2`…), in points with
    /// the origin at the bottom left: what a step-through's stability is checked with. Lays the graph out as
    /// ``render(_:format:)`` does (SVG's layout), through Graphviz's `plain` output.
    public static func nodeBoxes(_ graph: MappingGraph) throws(DiagramError) -> [String: NodeBox] {
        let plain = String(decoding: try render(dot: graph.dot(), device: "plain"), as: UTF8.self)
        var boxes: [String: NodeBox] = [:]
        for line in plain.split(separator: "\n") where line.hasPrefix("node ") {
            // node NAME X Y WIDTH HEIGHT LABEL…: names are plain identifiers; sizes are in inches.
            let fields = line.split(separator: " ", maxSplits: 6)
            guard fields.count >= 6, let x = Double(fields[2]), let y = Double(fields[3]),
                let width = Double(fields[4]),
                let height = Double(fields[5])
            else { continue }
            boxes[String(fields[1])] = NodeBox(x: x * 72, y: y * 72, width: width * 72, height: height * 72)
        }
        return boxes
    }

    /// A node's centre and size, in points.
    public struct NodeBox: Sendable, Hashable {
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double
    }

    /// Lays out DOT text and renders it through a Graphviz device (`svg`, `png:cairo`, `plain`…).
    private static func render(dot: String, device: String) throws(DiagramError) -> Data {
        let result: Result<Data, DiagramError> = graphviz.withLock { context in
            collectedMessages.removeAll()
            _ = agreseterrors()
            guard let context = context.pointer else { return .failure(.graphviz("Graphviz could not start")) }
            return Result { () throws(DiagramError) in try draw(dot, device: device, context: context) }
        }
        return try result.get()
    }

    /// Reads, lays out and renders `dot`; called with the lock held.
    private static func draw(_ dot: String, device: String, context: OpaquePointer) throws(DiagramError) -> Data {
        let graph = dot.withCString { agmemread($0) }
        guard let graph else { throw .graphviz("Graphviz could not read the graph: " + report("syntax error")) }
        defer { agclose(graph) }
        guard gvLayout(context, graph, "dot") == 0 else {
            throw .graphviz("Graphviz could not lay out the graph: " + report("layout failed"))
        }
        defer { gvFreeLayout(context, graph) }
        // A bad HTML label does not fail the layout: only the error level says so.
        guard agerrors() < Int32(AGERR.rawValue) else { throw .graphviz("Graphviz rejected the graph: " + report("")) }
        var buffer: UnsafeMutablePointer<CChar>?
        var length: UInt32 = 0
        guard gvRenderData(context, graph, device, &buffer, &length) == 0, let buffer else {
            throw .graphviz("Graphviz could not render \(device): " + report("no such renderer"))
        }
        defer { gvFreeRenderData(buffer) }
        return Data(bytes: buffer, count: Int(length))
    }

    /// What Graphviz reported during this render (its first three distinct lines, and how many more), or
    /// `fallback`.
    private static func report(_ fallback: String) -> String {
        var lines: [String] = []
        for line in collectedMessages.joined().split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if !text.isEmpty, !lines.contains(text) { lines.append(text) }
        }
        guard !lines.isEmpty else { return fallback }
        let shown = lines.prefix(3).joined(separator: " ")
        return lines.count > 3 ? shown + " (and \(lines.count - 3) more messages)" : shown
    }
}

/// The process's one Graphviz context (nil if Graphviz could not start).
private struct GraphvizContext: ~Copyable {
    let pointer: OpaquePointer?
}

/// Messages Graphviz's error callback received during the current render. Only touched with `graphviz` locked:
/// Graphviz calls the callback synchronously from inside the render.
nonisolated(unsafe) private var collectedMessages: [String] = []

/// The lock every libgvc call happens under, around the one context. Created on first use, with the error callback
/// installed: C callbacks cannot capture, so the callback appends to `collectedMessages`.
private let graphviz = Mutex(
    {
        agseterr(AGWARN)
        _ = agseterrf { message in
            if let message { collectedMessages.append(String(cString: message)) }
            return 0
        }
        return GraphvizContext(pointer: gvContext())
    }())
