import Foundation
import VMCore

/// Memory sizes as the command line and experiment files take them (`--frames`, `frames:`): a comma-separated mix
/// of sizes `8`, ranges `4...64` (every size), stepped ranges `4...64:4`, geometric ranges `64...65536:x2` (each
/// size the previous one times an integer factor ≥ 2, up to HIGH) and relative sizes `5%` (a fraction of the
/// workload's distinct pages, resolved per workload by ``FrameSizes/resolve(distinctPages:workload:)``).
///
/// Contract: a list it returns is non-empty, has at most ``maximumCount`` sizes (ranges are counted before they are
/// expanded) and every absolute size is in `1...maximumFrames`; the same text always gives the same list. Anything
/// else throws a ``FrameListError`` whose message names `option` and the malformed part.
public enum FrameList {
    /// The most sizes a list may give (a range is expanded before anything runs: `1...9999999999` would take 80 GB).
    public static let maximumCount = 1 << 20
    /// The largest size: frame numbers have 28 bits in a page-table entry.
    public static let maximumFrames = 1 << 28

    /// Absolute sizes only (`simulate`, `mrc`, `frame-table`): a relative size is refused, naming the option.
    public static func parse(_ text: String, option: String = "--frames") throws(FrameListError) -> [Int] {
        let sizes = try parseSizes(text, option: option)
        guard let absolute = sizes.absolute else {
            let relative = sizes.items.first { $0.isRelative }!
            throw FrameListError(
                "\(option) \(relative): relative sizes are for 'compare' and experiments; give a number of frames")
        }
        return absolute
    }

    /// Absolute and relative sizes, in the order given (duplicates kept until ``FrameSizes/resolve``).
    public static func parseSizes(_ text: String, option: String = "--frames") throws(FrameListError) -> FrameSizes {
        var items: [FrameSize] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let part = piece.trimmingCharacters(in: .whitespaces)
            if part.isEmpty { continue }
            try append(part, to: &items, option: option)
        }
        guard !items.isEmpty else { throw FrameListError("\(option): no sizes given") }
        return FrameSizes(items: items)
    }

    /// The forms one item may take, for messages.
    static let forms = "N, N%, LOW...HIGH, LOW...HIGH:STEP or LOW...HIGH:xFACTOR"

    /// Parses one item (no commas) and appends what it gives, counting a range before expanding it.
    static func append(_ part: String, to items: inout [FrameSize], option: String) throws(FrameListError) {
        if part.hasSuffix("%") {
            items.append(.fraction(try fraction(part, option: option), text: part))
        } else if let range = part.range(of: "...") {
            try appendRange(part, range: range, to: &items, option: option)
        } else if let size = Int(part) {
            try check(size, option: option)
            items.append(.frames(size))
        } else {
            throw FrameListError("\(option): expected \(forms), found \(SafeText.quoted(part))")
        }
        guard items.count <= maximumCount else {
            throw FrameListError("\(option): more than \(maximumCount) sizes")
        }
    }

    private static func appendRange(
        _ part: String, range: Range<String.Index>, to items: inout [FrameSize], option: String
    ) throws(FrameListError) {
        var upperText = part[range.upperBound...]
        var step = 1
        var factor: Int?
        if let colon = upperText.firstIndex(of: ":") {
            let stepText = upperText[upperText.index(after: colon)...]
            if stepText.hasPrefix("x") {
                guard let parsed = Int(stepText.dropFirst()), parsed >= 2 else {
                    throw FrameListError(
                        "\(option): expected an integer factor of at least 2 after ':x' in \(SafeText.quoted(part))")
                }
                factor = parsed
            } else {
                guard let parsed = Int(stepText), parsed > 0 else {
                    throw FrameListError(
                        "\(option): expected a positive step after ':' in \(SafeText.quoted(part))")
                }
                step = parsed
            }
            upperText = upperText[..<colon]
        }
        guard let lower = Int(part[..<range.lowerBound]), let upper = Int(upperText), lower <= upper else {
            throw FrameListError("\(option): expected LOW...HIGH with LOW <= HIGH, found \(SafeText.quoted(part))")
        }
        try check(lower, option: option)
        let count: Int
        if let factor {
            // At most 28 sizes below 2^28; counted by multiplying, which cannot overflow before passing `upper`.
            var n = 0
            var size = lower
            while size <= upper {
                n += 1
                let next = size.multipliedReportingOverflow(by: factor)
                if next.overflow { break }
                size = next.partialValue
            }
            count = n
        } else {
            count = (upper - lower) / step + 1
        }
        guard count <= maximumCount - items.count else {
            throw FrameListError("\(option): \(SafeText.quoted(part)) gives more than \(maximumCount) sizes")
        }
        var largest = lower
        if let factor {
            for _ in 1..<count { largest = largest &* factor }
        } else {
            largest = lower + (count - 1) * step
        }
        try check(largest, option: option)
        if let factor {
            var size = lower
            for _ in 0..<count {
                items.append(.frames(size))
                size = size &* factor
            }
        } else {
            for size in stride(from: lower, through: upper, by: step) { items.append(.frames(size)) }
        }
    }

    private static func check(_ size: Int, option: String) throws(FrameListError) {
        if size < 1 { throw FrameListError("\(option) \(size): the machine needs at least 1 frame") }
        if size > maximumFrames {
            throw FrameListError("\(option) \(size): at most \(maximumFrames) frames (frame numbers have 28 bits)")
        }
    }

    /// `P%` as the fraction P/100, parsed from the decimal text with its point moved (so `2.3%` is exactly the
    /// double libCacheSim reads from `0.023`); in `(0, 1]`.
    static func fraction(_ part: String, option: String) throws(FrameListError) -> Double {
        let number = part.dropLast().trimmingCharacters(in: .whitespaces)
        let pieces = number.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), pieces.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            !number.isEmpty, number != ".", number.count <= 32
        else {
            throw FrameListError("\(option): expected a percentage like 5% or 0.5%, found \(SafeText.quoted(part))")
        }
        let digits = String(pieces[0]) + (pieces.count == 2 ? String(pieces[1]) : "")
        let point = pieces[0].count - 2
        let decimal =
            point <= 0
            ? "0." + String(repeating: "0", count: -point) + digits
            : String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        guard let value = Double(decimal), value > 0, value <= 1 else {
            throw FrameListError("\(option) \(part): expected a percentage above 0% and at most 100%")
        }
        return value
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// A malformed list of memory sizes; ``message`` is the whole text to show.
public struct FrameListError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
