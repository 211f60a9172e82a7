public import Foundation

/// The file formats a chart is written in. SVG is the drawing; PNG and PDF are made from it
/// (``ChartRasterizer``).
public enum ChartFormat: String, Sendable, Hashable, CaseIterable, Codable {
    case svg, png, pdf

    /// The format a path's extension names (case-insensitive), or nil.
    public init?(path: String) {
        let ext = (path as NSString).pathExtension.lowercased()
        self.init(rawValue: ext)
    }

    /// `.svg, .png or .pdf`, for messages.
    public static let extensionList = ".svg, .png or .pdf"

    public var fileExtension: String { rawValue }
}

/// A chart could not be turned into PNG or PDF (librsvg or cairo refused). A failure, not a usage error.
public struct ChartError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

extension Chart {
    /// The chart in `format`: SVG text as UTF-8, or PNG / PDF drawn from that SVG.
    public func data(_ format: ChartFormat) throws(ChartError) -> Data {
        let svg = ChartSVG(self).render()
        switch format {
        case .svg: return Data(svg.utf8)
        case .png: return try ChartRasterizer.png(svg: svg)
        case .pdf: return try ChartRasterizer.pdf(svg: svg)
        }
    }
}
