import Foundation
public import VMCore
public import Yams

extension Scenario {
    /// Default values of every optional field.
    public enum Defaults {
        public static let title = "VMLab scenario"
        public static let frames = 16
        public static let pageSize = 4096
        public static let replacement = "lru"
        public static let allocator = "first-free"
        public static let swap = "first-free"
    }

    /// Reads a scenario from YAML text. `file` names the source in errors.
    /// - Throws: ``YAMLInputError`` with the line and column of the first mistake: unknown keys (the valid ones
    ///   listed), wrong types, bad values, unknown process or region names, addresses outside every region.
    public init(yaml text: String, file: String) throws(YAMLInputError) {
        let reader = YAMLReader(file: file)
        let root = try reader.mapping(
            try reader.root(text), allowed: ["title", "machine", "policies", "processes", "accesses"],
            what: "the scenario")
        title =
            try root["title"].map { node throws(YAMLInputError) in try reader.string(node, what: "title") }
            ?? Defaults.title
        frames = Defaults.frames
        pageSize = Defaults.pageSize
        swapDevices = [.unbounded]
        scope = .global
        if let node = root["machine"] {
            let machine = try reader.mapping(
                node, allowed: ["frames", "page-size", "swap", "scope"], what: "machine")
            if let value = machine["frames"] { frames = try reader.integer(value, what: "frames", in: 1...1_000_000) }
            if let value = machine["page-size"] {
                pageSize = try reader.integer(value, what: "page-size", in: 1...(1 << 30))
                guard pageSize & (pageSize - 1) == 0 else {
                    throw reader.error(value, "page-size must be a power of two, found \(pageSize)")
                }
            }
            if let value = machine["swap"] { swapDevices = try Self.swapDevices(value, reader: reader) }
            if let value = machine["scope"] {
                let text = try reader.string(value, what: "scope")
                do {
                    scope = try ReplacementScope(parsing: text)
                } catch {
                    throw reader.error(value, error.description)
                }
            }
        }
        replacement = Defaults.replacement
        allocator = Defaults.allocator
        swap = Defaults.swap
        if let node = root["policies"] {
            let policies = try reader.mapping(node, allowed: ["replacement", "allocator", "swap"], what: "policies")
            if let value = policies["replacement"] { replacement = try reader.string(value, what: "replacement") }
            if let value = policies["allocator"] { allocator = try reader.string(value, what: "allocator") }
            if let value = policies["swap"] { swap = try reader.string(value, what: "swap") }
        }
        guard let layout = try? AddressLayout(pageSize: pageSize) else {
            throw reader.error(
                root["machine"] ?? root.node, "page-size must lie in 512...1073741824, found \(pageSize)")
        }
        processes = try Self.processes(try root.required("processes"), reader: reader, layout: layout)
        accesses = []
        if let node = root["accesses"] {
            let parser = AccessLineParser(processes: processes, layout: layout, frames: frames)
            for line in try reader.sequence(node, what: "accesses") {
                let text = try reader.string(line, what: "an access")
                do {
                    try parser.parse(text, into: &accesses)
                } catch {
                    throw reader.error(line, error.message)
                }
            }
        }
    }

    /// Reads a scenario file.
    public init(contentsOf path: String) throws(YAMLInputError) {
        let text = try YAMLFile.read(path, what: "scenario file")
        try self.init(yaml: text, file: path)
    }

    public static func swapDevices(_ node: Node, reader: YAMLReader) throws(YAMLInputError)
        -> [SwapDeviceConfiguration]
    {
        var devices: [SwapDeviceConfiguration] = []
        for item in try reader.sequence(node, what: "swap devices") {
            let device = try reader.mapping(item, allowed: ["name", "slots", "priority"], what: "a swap device")
            let name =
                try device["name"].map { node throws(YAMLInputError) in try reader.string(node, what: "name") }
                ?? "swap\(devices.count)"
            let slots = try device["slots"].map { node throws(YAMLInputError) in
                try reader.integer(node, what: "slots", in: 0...(1 << 28))
            }
            let priority = try device["priority"].map { node throws(YAMLInputError) in
                try reader.integer(node, what: "priority", in: -32768...32767)
            }
            devices.append(SwapDeviceConfiguration(name: name, slots: slots, priority: priority))
        }
        guard devices.count <= 16 else { throw reader.error(node, "at most 16 swap devices, found \(devices.count)") }
        return devices
    }

    private static func processes(_ node: Node, reader: YAMLReader, layout: AddressLayout) throws(YAMLInputError)
        -> [Process]
    {
        var processes: [Process] = []
        let items = try reader.sequence(node, what: "processes")
        guard !items.isEmpty else { throw reader.error(node, "a scenario needs at least one process") }
        for item in items {
            let mapping = try reader.mapping(item, allowed: ["name", "pid", "regions"], what: "a process")
            let nameNode = try mapping.required("name")
            let name = try reader.string(nameNode, what: "a process name")
            guard !name.isEmpty, name != "kernel", !name.contains(where: \.isWhitespace), !name.contains(":") else {
                throw reader.error(nameNode, "a process name must be one word without ':' and not 'kernel'")
            }
            guard !processes.contains(where: { $0.name == name }) else {
                throw reader.error(nameNode, "process \(SafeText.quoted(name)) is declared twice")
            }
            let pid =
                try mapping["pid"].map { node throws(YAMLInputError) in
                    UInt32(try reader.integer(node, what: "pid", in: 1...Int(UInt32.max)))
                } ?? UInt32(processes.count + 1)
            guard !processes.contains(where: { $0.pid == pid }) else {
                throw reader.error(mapping["pid"] ?? item, "pid \(pid) is used twice")
            }
            var regions: [MemoryRegion] = []
            for regionNode in try reader.sequence(try mapping.required("regions"), what: "regions") {
                let region = try Self.region(regionNode, reader: reader, layout: layout)
                if let clash = regions.first(where: { $0.overlaps(region) }) {
                    throw reader.error(
                        regionNode,
                        "region \(SafeText.escaped(region.name)) overlaps region \(SafeText.escaped(clash.name))")
                }
                guard !regions.contains(where: { $0.name == region.name }) else {
                    throw reader.error(
                        regionNode,
                        "region \(SafeText.quoted(region.name)) is declared twice in \(SafeText.escaped(name))")
                }
                regions.append(region)
            }
            processes.append(Process(name: name, pid: pid, regions: regions))
        }
        return processes
    }

    private static func region(_ node: Node, reader: YAMLReader, layout: AddressLayout) throws(YAMLInputError)
        -> MemoryRegion
    {
        let pageShift = layout.pageShift
        let mapping = try reader.mapping(node, allowed: ["name", "start", "pages", "permissions"], what: "a region")
        let name = try reader.string(try mapping.required("name"), what: "a region name")
        guard !name.isEmpty, !name.contains(where: \.isWhitespace), !name.contains(":") else {
            throw reader.error(node, "a region name must be one word without ':'")
        }
        let startNode = try mapping.required("start")
        let start = try reader.address(startNode, what: "start")
        guard start & ((1 << UInt64(pageShift)) - 1) == 0 else {
            throw reader.error(startNode, "start 0x\(String(start, radix: 16)) is not page-aligned")
        }
        let pages = try reader.integer(try mapping.required("pages"), what: "pages", in: 1...(1 << 24))
        guard start >> UInt64(pageShift) + UInt64(pages) <= layout.userPages else {
            throw reader.error(
                startNode,
                "region \(SafeText.escaped(name)) reaches past the user range (\(layout.userAddressBits)-bit)")
        }
        var permissions: MemoryRegion.Permissions = [.read, .write]
        if let value = mapping["permissions"] {
            let text = try reader.string(value, what: "permissions")
            permissions = []
            for letter in text {
                switch letter {
                case "r": permissions.insert(.read)
                case "w": permissions.insert(.write)
                case "x": permissions.insert(.execute)
                default: throw reader.error(value, "permissions are letters from 'rwx', found \(SafeText.quoted(text))")
                }
            }
        }
        return MemoryRegion(
            name: name, firstPage: start >> UInt64(pageShift), pageCount: UInt64(pages), permissions: permissions)
    }
}

extension MemoryRegion {
    func overlaps(_ other: MemoryRegion) -> Bool {
        firstPage < other.firstPage + other.pageCount && other.firstPage < firstPage + pageCount
    }
}
