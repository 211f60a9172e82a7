import Foundation
import Synchronization

/// Set by the SIGINT handler; read between batches.
private let interruptRequested = Atomic<Bool>(false)

/// Progress on a terminal and a clean stop on Ctrl-C for one long run (`vmlab simulate`).
///
/// - On a terminal (standard error is a tty) it redraws one line at most five times a second: accesses run, the
///   rate, and the time so far; the line is cleared at the end. Elsewhere (logs, CI, pipes) it prints nothing.
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

    init(showsProgress: Bool = isatty(STDERR_FILENO) == 1) {
        self.showsProgress = showsProgress
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
        guard now - lastDrawn >= .milliseconds(200) else { return }
        lastDrawn = now
        let seconds = Self.seconds(now - start)
        let rate = seconds > 0 ? Double(accesses) / seconds : 0
        let line = String(
            format: "\r\u{1B}[K%@ accesses  %.1f M/s  %d:%02d", Self.grouped(accesses), rate / 1e6,
            Int(seconds) / 60, Int(seconds) % 60)
        FileHandle.standardError.write(Data(line.utf8))
        drew = true
    }

    /// Clears the progress line (before the result is printed).
    func clear() {
        if drew { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drew = false
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private static func grouped(_ value: Int) -> String {
        var digits = Array(String(value))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits)
    }
}
