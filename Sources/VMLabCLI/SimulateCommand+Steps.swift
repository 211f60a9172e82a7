import ArgumentParser
import Foundation
import VMCore
import VMExperiment
import VMTrace

extension SimulateCommand {
    /// `--steps` and `--ostep`: the run access by access, streamed as it goes.
    func explain(_ specification: PolicySpecification, registry: PolicyRegistry) throws {
        var run = specification
        var transcript: OSTEPTranscript?
        if ostep {
            let (policy, adjusted) = try OSTEPTranscript.policy(for: specification, registry: registry)
            try checkReferenceStringMode(for: "--ostep")
            run = adjusted
            let arguments = Dictionary(adjusted.arguments.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
            let addresses: OSTEPTranscript.Addresses =
                if let pages = workload.pages { .list(pages) } else { .file(workload.trace ?? "") }
            transcript = OSTEPTranscript(
                policy: policy, addresses: addresses, cacheSize: frames, seed: arguments["seed"] ?? "0",
                clockBits: arguments["bits"] ?? "2")
        }
        let configuration = try machine.configuration(replacement: run, frames: frames)
        let window = StepWindow(from: stepsFrom ?? 1, to: stepsTo)
        // Progress on the terminal only when the explanation goes elsewhere: it would break the lines otherwise.
        let monitor = RunMonitor(showsProgress: isatty(STDERR_FILENO) == 1 && isatty(STDOUT_FILENO) == 0)
        let output = StepOutput()
        var formatting: StepFormatting?
        var first = true
        if let transcript { output.write(transcript.header) }
        let summary: StepExplainer.Summary
        do {
            summary = try StepExplainer.run(
                configuration, workload: workload.source, registry: registry, window: window,
                afterBatch: monitor.afterBatch
            ) { record, traceFormat in
                let format =
                    formatting
                    ?? StepFormatting(
                        pageNumbers: traceFormat == .pages || traceFormat == .oracleGeneral,
                        pageShift: configuration.pageSize.trailingZeroBitCount, showsTLB: configuration.tlb != nil)
                formatting = format
                if transcript != nil {
                    output.write(try transcript!.line(record))
                } else if json {
                    output.write((first ? "[\n" : ",\n") + (try format.jsonObject(record)))
                } else if csv {
                    if first { output.write(StepFormatting.csvHeader + "\n") }
                    output.write(format.csvRow(record) + "\n")
                } else {
                    if first { output.write(format.textHeader(orderMeaning: record.orderMeaning) + "\n") }
                    output.write(format.textLine(record) + "\n")
                }
                first = false
            }
        } catch {
            // Lines already explained stay (text and CSV are line by line); a JSON array would be left unclosed,
            // and with nothing explained there is nothing to keep (not even the transcript's header).
            if !json && !first { output.flush() }
            throw error
        }
        monitor.clear()
        if first {
            throw VMError.invalidConfiguration(
                "--steps-from \(window.from): the workload has only \(summary.result.accesses) accesses")
        }
        if let transcript {
            output.write(transcript.footer)
        } else if json {
            output.write("\n]\n")
        } else if !csv {
            let result = summary.result
            output.write("\n" + Self.summary(result) + accessTimeLine(result, configuration))
        }
        output.flush()
        if let path = self.output { try AtomicFile.write(try ResultFormatting.json(summary.result), to: path) }
    }

    /// OSTEP's script knows one process's page numbers in a machine with only RAM scarce.
    private func checkReferenceStringMode(for option: String) throws {
        if workload.trace != nil, workload.format != .pages, workload.format != .auto {
            throw ValidationError("\(option) reads page lists only (--pages, or a trace in the pages format)")
        }
        if machine.tlb != nil { throw ValidationError("\(option) models no TLB; leave out --tlb") }
        if machine.swapSlots != nil || machine.scope != "global" {
            throw ValidationError("\(option) models RAM only: leave out --swap-slots and --scope")
        }
    }
}

/// Buffered standard output for long explanations: one `write` per 64 KiB, not per line.
final class StepOutput {
    private var buffer = ""

    func write(_ text: String) {
        buffer += text
        if buffer.utf8.count >= 1 << 16 { flush() }
    }

    func flush() {
        print(buffer, terminator: "")
        buffer = ""
    }
}
