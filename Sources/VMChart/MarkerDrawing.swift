import Foundation

/// The SVG element of a point marker, centred on (x, y), `size` about its radius. Filled shapes get a thin white
/// outline so that neighbouring markers stay apart; `plus`, `cross` and `star` are strokes. A size of 0 draws an
/// invisible circle (the point still carries its title).
enum MarkerDrawing {
    static func element(
        _ shape: MarkerShape, x: Double, y: Double, size: Double, colour: String, attributes: String, content: String
    ) -> String {
        let filled = "fill=\"\(colour)\" stroke=\"white\" stroke-width=\"0.6\""
        let stroked = "fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.6\""
        let s = size
        let open = attributes.isEmpty ? "" : attributes + " "
        func path(_ d: String, _ paint: String) -> String { "<path \(open)d=\"\(d)\" \(paint)>\(content)</path>" }
        switch shape {
        case _ where size <= 0:
            return "<circle \(open)cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"3\" fill=\"\(colour)\" fill-opacity=\"0\">"
                + "\(content)</circle>"
        case .circle:
            return "<circle \(open)cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(s))\" \(filled)>\(content)</circle>"
        case .square:
            let h = s * 0.9
            return path("M\(n(x - h)),\(n(y - h))h\(n(2 * h))v\(n(2 * h))h\(n(-2 * h))Z", filled)
        case .triangleUp:
            let h = s * 1.2
            return path("M\(n(x)),\(n(y - h))L\(n(x + h)),\(n(y + h * 0.8))L\(n(x - h)),\(n(y + h * 0.8))Z", filled)
        case .triangleDown:
            let h = s * 1.2
            return path("M\(n(x)),\(n(y + h))L\(n(x + h)),\(n(y - h * 0.8))L\(n(x - h)),\(n(y - h * 0.8))Z", filled)
        case .diamond:
            let h = s * 1.25
            return path("M\(n(x)),\(n(y - h))L\(n(x + h)),\(n(y))L\(n(x)),\(n(y + h))L\(n(x - h)),\(n(y))Z", filled)
        case .plus:
            let h = s * 1.2
            return path("M\(n(x - h)),\(n(y))H\(n(x + h))M\(n(x)),\(n(y - h))V\(n(y + h))", stroked)
        case .cross:
            let h = s * 0.95
            return path(
                "M\(n(x - h)),\(n(y - h))L\(n(x + h)),\(n(y + h))M\(n(x - h)),\(n(y + h))L\(n(x + h)),\(n(y - h))",
                stroked)
        case .star:
            let h = s * 1.2
            let d = h * 0.7
            return path(
                "M\(n(x - h)),\(n(y))H\(n(x + h))M\(n(x)),\(n(y - h))V\(n(y + h))"
                    + "M\(n(x - d)),\(n(y - d))L\(n(x + d)),\(n(y + d))M\(n(x - d)),\(n(y + d))L\(n(x + d)),\(n(y - d))",
                stroked)
        }
    }
}
