import Foundation
import VMCore
public import Yams

/// A mistake in a YAML input file: where it is and what was expected. Its description reads
/// `file:line:column: message`, like a compiler's.
public struct YAMLInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, or `file: message` when the error is about the whole file (line 0).
    public var description: String {
        let name = SafeText.escaped(file)
        return line > 0 ? "\(name):\(line):\(column): \(message)" : "\(name): \(message)"
    }
}

/// Strict reading of a YAML document: every mapping declares the keys it accepts (an unknown key is an error that
/// lists the valid ones), every value is checked for its type, and every error names the file, line and column.
/// Keys are read through ``Mapping``, which remembers which were used.
public struct YAMLReader: Sendable {
    public let file: String

    public init(file: String) { self.file = file }

    /// Parses `text` into its root node.
    public func root(_ text: String) throws(YAMLInputError) -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw YAMLInputError(file: file, line: 1, column: 1, message: "the file is empty")
            }
            return node
        } catch let error as YAMLInputError {
            throw error
        } catch let error as YamlError {
            if case .duplicatedKeysInMapping(let keys, let context) = error, !keys.contains(Self.complexKey),
                let key = keys.sorted().first
            {
                throw duplicateKeyError(key: key, others: Set(keys).subtracting([key]), first: context.mark, in: text)
            }
            throw syntaxError(error)
        } catch {
            throw YAMLInputError(file: file, line: 1, column: 1, message: "\(error)")
        }
    }

    /// A duplicate key, reported at its second occurrence: the next line after the first whose text at the same
    /// column is the key followed by `:`.
    private func duplicateKeyError(key: String, others: Set<String>, first: Mark, in text: String)
        -> YAMLInputError
    {
        let also =
            others.isEmpty
            ? ""
            : "; also repeated: "
                + others.sorted().map { SafeText.quoted($0) }.joined(
                    separator: ", ")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = max(0, first.column - 1)
        for number in first.line..<lines.count {
            let line = Array(lines[number].utf8)
            guard line.count > indent else { continue }
            let rest = line[indent...]
            guard rest.starts(with: Array(key.utf8)) else { continue }
            let after = rest.dropFirst(key.utf8.count).drop { $0 == UInt8(ascii: " ") }
            if after.first == UInt8(ascii: ":") {
                return YAMLInputError(
                    file: file, line: number + 1, column: first.column,
                    message: "duplicate key \(SafeText.quoted(key)) (first at line \(first.line), column "
                        + "\(first.column))\(also)")
            }
        }
        return YAMLInputError(
            file: file, line: first.line, column: first.column,
            message: "the key \(SafeText.quoted(key)) appears more than once\(also)")
    }

    private func syntaxError(_ error: YamlError) -> YAMLInputError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            return YAMLInputError(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return duplicateKeysError(duplicates, at: context.mark)
        default:
            return YAMLInputError(file: file, line: 1, column: 1, message: "YAML: \(error)")
        }
    }

    /// Yams's error for a mapping with repeated keys, without the whole file it quotes, and the same at every
    /// parse. Yams orders the keys with a comparison that is not total when a key is a list or a mapping (it names
    /// those `<uncovertable>`), so which key's position it reports depends on hashing; the position is then left
    /// out.
    /// How Yams names a repeated key that is a list or a mapping.
    static let complexKey = "<uncovertable>"

    private func duplicateKeysError(_ duplicates: [String], at mark: Mark) -> YAMLInputError {
        let complex = Self.complexKey
        let names =
            Set(duplicates.filter { $0 != complex }).sorted().map { "'\($0)'" }
            + (duplicates.contains(complex) ? ["a list or mapping"] : [])
        let message = "a mapping repeats the key\(names.count == 1 ? "" : "s") \(names.joined(separator: ", "))"
        guard !duplicates.contains(complex) else {
            return YAMLInputError(file: file, line: 1, column: 1, message: message)
        }
        return YAMLInputError(file: file, line: mark.line, column: mark.column, message: message)
    }

    /// An error at `node`.
    public func error(_ node: Node, _ message: String) -> YAMLInputError {
        YAMLInputError(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: message)
    }

    /// What kind of value `node` is, for messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): SafeText.quoted(scalar.string)
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// `node` as a mapping whose keys all lie in `allowed`.
    public func mapping(_ node: Node, allowed: [String], what: String) throws(YAMLInputError) -> Mapping {
        guard case .mapping(let mapping) = node else {
            throw error(node, "expected \(what) (a mapping), found \(Self.describe(node))")
        }
        var entries: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw error(key, "expected a key, found \(Self.describe(key))")
            }
            guard allowed.contains(scalar.string) else {
                throw error(
                    key,
                    "unknown key \(SafeText.quoted(scalar.string)) in \(what); valid keys: \(allowed.joined(separator: ", "))"
                )
            }
            guard entries[scalar.string] == nil else {
                throw error(key, "key \(SafeText.quoted(scalar.string)) appears twice")
            }
            entries[scalar.string] = (key, value)
        }
        return Mapping(reader: self, node: node, what: what, entries: entries)
    }

    /// `node` as a list.
    public func sequence(_ node: Node, what: String) throws(YAMLInputError) -> [Node] {
        guard case .sequence(let sequence) = node else {
            throw error(node, "expected \(what) (a list), found \(Self.describe(node))")
        }
        return Array(sequence)
    }

    /// `node` as text.
    public func string(_ node: Node, what: String) throws(YAMLInputError) -> String {
        guard case .scalar(let scalar) = node else {
            throw error(node, "expected \(what) (text), found \(Self.describe(node))")
        }
        return scalar.string
    }

    /// `node` as an integer (decimal, or `0x` hex), within `range`.
    public func integer(_ node: Node, what: String, in range: ClosedRange<Int> = Int.min...Int.max)
        throws(YAMLInputError) -> Int
    {
        let text = try string(node, what: what).replacingOccurrences(of: "_", with: "")
        let value = text.hasPrefix("0x") || text.hasPrefix("0X") ? Int(text.dropFirst(2), radix: 16) : Int(text)
        guard let value else { throw error(node, "expected \(what) (an integer), found \(SafeText.quoted(text))") }
        guard range.contains(value) else {
            throw error(node, "\(what) must be in \(range.lowerBound)...\(range.upperBound), found \(value)")
        }
        return value
    }

    /// `node` as an unsigned 64-bit integer (addresses): decimal or `0x` hex.
    public func address(_ node: Node, what: String) throws(YAMLInputError) -> UInt64 {
        let text = try string(node, what: what).replacingOccurrences(of: "_", with: "")
        guard let value = Self.parseAddress(text) else {
            throw error(node, "expected \(what) (a decimal or 0x hex number), found \(SafeText.quoted(text))")
        }
        return value
    }

    /// A decimal or `0x` hex number.
    public static func parseAddress(_ text: some StringProtocol) -> UInt64? {
        text.hasPrefix("0x") || text.hasPrefix("0X") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
    }

    /// A mapping being read: values by key, with the reader for errors.
    public struct Mapping {
        public let reader: YAMLReader
        public let node: Node
        public let what: String
        let entries: [String: (key: Node, value: Node)]

        /// The value at `key`, or nil.
        public subscript(key: String) -> Node? { entries[key]?.value }

        /// The value at `key`; an error naming the mapping when it is missing.
        public func required(_ key: String) throws(YAMLInputError) -> Node {
            guard let value = entries[key]?.value else { throw reader.error(node, "\(what) needs '\(key)'") }
            return value
        }
    }
}
