import FuzzSupport
import VMCore
import VMPlugin

// Plugin parameters: the `parameters` field a plugin declares (`key=default,...`, types inferred from the
// defaults), on the first line, and the arguments a user gives (`key=value,...`), on the second. Declared defaults
// pass their own type's check, and the normalised text a plugin receives is stable: normalising it again gives it
// back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPluginParameters(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = inputText(data, size)
    let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let declared = String(lines[0])
    let parameters: [PolicyParameter]
    do {
        parameters = try PluginLoader.parameters(declaredBy: declared, policy: "fuzz", path: "fuzz.so")
    } catch {
        return 0
    }
    require(Set(parameters.map(\.name)).count == parameters.count, "a parameter declared twice")
    // Every default, given back as an argument, is accepted, and its normalised text is a fixed point.
    let defaults = PolicySpecification(
        name: "fuzz", arguments: parameters.map { .init(key: $0.name, value: $0.defaultValue) })
    let arguments: PolicyArguments
    do {
        arguments = try PolicyArguments(defaults, parameters: parameters)
    } catch {
        require(false, "the declared defaults '\(declared)' are refused: \(error)")
        return 0
    }
    checkNormalised(parameters, arguments)
    guard lines.count == 2, let given = try? PolicySpecification(parsing: "fuzz:" + lines[1]),
        let userArguments = try? PolicyArguments(given, parameters: parameters)
    else { return 0 }
    checkNormalised(parameters, userArguments)
    return 0
}

private func checkNormalised(_ parameters: [PolicyParameter], _ arguments: PolicyArguments) {
    let texts = parameters.map { PluginLoader.argumentText(of: $0, in: arguments) }
    let normalised = PolicySpecification(
        name: "fuzz", arguments: zip(parameters, texts).map { .init(key: $0.name, value: $1) })
    guard let again = try? PolicyArguments(normalised, parameters: parameters) else {
        require(false, "normalised arguments \(normalised) are refused")
        return
    }
    for (parameter, text) in zip(parameters, texts) {
        let twice = PluginLoader.argumentText(of: parameter, in: again)
        require(twice == text, "\(parameter.name): '\(text)' normalises again to '\(twice)'")
    }
}
