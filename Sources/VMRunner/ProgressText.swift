import Foundation

/// The pieces of a progress line, shared by the experiment runner's cell progress (``ProgressReporter``) and the
/// access progress of single runs (`simulate`, `mrc`): one bar and one clock format everywhere.
public enum ProgressText {
    /// `[####......]`: `width` cells, the done `fraction` (clamped to 0...1) filled, rounded down.
    public static func bar(fraction: Double, width: Int) -> String {
        let filled = fraction.isNaN ? 0 : Int((min(1, max(0, fraction)) * Double(width)).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }

    /// `m:ss`, or `h:mm:ss` from an hour (negative and non-finite values read as 0).
    public static func clockTime(_ seconds: Double) -> String {
        let whole = seconds.isFinite ? Int(min(max(seconds, 0), 1e9).rounded(.down)) : 0
        return whole >= 3600
            ? String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
            : String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
