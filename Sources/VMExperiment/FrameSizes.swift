import VMCore

/// One item of a list of memory sizes: a number of frames, or a fraction of a workload's distinct pages.
public enum FrameSize: Sendable, Hashable, CustomStringConvertible {
    case frames(Int)
    /// `fraction` of the workload's distinct pages, in `(0, 1]`; `text` is how it was written (`5%`).
    case fraction(Double, text: String)

    public var isRelative: Bool {
        if case .fraction = self { return true }
        return false
    }

    /// The number of frames of an absolute size; nil for a relative one.
    public var absoluteFrames: Int? {
        if case .frames(let frames) = self { return frames }
        return nil
    }

    public var description: String {
        switch self {
        case .frames(let frames): String(frames)
        case .fraction(_, let text): text
        }
    }

    /// The frames this size gives for a workload of `distinctPages` distinct pages. A fraction is resolved as
    /// libCacheSim resolves its cache-size ratios: the working-set size times the fraction, converted to an
    /// integer by truncation toward zero, and at least 1 frame.
    public func frames(distinctPages: Int) -> Int {
        switch self {
        case .frames(let frames): frames
        case .fraction(let fraction, _):
            max(1, Int(min(Double(FrameList.maximumFrames) * 2, Double(distinctPages) * fraction)))
        }
    }
}

/// A parsed list of memory sizes (``FrameList/parseSizes(_:option:)``), absolute or relative, in the order given.
public struct FrameSizes: Sendable, Hashable, CustomStringConvertible {
    public var items: [FrameSize]

    public init(items: [FrameSize]) { self.items = items }

    /// A list of absolute sizes.
    public init(_ frames: [Int]) { items = frames.map(FrameSize.frames) }

    /// Whether any size is a fraction of the workload (and so needs its distinct page count).
    public var isRelative: Bool { items.contains(where: \.isRelative) }

    /// The sizes when none is relative; nil otherwise.
    public var absolute: [Int]? { isRelative ? nil : items.map { $0.absoluteFrames! } }

    public var description: String { items.map(\.description).joined(separator: ",") }

    /// The sizes of one workload, duplicates removed.
    public struct Resolution: Sendable, Hashable {
        /// Distinct sizes in the order of their first appearance.
        public var sizes: [Int]
        /// The relative size that first gave each size (`5%`), for sizes a fraction gave.
        public var relative: [Int: String]
        /// What was dropped as a duplicate after rounding, for a note (`1% and 64 give 64 frames`); empty when
        /// nothing was.
        public var duplicates: [String]
    }

    /// The sizes for a workload of `distinctPages` distinct pages (each fraction truncated, at least 1 frame;
    /// see ``FrameSize/frames(distinctPages:)``), each size once: a size given twice, or two fractions that
    /// round to the same frames, runs once and is listed in ``Resolution/duplicates``.
    /// - Throws: ``FrameListError`` when a fraction of a huge workload exceeds ``FrameList/maximumFrames``.
    public func resolve(distinctPages: Int, workload: String) throws(FrameListError) -> Resolution {
        var sizes: [Int] = []
        var origin: [Int: FrameSize] = [:]
        var relative: [Int: String] = [:]
        var duplicates: [String] = []
        for item in items {
            let frames = item.frames(distinctPages: distinctPages)
            guard frames <= FrameList.maximumFrames else {
                throw FrameListError(
                    "frames \(item) of workload \(SafeText.quoted(workload)) (\(distinctPages) distinct pages) is "
                        + "\(frames) frames; at most \(FrameList.maximumFrames)")
            }
            if let first = origin[frames] {
                duplicates.append("\(first) and \(item) give \(frames) \(frames == 1 ? "frame" : "frames")")
                continue
            }
            origin[frames] = item
            if case .fraction(_, let text) = item { relative[frames] = text }
            sizes.append(frames)
        }
        return Resolution(sizes: sizes, relative: relative, duplicates: duplicates)
    }
}
