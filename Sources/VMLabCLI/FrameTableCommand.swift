public import ArgumentParser
import Foundation
import VMCore
import VMDiagram
import VMExperiment
import VMPolicyCatalogue
import VMTrace

extension FrameTable.RowOrder: ExpressibleByArgument {}

/// `vmlab frame-table`: the textbook frame table of a reference string, one block per policy and memory size, as
/// text, JSON or a figure drawn in-process through libgvc.
struct FrameTableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frame-table",
        abstract: "Draw the textbook frame table of a reference string: frame contents, faults and victims.",
        discussion: """
            One block per policy and memory size, stacked. Text on the terminal by default; --out writes a \
            figure (its extension picks .svg, .png, .pdf or .dot), --json the table as data.
            A figure shows at most \(FrameTable.figureLimits.accesses) accesses, \
            \(FrameTable.figureLimits.frames) frames and \(FrameTable.figureLimits.blocks) blocks (it is a \
            teaching figure); text and JSON at most \(FrameTable.textLimits.accesses) accesses, \
            \(FrameTable.textLimits.frames) frames and \(FrameTable.textLimits.blocks) blocks.

            Examples:
              vmlab frame-table --pages 1,2,3,4,1,2,5,1,2,3,4,5 --frames 3
              vmlab frame-table --pages 1,2,3,4,1,2,5,1,2,3,4,5 \\
                  --policies fifo,lru,opt --frames 3,4 --out Output/belady-table.svg
              vmlab frame-table --pages 7,0,1,2,0,3,0,4,2,3 --policy lru --frames 3 \\
                  --order policy
            """
    )

    @Option(
        name: .long, parsing: .unconditional,
        help: "The reference string: page numbers, e.g. 1,2,3,4,1,2,5 (decimal or 0x hex).")
    var pages: String

    @Option(
        name: .long, parsing: .unconditional,
        help: "Memory sizes in frames: 3, or 3,4, or a range 3...5; one block per policy and size.")
    var frames: String

    @Option(
        name: [.customLong("policies"), .customLong("policy")],
        help: "Replacement policies: fifo,lru; with several parameters, ';' between policies.")
    var policies: String = "fifo"

    @Option(
        name: .long,
        help: "Rows: frame (row i is frame i, pages stay in their row) or policy (the policy's order, e.g. LRU's).")
    var order: FrameTable.RowOrder = .frame

    @Option(name: .long, help: "Write a figure; its extension picks the format (.svg, .png, .pdf, .dot).")
    var out: String?

    @Flag(name: .long, help: "Print the table as JSON instead of text.")
    var json = false

    @Option(name: .long, parsing: .unconditional, help: "Text width in characters; wider tables wrap (40 to 1000).")
    var width: Int = 100

    @Option(name: .long, help: "Title (default: the reference string).")
    var title: String?

    @OptionGroup var plugins: PluginOptions

    func validate() throws {
        if !(40...1000).contains(width) { throw ValidationError("--width \(width): expected 40 to 1000 characters") }
        if let out, DiagramFormat(path: out) == nil {
            throw ValidationError(
                "--out \(SafeText.escaped(out, limit: 100)): expected a file ending in \(DiagramFormat.extensionList)")
        }
        _ = try FrameListParser.parse(frames)
    }

    func run() throws {
        let registry = try plugins.registry()
        let specifications = try registry.parseList(policies)
        for specification in specifications { try registry.validate(specification, kind: .replacement) }
        let sizes = try FrameListParser.parse(frames)
        let limits = out == nil ? FrameTable.textLimits : FrameTable.figureLimits
        let view = out == nil ? (json ? "JSON" : "text") : "a figure"
        let why = out == nil ? "" : " (a frame table is a teaching figure; use simulate or compare for long runs)"
        let blockCount = specifications.count * sizes.count
        guard blockCount <= limits.blocks else {
            throw UsageError(
                "--policies and --frames give \(blockCount) blocks (\(specifications.count) policies × "
                    + "\(sizes.count) sizes); \(view) shows at most \(limits.blocks)\(why)")
        }
        if let largest = sizes.max(), largest > limits.frames {
            throw UsageError("--frames \(largest): \(view) shows at most \(limits.frames) frames\(why)")
        }
        let empty = UsageError("--pages: no page numbers given; expected a reference string such as 1,2,3,4,1,2,5")
        guard pages.contains(where: { !$0.isWhitespace && $0 != "," }) else { throw empty }
        let trace = try LoadedTrace.load(
            .inlinePages(pages), pageShift: 12, withNextUse: true, limit: limits.accesses + 1)
        guard !trace.accesses.isEmpty else { throw empty }
        guard trace.accesses.count <= limits.accesses else {
            throw UsageError(
                "--pages: more than \(limits.accesses) accesses; \(view) shows at most \(limits.accesses)\(why)")
        }
        let table = try makeTable(trace, specifications: specifications, sizes: sizes, registry: registry)
        if let out {
            let format = DiagramFormat(path: out)!
            let clock = ContinuousClock()
            let start = clock.now
            let data = try DiagramRenderer.render(table, format: format)
            let elapsed = clock.now - start
            try AtomicFile.write(data, to: out)
            if !json {
                print(
                    "wrote \(SafeText.escaped(out)) (\(data.count) bytes; \(table.blocks.count) "
                        + (table.blocks.count == 1 ? "block" : "blocks")
                        + " of \(trace.accesses.count) accesses; drawn in \(elapsed.milliseconds) ms)")
                for block in table.blocks { print("  " + SafeText.escaped(block.summary)) }
            }
        }
        if json {
            print(table.json(), terminator: "")
        } else if out == nil {
            print(table.text(width: width), terminator: "")
        }
    }

    /// One block per policy (outer) and size (inner), each from a fresh reference-string machine.
    private func makeTable(
        _ trace: LoadedTrace, specifications: [PolicySpecification], sizes: [Int], registry: PolicyRegistry
    ) throws -> FrameTable {
        var blocks: [FrameTable.Block] = []
        for specification in specifications {
            for size in sizes {
                let machine = try RunConfiguration(replacement: specification, frames: size)
                    .makeMachine(registry: registry)
                blocks.append(
                    try FrameTable.Block(
                        policy: specification.description, machine: machine, accesses: trace.accesses,
                        nextUse: machine.replacement.needsFuture ? trace.nextUse : nil, order: order))
            }
        }
        let pageNumbers = trace.accesses.map { $0.address >> 12 }
        let list = pageNumbers.map(String.init).joined(separator: ",")
        let shown = list.count > 60 ? String(list.prefix(59)) + "…" : list
        return FrameTable(
            title: title ?? "pages \(shown) (\(pageNumbers.count) accesses)", pages: pageNumbers, blocks: blocks)
    }
}
