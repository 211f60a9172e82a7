import Foundation
import VMCore

/// Memory sizes as the command line takes them (`--frames`): `8,16,32`, a range `4...64` (every size), a stepped
/// range `4...64:4`, or any comma-separated mix of these.
///
/// Contract: a list it returns is non-empty, has at most ``maximumCount`` sizes and every size is at least 1; the
/// same text always gives the same list. Anything else throws a ``FrameListError`` whose message names `option`
/// and the malformed part.
public enum FrameList {
    /// The most sizes a list may give (a range is expanded before anything runs: `1...9999999999` would take 80 GB).
    public static let maximumCount = 1 << 20
    /// The largest size: frame numbers have 28 bits in a page-table entry.
    public static let maximumFrames = 1 << 28

    public static func parse(_ text: String, option: String = "--frames") throws(FrameListError) -> [Int] {
        var sizes: [Int] = []
        for item in text.split(separator: ",") {
            let part = item.trimmingCharacters(in: .whitespaces)
            if let range = part.range(of: "...") {
                let lowerText = part[..<range.lowerBound]
                var upperText = part[range.upperBound...]
                var step = 1
                if let colon = upperText.firstIndex(of: ":") {
                    guard let parsed = Int(upperText[upperText.index(after: colon)...]), parsed > 0 else {
                        throw FrameListError(
                            "\(option): expected a positive step after ':' in \(SafeText.quoted(part))")
                    }
                    step = parsed
                    upperText = upperText[..<colon]
                }
                guard let lower = Int(lowerText), let upper = Int(upperText), lower <= upper else {
                    throw FrameListError(
                        "\(option): expected LOW...HIGH with LOW <= HIGH, found \(SafeText.quoted(part))")
                }
                guard lower >= 1 else {
                    // Refused below with the other sizes under 1, as the first size of its range.
                    sizes.append(lower)
                    continue
                }
                guard (upper - lower) / step < maximumCount - sizes.count else {
                    throw FrameListError("\(option): \(SafeText.quoted(part)) gives more than \(maximumCount) sizes")
                }
                sizes.append(contentsOf: stride(from: lower, through: upper, by: step))
            } else {
                guard let size = Int(part) else {
                    throw FrameListError("\(option): expected a number of frames, found \(SafeText.quoted(part))")
                }
                sizes.append(size)
            }
        }
        guard !sizes.isEmpty else { throw FrameListError("\(option): no sizes given") }
        if let bad = sizes.first(where: { $0 < 1 }) {
            throw FrameListError("\(option) \(bad): the machine needs at least 1 frame")
        }
        if let bad = sizes.first(where: { $0 > maximumFrames }) {
            throw FrameListError("\(option) \(bad): at most \(maximumFrames) frames (frame numbers have 28 bits)")
        }
        return sizes
    }
}

/// A malformed list of memory sizes; ``message`` is the whole text to show.
public struct FrameListError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
