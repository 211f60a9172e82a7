import ArgumentParser
import Foundation
import VMCore
import VMDiagram
import VMPlugin
import VMScenario
import VMTrace

/// Runs the tool and maps every failure to an exit status: 0 success, 2 usage errors and bad input (unknown
/// names, bad options, malformed traces), 1 failures while running (I/O, a policy breaking its contract).
@main
enum Entry {
    static func main() async {
        do {
            var command = try VMLab.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(report(error))
        }
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
