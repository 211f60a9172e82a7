import ArgumentParser
import Foundation
import VMCore
import VMExperiment
import VMPolicyCatalogue

/// `vmlab policies`: every registered policy.
struct PoliciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies",
        abstract: "List every registered policy with its kind, summary and parameters."
    )

    @Flag(name: .long, help: "Print a JSON array of {name, kind, summary, parameters, module, source, parity}.")
    var json = false

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let infos = try plugins.registry().infos
        if json {
            print(try ResultFormatting.json(infos), terminator: "")
            return
        }
        for kind in PolicyKind.allCases {
            print("\(kind.rawValue):")
            for info in infos where info.kind == kind {
                let parameters = info.parameters.map { "\($0.name)=\($0.defaultValue)" }.joined(separator: ",")
                let name = parameters.isEmpty ? info.name : "\(info.name):\(parameters)"
                print("  \(name.padding(toLength: max(18, name.count), withPad: " ", startingAt: 0))  \(info.summary)")
                for parameter in info.parameters {
                    print("      \(parameter.name) (\(parameter.type.rawValue)): \(parameter.summary)")
                }
                for parity in info.parity { print("      \(parity.summary)") }
            }
        }
    }
}
