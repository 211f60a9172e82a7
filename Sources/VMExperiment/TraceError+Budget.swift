import VMCore
import VMTrace

extension TraceError {
    /// The error of a pass over `reader` that would hold more than `budget`: what it was doing (`holding the trace
    /// in memory`), how far it got (`1000 accesses`), the bytes each item takes, and what to do instead.
    static func overBudget(
        _ reader: TraceReader, _ doing: String, budget: MemoryBudget, after progress: String, bytesEach: UInt64,
        advice: String
    ) -> TraceError {
        TraceError(
            file: reader.name,
            message: "\(doing) takes more than the memory budget of \(MemoryBudget.format(budget.bytes)) after "
                + "\(progress) (\(bytesEach) bytes each); \(advice)")
    }
}
