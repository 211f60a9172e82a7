import Foundation
import Testing
import VMCore
import VMDiagram
import VMTestSupport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Renders small machines and checks the pictures: regions, rows and edges in the graph, the same ids in the DOT
/// and the SVG, file signatures, determinism and escaping.
struct DiagramTests {
    /// Two processes over 4 frames and a 6-slot swap device: process 1 writes pages 0–3 (two end up on swap),
    /// process 2 reads pages 0–1; the kernel reads frame 0 through the direct map.
    static func smallMachine(names: [String] = ["editor", "shell"]) throws -> Machine {
        let machine = try Workbench.machine(
            policy: "fifo", frames: 4, swapDevices: [SwapDeviceConfiguration(name: "swap0", slots: 6)])
        try machine.addProcess(pid: 1, name: names[0])
        try machine.addProcess(pid: 2, name: names[1])
        let shift = machine.layout.pageShift
        for page: UInt64 in 0..<4 { try machine.step(Access(pid: 1, page: page, kind: .write, pageShift: shift)) }
        for page: UInt64 in 0..<2 { try machine.step(Access(pid: 2, page: page, kind: .read, pageShift: shift)) }
        try machine.step(Access(pid: Access.kernelPID, address: machine.layout.directMapBase, kind: .read))
        return machine
    }

    static func graph(_ machine: Machine, detail: DiagramDetail = .pages, title: String = "test") throws -> MappingGraph
    {
        try MappingGraph(
            snapshot: MachineSnapshot(machine: machine), options: DiagramOptions(detail: detail, title: title))
    }

    @Test("Every touched page has one edge to the frame or slot that holds it; the kernel maps every frame")
    func edgesMatchTheMachine() throws {
        let machine = try Self.smallMachine()
        let graph = try Self.graph(machine)
        #expect(graph.regions.map(\.id) == ["proc_1", "proc_2", "ram", "swap_0", "kernel"])
        let userEdges = graph.edges.filter { $0.state != .kernel }
        #expect(userEdges.count == 6, "4 pages of pid 1, 2 of pid 2")
        for process in machine.processes {
            process.pageTable.forEachTouchedPage { page, _, entry in
                let edge = userEdges.first { $0.tailRow == "p\(process.pid)_v\(String(page, radix: 16))" }
                #expect(edge != nil, "page \(page) of pid \(process.pid) has an edge")
                if entry.isPresent {
                    #expect(edge?.headRegion == "ram" && edge?.headRow == "f\(entry.frame)")
                } else {
                    #expect(edge?.headRegion == "swap_\(entry.swapSlot.device)")
                    #expect(edge?.headRow == "s\(entry.swapSlot.device)_\(entry.swapSlot.index)")
                }
            }
        }
        let kernelEdges = graph.edges.filter { $0.state == .kernel }
        let ramRows = try #require(graph.region(id: "ram")).rows
        #expect(kernelEdges.count == ramRows.count)
        #expect(Set(kernelEdges.map(\.headRow)) == Set(ramRows.map(\.id)))
        #expect(ramRows.count == 4 && ramRows.allSatisfy { $0.state != .free }, "RAM is full")
    }

    @Test("SVG output carries the region, row and edge ids, and parses as XML")
    func svgIds() throws {
        let graph = try Self.graph(try Self.smallMachine())
        let svg = try DiagramRenderer.render(graph, format: .svg)
        let ids = try SVGIds.collect(svg)
        for region in graph.regions { #expect(ids.contains(region.id), "region \(region.id)") }
        for edge in graph.edges { #expect(ids.contains(edge.id), "edge \(edge.id)") }
        for row in graph.regions.flatMap(\.rows) { #expect(ids.contains("a_" + row.id), "row \(row.id)") }
        #expect(ids.contains("legend"))
    }

    @Test("PNG and PDF have their signatures and a plausible size; DOT is the same bytes every time")
    func formats() throws {
        let graph = try Self.graph(try Self.smallMachine())
        let png = try DiagramRenderer.render(graph, format: .png)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(png.count > 10_000)
        let pdf = try DiagramRenderer.render(graph, format: .pdf)
        #expect(String(decoding: pdf.prefix(5), as: UTF8.self) == "%PDF-")
        #expect(pdf.count > 5_000)
        let first = try DiagramRenderer.render(graph, format: .dot)
        let second = try DiagramRenderer.render(try Self.graph(try Self.smallMachine()), format: .dot)
        #expect(first == second)
    }

    @Test("Names from input cannot change the graph or inject markup")
    func escaping() throws {
        let hostile = ["\"]; evil [label=x]; a -> b; <BLINK>", "</TD></TR></TABLE>>]; x [\\N \\G & 'q'\n<script>"]
        let benign = try Self.graph(try Self.smallMachine(), title: "plain")
        let graph = try Self.graph(try Self.smallMachine(names: hostile), title: "title <i>\\L</i> & \"quote\"")
        let plain = try SVGIds.parse(try DiagramRenderer.render(benign, format: .svg))
        let svg = try DiagramRenderer.render(graph, format: .svg)
        let parsed = try SVGIds.parse(svg)
        #expect(parsed.ids == plain.ids, "the same nodes, rows and edges as with plain names")
        #expect(parsed.elements == plain.elements, "the same elements, none injected")
        #expect(parsed.text.contains(hostile[0]), "shown literally")
        #expect(parsed.text.contains("title <i>\\L</i> & \"quote\""), "title shown literally")
        #expect(!parsed.elements.keys.contains("script"))
        let dot = String(decoding: try DiagramRenderer.render(graph, format: .dot), as: UTF8.self)
        // Outside quoted tooltips (plain strings, escaped for SVG by Graphviz) markup only appears as entities.
        let labels = dot.replacing(#/tooltip="(?:[^"\\]|\\.)*"/#, with: "")
        #expect(!labels.contains("<script>") && !labels.contains("<BLINK>"), "markup arrives as entities")
        #expect(labels.contains("&lt;script&gt;"))
    }

    @Test("Runs collapse consecutive pages onto consecutive frames; pages mode draws each")
    func runs() throws {
        let machine = try Workbench.machine(policy: "lru", frames: 64)
        try machine.addProcess(pid: 1, name: "scan")
        let shift = machine.layout.pageShift
        for page: UInt64 in 0..<40 { try machine.step(Access(pid: 1, page: page, kind: .read, pageShift: shift)) }
        for page: UInt64 in 100..<110 { try machine.step(Access(pid: 1, page: page, kind: .write, pageShift: shift)) }
        let runs = try Self.graph(machine, detail: .runs)
        let rows = try #require(runs.region(id: "proc_1")).rows.filter { $0.state != .unmapped }
        #expect(rows.map(\.count) == [40, 10])
        #expect(runs.edges.filter { $0.state != .kernel }.count == 2)
        let pages = try Self.graph(machine, detail: .pages)
        #expect(pages.edges.filter { $0.state != .kernel }.count == 50)
    }
}

/// Reads the `id` attributes, the element counts and the text of an SVG document.
enum SVGIds {
    final class Collector: NSObject, XMLParserDelegate {
        var ids: Set<String> = []
        var elements: [String: Int] = [:]
        var text = ""
        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            elements[elementName, default: 0] += 1
            if let id = attributeDict["id"] { ids.insert(id) }
        }
        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            if elementName == "text" { text += "\n" }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    static func parse(_ svg: Data) throws -> Collector {
        let parser = XMLParser(data: svg)
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "the SVG is well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        return collector
    }

    static func collect(_ svg: Data) throws -> Set<String> { try parse(svg).ids }
}
