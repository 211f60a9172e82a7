import VMCore

/// A mistake in one access line (the caller adds file, line and column).
struct AccessLineError: Error {
    var message: String
}

/// Reads the access lines of a scenario. Each line is `WHO KIND TARGET [xN]`:
///
/// - `WHO` is a process name, or `kernel`.
/// - `KIND` is `R` (read), `W` (write) or `I` (instruction fetch).
/// - `TARGET` for a process: an address (`0x400000`, decimal), a region (`heap`: every page, in order), one page of
///   a region (`heap:3`) or a range of its pages (`heap:0-7`). For the kernel: `frame:N` or `frame:A-B` (the
///   direct map), `phys:N` or `phys:A-B` (the same frames with paging off, as in early boot before any page table
///   exists: ``AccessMode/physical``), an address in the kernel's range, or `PROCESS:REGION[:PAGES]` (the kernel
///   touching a user page, as `copy_to_user` does).
/// - `xN` repeats the whole line N times.
struct AccessLineParser {
    let processes: [Scenario.Process]
    let pageShift: Int
    let frames: Int
    let layout: AddressLayout

    init(processes: [Scenario.Process], layout: AddressLayout, frames: Int) {
        self.processes = processes
        self.pageShift = layout.pageShift
        self.frames = frames
        self.layout = layout
    }

    func parse(_ line: String, into accesses: inout [Access]) throws(AccessLineError) {
        guard accesses.count < Self.maximumAccesses else {
            throw AccessLineError(message: "more than \(Self.maximumAccesses) accesses in a scenario; use a trace")
        }
        var words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        var repeats = 1
        if let last = words.last, last.hasPrefix("x"), words.count == 4 {
            guard let count = Int(last.dropFirst()), (1...1_000_000).contains(count) else {
                throw AccessLineError(
                    message: "expected a repeat count like x3 at the end, found \(SafeText.quoted(last))")
            }
            repeats = count
            words.removeLast()
        }
        guard words.count == 3 else {
            throw AccessLineError(
                message: "expected 'WHO KIND TARGET [xN]' (e.g. 'editor W heap:0-3'), found \(SafeText.quoted(line))")
        }
        let kind: AccessKind
        switch words[1] {
        case "R", "r": kind = .read
        case "W", "w": kind = .write
        case "I", "i": kind = .fetch
        default:
            throw AccessLineError(message: "expected R, W or I as the access kind, found \(SafeText.quoted(words[1]))")
        }
        let expanded: [Access]
        if words[0] == "kernel" {
            expanded = try kernelAccesses(words[2], kind: kind)
        } else {
            guard let process = processes.first(where: { $0.name == words[0] }) else {
                throw AccessLineError(
                    message: "unknown process \(SafeText.quoted(words[0])); processes: "
                        + SafeText.escaped((processes.map(\.name) + ["kernel"]).joined(separator: ", ")))
            }
            expanded = try userPages(words[2], of: process).map { page in
                Access(pid: process.pid, address: page << UInt64(pageShift), kind: kind)
            }
        }
        // Counted before it is expanded: `x1000000` on a region of 2^24 pages would be 2^44 accesses.
        guard expanded.count * repeats <= Scenario.maximumAccesses - accesses.count else {
            throw AccessLineError(
                message: "'\(line)' would take the scenario past \(Scenario.maximumAccesses) accesses")
        }
        for _ in 0..<repeats { accesses.append(contentsOf: expanded) }
    }

    /// The most accesses a scenario's lines may expand to (``Scenario/maximumAccesses``).
    static let maximumAccesses = Scenario.maximumAccesses

    /// Pages of `process` named by `target`.
    private func userPages(_ target: String, of process: Scenario.Process) throws(AccessLineError) -> [UInt64] {
        if let address = YAMLReader.parseAddress(target) {
            let page = address >> UInt64(pageShift)
            guard process.regions.contains(where: { $0.contains(page: page) }) else {
                throw AccessLineError(
                    message: "address \(target) is outside every region of \(SafeText.escaped(process.name)); regions: "
                        + SafeText.escaped(process.regions.map(\.name).joined(separator: ", ")))
            }
            return [page]
        }
        let parts = target.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let region = process.regions.first(where: { $0.name == parts[0] }) else {
            throw AccessLineError(
                message: "expected an address or a region of \(SafeText.escaped(process.name)) ("
                    + SafeText.escaped(process.regions.map(\.name).joined(separator: ", ")) + "), found "
                    + SafeText.quoted(target))
        }
        let range = try pageRange(
            parts.count == 2 ? String(parts[1]) : nil, count: Int(region.pageCount), of: region.name)
        guard range.count <= Self.maximumAccesses else {
            throw AccessLineError(
                message:
                    "\(target) names \(range.count) pages, over the limit of \(Self.maximumAccesses) accesses in a "
                    + "scenario; name fewer pages (e.g. \(parts[0]):0-15)")
        }
        return range.map { region.firstPage + UInt64($0) }
    }

    /// `A`, `A-B` or nil (all) within `0 ..< count`.
    private func pageRange(_ text: String?, count: Int, of name: String) throws(AccessLineError) -> ClosedRange<Int> {
        guard let text else {
            guard count <= Self.maximumAccesses else {
                throw AccessLineError(
                    message: "\(name) has \(count) pages, over the limit of \(Self.maximumAccesses) accesses in a "
                        + "scenario; name a range (\(name):0-15)")
            }
            return 0...(count - 1)
        }
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(bounds.count), let low = Int(bounds[0]), let high = Int(bounds.last!), low <= high else {
            throw AccessLineError(
                message: "expected N or N-M after \(SafeText.quoted(name + ":")), found \(SafeText.quoted(text))")
        }
        guard low >= 0, high < count else {
            throw AccessLineError(
                message: "\(SafeText.escaped(name)) has pages 0-\(count - 1); \(SafeText.quoted(text)) is outside it")
        }
        guard high - low < Self.maximumAccesses else {
            throw AccessLineError(
                message:
                    "\(name) range \(text) names \(high - low + 1) pages, over the limit of \(Self.maximumAccesses)")
        }
        return low...high
    }

    private func kernelAccesses(_ target: String, kind: AccessKind) throws(AccessLineError) -> [Access] {
        let parts = target.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts[0] == "frame", parts.count == 2 {
            return try pageRange(parts[1], count: frames, of: "frame").map { frame in
                Access(
                    pid: Access.kernelPID, address: layout.directMapBase + (UInt64(frame) << UInt64(pageShift)),
                    kind: kind, mode: .kernel)
            }
        }
        if parts[0] == "phys", parts.count == 2 {
            return try pageRange(parts[1], count: frames, of: "phys").map { frame in
                Access(
                    pid: Access.kernelPID, address: UInt64(frame) << UInt64(pageShift), kind: kind, mode: .physical)
            }
        }
        if parts.count == 1, let address = YAMLReader.parseAddress(target) {
            return [Access(pid: Access.kernelPID, address: address, kind: kind, mode: .kernel)]
        }
        if let process = processes.first(where: { $0.name == parts[0] }), parts.count >= 2 {
            let pages = try userPages(parts.dropFirst().joined(separator: ":"), of: process)
            return pages.map { Access(pid: process.pid, address: $0 << UInt64(pageShift), kind: kind, mode: .kernel) }
        }
        throw AccessLineError(
            message: "expected frame:N, phys:N, a kernel address or PROCESS:REGION[:PAGES] after 'kernel', found "
                + SafeText.quoted(target))
    }
}
