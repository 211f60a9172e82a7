import Foundation
import Synchronization
import VMRunner

/// Set by the SIGINT handler; read between batches.
private let interruptRequested = Atomic<Bool>(false)

/// Progress on a terminal and a clean stop on Ctrl-C for one long run (`vmlab simulate`).
///
/// - On a terminal (standard error is a tty) it redraws one line at most five times a second: accesses run, the
///   rate, and the time so far (with a bar and an ETA when the length is known); the line is cleared at the end.
///   Elsewhere (logs, CI, pipes) it prints nothing unless `VMLAB_PROGRESS=always` (a plain line every 5 s).
/// - Ctrl-C (SIGINT) sets a flag; the run stops after the current batch (at most 65,536 accesses) with
///   ``Interrupted``, which the tool reports as `interrupted after N accesses` with exit status 130. Nothing is
///   written: output files are written only after a run completes, atomically. A second Ctrl-C while stopping
///   ends the process at once (the default action is restored after the first).
final class RunMonitor {
    struct Interrupted: Error, CustomStringConvertible {
        let accesses: Int
        var description: String { "interrupted after \(accesses) accesses; no result was written" }
    }

    private let showsProgress: Bool
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastDrawn: ContinuousClock.Instant
    private var drew = false
    private let expectedAccesses: Int?
    private let isTerminal = isatty(STDERR_FILENO) == 1

    /// Progress goes to standard error when it is a terminal; `VMLAB_PROGRESS=always` or `never` overrides that
    /// (`always` for logs of batch jobs). `expectedAccesses`, when the trace's length is known before reading it
    /// (``WorkloadSource/expectedAccesses``), adds a bar, the percentage and an estimated time of arrival.
    init(showsProgress: Bool = RunMonitor.progressWanted(), expectedAccesses: Int? = nil) {
        self.showsProgress = showsProgress
        self.expectedAccesses = expectedAccesses.flatMap { $0 > 0 ? $0 : nil }
        start = clock.now
        lastDrawn = start
        interruptRequested.store(false, ordering: .relaxed)
        // A parent may have blocked SIGINT (some process launchers do): unblock it, or Ctrl-C would be ignored.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        signal(SIGINT) { _ in
            interruptRequested.store(true, ordering: .relaxed)
            signal(SIGINT, SIG_DFL)
        }
    }

    deinit {
        signal(SIGINT, SIG_DFL)
    }

    /// Called after each batch with the accesses run so far.
    func afterBatch(_ accesses: Int) throws {
        if interruptRequested.load(ordering: .relaxed) {
            clear()
            throw Interrupted(accesses: accesses)
        }
        guard showsProgress else { return }
        let now = clock.now
        // Redrawn in place on a terminal; a line every 5 s into a log (VMLAB_PROGRESS=always in a batch job).
        guard now - lastDrawn >= (isTerminal ? .milliseconds(200) : .seconds(5)) else { return }
        lastDrawn = now
        let text = Self.progressLine(accesses: accesses, expected: expectedAccesses, seconds: Self.seconds(now - start))
        let line = isTerminal ? "\r\u{1B}[K" + text : text + "\n"
        FileHandle.standardError.write(Data(line.utf8))
        drew = true
    }

    /// Whether to draw progress: `VMLAB_PROGRESS=always|never`, else when standard error is a terminal.
    static func progressWanted(terminal: Bool = isatty(STDERR_FILENO) == 1) -> Bool {
        switch getenv("VMLAB_PROGRESS").map({ String(cString: $0) }) {
        case "always": true
        case "never": false
        default: terminal
        }
    }

    /// One progress line: accesses so far, rate and elapsed time; with a known length, a 20-cell bar, the
    /// percentage and the estimated time left at the mean rate so far (once 1% is done; none past the estimate,
    /// which a trace longer than its declared size can reach).
    static func progressLine(accesses: Int, expected: Int?, seconds: Double) -> String {
        let rate = seconds > 0 ? Double(accesses) / seconds : 0
        let tail = String(format: "%.1f M/s  %@", rate / 1e6, ProgressText.clockTime(seconds))
        guard let expected, expected > 0 else { return "\(grouped(accesses)) accesses  \(tail)" }
        let fraction = min(1, Double(accesses) / Double(expected))
        let bar = ProgressText.bar(fraction: fraction, width: 20)
        let percent = String(format: "%5.1f%%", fraction * 100)
        var line = "\(bar) \(percent)  \(grouped(accesses)) of \(grouped(expected)) accesses  \(tail)"
        if fraction >= 0.01, accesses < expected, rate > 0 {
            line += "  ETA " + ProgressText.clockTime(Double(expected - accesses) / rate)
        }
        return line
    }

    /// Clears the progress line (before the result is printed).
    func clear() {
        if drew && isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drew = false
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    static func grouped(_ value: Int) -> String {
        var digits = Array(String(value))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits)
    }
}

/// A ``RunMonitor`` for a sweep: cells on several threads report the accesses of each block they run; the
/// monitor shows their sum against `cells × trace length`, and Ctrl-C stops every cell after its current block.
final class SweepMonitor: Sendable {
    private let done = Atomic<Int>(0)
    private let monitor: Mutex<RunMonitor>

    init(expectedAccesses: Int) {
        monitor = Mutex(RunMonitor(expectedAccesses: expectedAccesses))
    }

    /// Called by a cell after each block with the accesses of that block.
    func afterBlock(_ accesses: Int) throws {
        let total = done.add(accesses, ordering: .relaxed).newValue
        if interruptRequested.load(ordering: .relaxed) { throw RunMonitor.Interrupted(accesses: total) }
        // One thread draws at a time; the others go on without waiting.
        try monitor.withLockIfAvailable { try $0.afterBatch(total) }
    }

    /// Clears the progress line.
    func clear() { monitor.withLock { $0.clear() } }
}
