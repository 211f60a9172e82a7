/// A policy with figures of its own to report at the end of a run (fragmentation by buddy order, cluster use, …).
///
/// Optional: any of the three kinds of policy may conform. Names are stable, lower-camel-case keys; the runner
/// copies them into results as they are. Called between runs or after one, never on the per-access path.
public protocol ReportsStatistics: AnyObject {
    /// Name → value, for example `freeBlocksOrder0`.
    func statistics() -> [String: Double]
}
