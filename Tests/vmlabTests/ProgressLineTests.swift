import Testing

@testable import VMLabCLI

/// The progress line of long runs: a bar, the percentage and an ETA when the trace's length is known.
struct ProgressLineTests {
    @Test("Known length: bar, percentage, count of expected, rate, elapsed, ETA at the mean rate")
    func knownLength() {
        let line = RunMonitor.progressLine(accesses: 250_000_000, expected: 1_000_000_000, seconds: 10)
        #expect(
            line == "[#####...............]  25.0%  250,000,000 of 1,000,000,000 accesses  25.0 M/s  0:10  ETA 0:30")
        let long = RunMonitor.progressLine(accesses: 10_000_000, expected: 1_000_000_000, seconds: 100)
        #expect(long.hasSuffix("ETA 2:45:00"), "\(long)")
    }

    @Test("No ETA before 1%, past the estimate, or without a length; never a division by zero")
    func noEstimate() {
        let early = RunMonitor.progressLine(accesses: 5, expected: 1000, seconds: 1)
        #expect(!early.contains("ETA"))
        let past = RunMonitor.progressLine(accesses: 1500, expected: 1000, seconds: 1)
        #expect(past.hasPrefix("[####################] 100.0%  1,500 of 1,000 accesses"))
        #expect(!past.contains("ETA"))
        #expect(
            RunMonitor.progressLine(accesses: 1_234_567, expected: nil, seconds: 2)
                == "1,234,567 accesses  0.6 M/s  0:02")
        #expect(RunMonitor.progressLine(accesses: 0, expected: 100, seconds: 0).contains("0 of 100 accesses  0.0 M/s"))
    }

    @Test("VMLAB_PROGRESS absent: progress exactly when standard error is a terminal")
    func wanted() {
        // The test runner does not set VMLAB_PROGRESS.
        #expect(RunMonitor.progressWanted(terminal: true))
        #expect(!RunMonitor.progressWanted(terminal: false))
    }
}
