public import Foundation
public import VMCore

/// How `simulate --steps` writes each ``StepRecord``: one text line, one JSON object or one CSV row per access.
///
/// Pages are shown as page numbers in reference-string mode (a page list: one process, no addresses) and as
/// addresses otherwise (the access's own address; a page's first address for victims and resident pages).
/// Times are 1-based access numbers.
public struct StepFormatting: Sendable {
    /// Whether pages are shown as numbers (reference-string mode) or addresses.
    public var pageNumbers: Bool
    /// The machine's page shift (addresses of pages).
    public var pageShift: Int

    /// Whether the machine has a TLB (the text form then has a `tlb` column: hit or miss).
    public var showsTLB: Bool

    public init(pageNumbers: Bool, pageShift: Int, showsTLB: Bool = false) {
        self.pageNumbers = pageNumbers
        self.pageShift = pageShift
        self.showsTLB = showsTLB
    }

    /// Width of the page column: page numbers are short, addresses up to `0x7ffffffff000`.
    var pageWidth: Int { pageNumbers ? 7 : 15 }

    /// A page as the reader knows it: `5`, or `0x5000`.
    public func page(_ page: UInt64) -> String {
        pageNumbers ? String(page) : "0x" + String(page << UInt64(pageShift), radix: 16)
    }

    /// A page of a given process; the pid is named only when several processes run (addresses mode).
    func page(_ page: UInt64, pid: UInt32, of record: StepRecord) -> String {
        pageNumbers || pid == record.pid ? self.page(page) : "\(pid):\(self.page(page))"
    }

    /// The accessed page or address.
    func accessed(_ record: StepRecord) -> String {
        pageNumbers ? String(record.page) : "0x" + String(record.address, radix: 16)
    }

    /// Where an evicted page went, in words: `written to swap0:3`, `dropped clean`, `lost (out of memory)`.
    public static func destination(_ destination: MachineEvent.Destination) -> String {
        switch destination {
        case .written(let slot): "written to \(slot)"
        case .dropped: "dropped clean"
        case .lost: "lost (out of memory)"
        }
    }

    /// Where an evicted page went, as one token for JSON and CSV: `swap0:3`, `dropped`, `lost`.
    public static func destinationToken(_ destination: MachineEvent.Destination) -> String {
        switch destination {
        case .written(let slot): slot.description
        case .dropped: "dropped"
        case .lost: "lost"
        }
    }

    // MARK: Text

    /// The header line of the text form, naming the order of the resident column once it is known.
    public func textHeader(orderMeaning: String) -> String {
        let pid = pageNumbers ? "" : "pid".padding(6)
        return "time".leftPadding(6) + "  " + pid + "op  " + (pageNumbers ? "page" : "address").padding(pageWidth)
            + "outcome  " + (showsTLB ? "tlb   " : "") + "victim".padding(26) + "resident (\(orderMeaning))"
    }

    /// One access as a text line: time, pid, op, page, outcome, victim and where it went, resident pages in the
    /// policy's order (`>` marks the hand, notes in parentheses, groups as `T1: … | T2: …`).
    public func textLine(_ record: StepRecord) -> String {
        let pid = pageNumbers ? "" : String(record.pid).padding(6)
        let outcome = record.outcome.rawValue
        let tlb = showsTLB ? (record.tlbHit.map { $0 ? "hit" : "miss" } ?? "-").padding(6) : ""
        let victims = record.evictions.map { eviction in
            page(eviction.page, pid: eviction.pid, of: record) + " " + Self.destination(eviction.destination)
        }
        var victim = victims.isEmpty ? "-" : victims.joined(separator: ", ")
        if !record.killed.isEmpty { victim += " (killed pid \(record.killed.map(String.init).joined(separator: ",")))" }
        return String(record.time).leftPadding(6) + "  " + pid + String(record.kind.letter) + "   "
            + SafeText.escaped(accessed(record)).padding(pageWidth) + outcome.padding(9) + tlb + victim.padding(26)
            + residentText(record)
    }

    /// The resident pages in the policy's order as text.
    public func residentText(_ record: StepRecord) -> String {
        var parts: [String] = []
        var currentGroup: String?
        var current: [String] = []
        func flush() {
            guard let group = currentGroup else { return }
            let body = current.joined(separator: " ")
            parts.append(group.isEmpty ? body : "\(SafeText.escaped(group)): \(body)")
        }
        let severalProcesses = record.resident.contains { $0.pid != record.resident.first?.pid }
        for page in record.resident {
            if page.group != currentGroup {
                flush()
                currentGroup = page.group
                current = []
            }
            var label = self.page(page.page)
            if !pageNumbers && severalProcesses { label = "\(page.pid):\(label)" }
            if page.frame == record.hand { label = ">" + label }
            if let note = page.note { label += "(\(SafeText.escaped(note)))" }
            current.append(label)
        }
        flush()
        return parts.isEmpty ? "(empty)" : parts.joined(separator: " | ")
    }

    // MARK: JSON

    /// One access as a JSON object (keys sorted; one line). Fields: `time`, `pid`, `page` (a number), `address`,
    /// `op`, `outcome`, `frame`, `swapped_in_from`, `tlb`, `victim` (the first evicted page number, or null),
    /// `victim_pid`, `victim_to`, `evictions` (all of them), `killed`, `resident` (page numbers in the policy's
    /// order), `resident_detail`, `order`, `hits`, `faults`.
    public func jsonObject(_ record: StepRecord) throws -> String {
        let first = record.evictions.first
        var object: [String: Any] = [
            "time": record.time, "pid": Int(record.pid), "page": NSNumber(value: record.page),
            "address": "0x" + String(record.address, radix: 16), "op": record.kind.description,
            "outcome": record.outcome.rawValue, "frame": record.frame.map { $0 as Any } ?? NSNull(),
            "swapped_in_from": record.swappedInFrom.map { $0.description as Any } ?? NSNull(),
            "tlb": record.tlbHit.map { ($0 ? "hit" : "miss") as Any } ?? NSNull(),
            "victim": first.map { NSNumber(value: $0.page) as Any } ?? NSNull(),
            "victim_pid": first.map { Int($0.pid) as Any } ?? NSNull(),
            "victim_to": first.map { Self.destinationToken($0.destination) as Any } ?? NSNull(),
            "evictions": record.evictions.map { eviction -> [String: Any] in
                [
                    "pid": Int(eviction.pid), "page": NSNumber(value: eviction.page), "frame": eviction.frame,
                    "to": Self.destinationToken(eviction.destination),
                ]
            },
            "killed": record.killed.map { Int($0) },
            "resident": record.resident.map { NSNumber(value: $0.page) },
            "resident_detail": record.resident.map { page -> [String: Any] in
                var detail: [String: Any] = [
                    "pid": Int(page.pid), "page": NSNumber(value: page.page), "frame": page.frame,
                ]
                if let note = page.note { detail["note"] = note }
                if !page.group.isEmpty { detail["group"] = page.group }
                if page.frame == record.hand { detail["hand"] = true }
                return detail
            },
            "order": record.orderMeaning, "hits": record.totals.hits, "faults": record.totals.faults,
        ]
        if record.killed.isEmpty { object["killed"] = [Int]() }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: CSV

    /// The CSV header: the JSON fields that are scalars, with `resident` as space-separated page numbers.
    public static let csvHeader =
        "time,pid,page,address,op,outcome,frame,swapped_in_from,tlb,victim,victim_pid,victim_to,evictions,killed,"
        + "resident,order,hits,faults"

    /// One access as a CSV row (RFC 4180 quoting where needed).
    public func csvRow(_ record: StepRecord) -> String {
        let first = record.evictions.first
        let fields: [String] = [
            String(record.time), String(record.pid), String(record.page), "0x" + String(record.address, radix: 16),
            record.kind.description, record.outcome.rawValue, record.frame.map(String.init) ?? "",
            record.swappedInFrom?.description ?? "", record.tlbHit.map { $0 ? "hit" : "miss" } ?? "",
            first.map { String($0.page) } ?? "", first.map { String($0.pid) } ?? "",
            first.map { Self.destinationToken($0.destination) } ?? "", String(record.evictions.count),
            record.killed.map(String.init).joined(separator: " "),
            record.resident.map { String($0.page) }.joined(separator: " "), record.orderMeaning,
            String(record.totals.hits), String(record.totals.faults),
        ]
        return fields.map(Self.csvField).joined(separator: ",")
    }

    static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    /// Pads on the right to `width` characters (never truncates).
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    /// Pads on the left to `width` characters.
    fileprivate func leftPadding(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
