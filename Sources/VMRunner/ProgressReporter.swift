import Foundation

/// Reports progress on standard error: a bar with the current cell and an estimated time left on a terminal,
/// plain lines otherwise (logs, CI, pipes).
public actor ProgressReporter {
    private let isTerminal: Bool
    private let quiet: Bool
    private var total = 0
    private var done = 0
    private var startedHere = 0
    private var start = ContinuousClock.now

    /// `isTerminal` defaults to whether standard error is a terminal.
    public init(isTerminal: Bool? = nil, quiet: Bool = false) {
        self.isTerminal = isTerminal ?? (isatty(STDERR_FILENO) == 1)
        self.quiet = quiet
    }

    func start(total: Int, alreadyDone: Int) {
        self.total = total
        done = alreadyDone
        startedHere = alreadyDone
        start = .now
        if alreadyDone > 0 { write("resuming: \(alreadyDone) of \(total) cells already done\n") }
    }

    func finished(_ cell: Cell) {
        done += 1
        let name = "\(cell.workload) \(cell.replacement) \(cell.frames) frames"
        let elapsed = ContinuousClock.now - start
        let ranHere = done - startedHere
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let left = ranHere > 0 ? seconds / Double(ranHere) * Double(total - done) : 0
        let eta = ProgressText.clockTime(left)
        if isTerminal {
            let bar = ProgressText.bar(fraction: total == 0 ? 1 : Double(done) / Double(total), width: 30)
            write("\r\u{1B}[K\(bar) \(done)/\(total)  ETA \(eta)  \(name)")
        } else {
            write("[\(done)/\(total)] \(name) (ETA \(eta))\n")
        }
    }

    func end() {
        if isTerminal && total > 0 { write("\n") }
    }

    private func write(_ text: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
