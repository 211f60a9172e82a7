import ArgumentParser
import Foundation
import VMCore
import VMDiagram
import VMExperiment
import VMPlugin
import VMPolicyCatalogue
import VMScenario
import VMTrace

/// Runs the tool and maps every failure to an exit status: 0 success, 2 usage errors and bad input (unknown
/// names, bad options, malformed traces), 1 failures while running (I/O, a policy breaking its contract).
enum Entry {
    /// The policies every subcommand starts from (before `--plugin`): the built-in ones plus those the embedding
    /// program registered (``VMLabCLI/main(registering:)`` binds it for the whole run, parsing included). Read it
    /// instead of calling `PolicyCatalogue.standard()`, or a custom `vmlab` loses its policies in that command.
    @TaskLocal static var registry: PolicyRegistry = PolicyCatalogue.standard()

    /// Parses the process's arguments, runs the command with `registry` as its policies, and exits.
    static func main(registry: PolicyRegistry) async -> Never {
        // A closed pipe must be an error we report (exit 1), not a silent death by signal.
        signal(SIGPIPE, SIG_IGN)
        let status = await $registry.withValue(registry) {
            do {
                var command = try VMLab.parseAsRoot()
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
                return Int32(0)
            } catch {
                return report(error)
            }
        }
        exit(max(status, flushStandardOutput()))
    }

    /// Flushes standard output and returns 1 (after saying why) when anything written to it was lost: a full
    /// disk (`> /dev/full`), a closed pipe, a revoked terminal. Results that did not reach their reader are a
    /// failure, never a success.
    static func flushStandardOutput() -> Int32 {
        // Standard error is unbuffered, so a failing flush of all streams is standard output's (a write that
        // failed earlier fails again: glibc keeps the unwritten bytes).
        guard fflush(nil) != 0 else { return 0 }
        printError("cannot write standard output: \(FileSystemError.reason(errno)); the output is incomplete")
        return 1
    }

    /// Prints `error` and returns the exit status it deserves.
    static func report(_ error: any Error) -> Int32 {
        switch error {
        case let error as TraceError:
            printError(error.description)
            return 2
        case let error as VMError:
            printError(error.description)
            if case .contractViolation = error { return 1 }
            return 2
        case let error as FileSystemError:
            printError(error.description)
            return error.isUsage ? 2 : 1
        case let error as UsageError:
            printError(error.message)
            return 2
        case let error as YAMLInputError:
            printError(error.description)
            return 2
        case let error as PluginError:
            printError(error.description)
            return 2
        case let error as DiagramError:
            printError(error.description)
            if case .tooLarge = error { return 2 }
            return 1
        case let error as RunMonitor.Interrupted:
            printError(error.description)
            return 130
        case let error as CocoaError:
            let converted = FileSystemError(foundation: error)
            printError(converted.description)
            return converted.isUsage ? 2 : 1
        default:
            let code = VMLab.exitCode(for: error)
            let message = VMLab.fullMessage(for: error)
            if code == .success {
                print(message)
                return 0
            }
            if code == .validationFailure {
                printError(message)
                return 2
            }
            printError(message.isEmpty ? String(describing: error) : message)
            return 1
        }
    }

    /// Prints `message` to standard error. Messages quote input through ``SafeText`` where they build it; this last
    /// pass also escapes what other layers quote as it is (the argument parser's messages, system errors), so no
    /// control character or terminal escape from input reaches the terminal.
    /// Prints `vmlab: note: message` on standard error.
    static func printNote(_ message: String) {
        FileHandle.standardError.write(Data("vmlab: note: \(SafeText.terminal(message))\n".utf8))
    }

    static func printError(_ message: String) {
        let text = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
        FileHandle.standardError.write(Data("vmlab: \(SafeText.terminal(text))\n".utf8))
    }
}

/// A mistake in how the tool was called that the argument parser cannot see (exit status 2).
struct UsageError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

extension FileSystemError {
    /// A Foundation file error as a sentence: the path and the POSIX reason, never `Error Domain=...`.
    init(foundation error: CocoaError) {
        let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? error.userInfo[NSURLErrorKey].map { "\($0)" }
        let underlying = (error.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap {
            $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil
        }
        let code: Int32
        if let underlying {
            code = underlying
        } else {
            switch error.code {
            case .fileNoSuchFile, .fileReadNoSuchFile: code = ENOENT
            case .fileReadNoPermission, .fileWriteNoPermission: code = EACCES
            case .fileWriteOutOfSpace: code = ENOSPC
            case .fileWriteVolumeReadOnly: code = EROFS
            case .fileWriteFileExists: code = EEXIST
            default: code = EIO
            }
        }
        self.init("access", path: path ?? "a file", errno: code)
    }
}
