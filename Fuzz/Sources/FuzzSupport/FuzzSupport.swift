public import VMCore
public import VMTrace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Stops the process when a property does not hold: libFuzzer reports the trap as a crash and saves the input.
public func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, file: StaticString = #file,
    line: UInt = #line
) {
    if !condition() {
        fatalError("property failed: \(message())", file: file, line: line)
    }
}

/// The fuzzer's input as bytes.
public func inputBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// The fuzzer's input as text (invalid UTF-8 is replaced, as `String(contentsOfFile:)` callers would not see it).
public func inputText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String {
    String(decoding: inputBytes(data, size), as: UTF8.self)
}

/// A file in a private temporary folder, rewritten for every input (trace readers read files).
public final class ScratchFile: @unchecked Sendable {
    public let path: String
    /// The private folder the file is in.
    public let folder: String

    /// `name` is the file's name inside the folder `$VMLAB_FUZZ_SCRATCH` (`make fuzz` sets it), or else
    /// `vmlab-fuzz-PID` in `/dev/shm` (memory: five times the speed of a disk) or `/tmp`; it must not contain
    /// `oracleGeneral` unless format detection should see it.
    public init(_ name: String) {
        let temporary = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        folder = getenv("VMLAB_FUZZ_SCRATCH").map { String(cString: $0) } ?? "\(temporary)/vmlab-fuzz-\(getpid())"
        mkdir(folder, 0o700)
        path = folder + "/" + name
    }

    public func write(_ bytes: [UInt8]) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        require(descriptor >= 0, "cannot create \(path)")
        var offset = 0
        bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                require(written > 0, "cannot write \(path)")
                offset += written
            }
        }
        close(descriptor)
    }
}

/// What reading a whole trace gave: the accesses (and next-use positions when the format carries them), and how it
/// ended.
public struct DecodedTrace: Equatable {
    public enum Ending: Equatable {
        /// The trace ended normally.
        case end
        /// The reader threw (at open or while reading).
        case error(TraceError)
        /// The harness stopped reading at its access limit.
        case limit
    }

    public var format: TraceFormat?
    public var accesses: [Access] = []
    public var nextUse: [Int] = []
    public var ending = Ending.end
}

/// The most accesses a harness reads from one input: a short line can stand for many accesses (a Lackey record of
/// a large size), and the fuzzer looks for wrong bytes, not long runs (at 1 << 16, Lackey ran at 60 inputs a second).
public let accessLimit = 1 << 12

/// Reads the trace at `path` in batches of `batch` accesses, up to ``accessLimit``.
public func decodeTrace(path: String, format: TraceFormat, pageShift: Int = 12, batch: Int) -> DecodedTrace {
    var decoded = DecodedTrace()
    let reader: TraceReader
    do {
        reader = try TraceReader(path: path, format: format, pageShift: pageShift)
    } catch {
        decoded.ending = .error(error)
        return decoded
    }
    decoded.format = reader.format
    require(reader.format != .auto, "a reader's format is never auto")
    let accesses = UnsafeMutableBufferPointer<Access>.allocate(capacity: batch)
    let nextUse = UnsafeMutableBufferPointer<Int>.allocate(capacity: batch)
    defer {
        accesses.deallocate()
        nextUse.deallocate()
    }
    while decoded.accesses.count < accessLimit {
        nextUse.initialize(repeating: -1)
        let count: Int
        do {
            count = try reader.read(into: accesses, nextUse: nextUse)
        } catch {
            decoded.ending = .error(error)
            // Later reads repeat the same error.
            do {
                _ = try reader.read(into: accesses, nextUse: nextUse)
                require(false, "a read after an error succeeded")
            } catch let again {
                require(again == error, "a read after an error threw \(again), not \(error)")
            }
            return decoded
        }
        require((0...batch).contains(count), "read returned \(count) for a batch of \(batch)")
        if count == 0 {
            require(reader.delivered == decoded.accesses.count, "delivered \(reader.delivered)")
            return decoded
        }
        decoded.accesses += accesses[0..<count]
        if reader.carriesNextUse {
            for index in 0..<count {
                require(nextUse[index] != -1, "next use \(index) of the batch was not set")
                require(nextUse[index] > decoded.nextUse.count, "a next use points backwards")
                decoded.nextUse.append(nextUse[index])
            }
        } else {
            require(nextUse[0..<count].allSatisfy { $0 == -1 }, "next use set for a format without it")
        }
    }
    decoded.ending = .limit
    return decoded
}

/// Reads `bytes` as a trace of `format` several times, in batches of different sizes, and checks that every read
/// agrees: the same accesses in the same order, and the same error at the same place. Returns the first read.
public func decodeConsistently(
    _ bytes: [UInt8], file: ScratchFile, format: TraceFormat, pageShift: Int = 12
) -> DecodedTrace {
    file.write(bytes)
    let whole = decodeTrace(path: file.path, format: format, pageShift: pageShift, batch: 4096)
    // A small batch splits Lackey runs and line blocks at every possible place; an odd one at other places.
    let batches = [1, 7 + bytes.count % 57]
    for batch in batches {
        let other = decodeTrace(path: file.path, format: format, pageShift: pageShift, batch: batch)
        require(other.format == whole.format, "format \(String(describing: other.format)) at batch \(batch)")
        let common = min(whole.accesses.count, other.accesses.count)
        require(
            whole.accesses[0..<common] == other.accesses[0..<common],
            "accesses differ between batches of 4096 and \(batch)")
        require(whole.nextUse.prefix(common) == other.nextUse.prefix(common), "next uses differ at batch \(batch)")
        switch (whole.ending, other.ending) {
        case (.limit, _), (_, .limit):
            break
        case (.end, .end):
            require(whole.accesses.count == other.accesses.count, "counts differ at batch \(batch)")
        case (.error(let first), .error(let second)):
            // A large batch loses the accesses before the error in the same batch; the error is the same.
            require(first == second, "errors differ: '\(first)' and '\(second)' at batch \(batch)")
        default:
            require(false, "endings differ: \(whole.ending) and \(other.ending) at batch \(batch)")
        }
    }
    return whole
}

/// The accesses as a `pages`-format trace (kind letter and hex page), or `pid` format with `withPIDs`.
public func renderText(_ accesses: [Access], pageShift: Int, withPIDs: Bool) -> [UInt8] {
    var text = ""
    for access in accesses {
        let letter =
            switch access.kind {
            case .read: "R"
            case .write: "W"
            case .fetch: "I"
            }
        let page = "0x" + String(access.address >> UInt64(pageShift), radix: 16)
        text += withPIDs ? "\(access.pid) \(letter) \(page)\n" : "\(letter) \(page)\n"
    }
    return Array(text.utf8)
}

/// An accepted text trace, written back as `pages` (or `pid`) text, reads back to the same accesses.
public func checkTextRoundTrip(_ decoded: DecodedTrace, file: ScratchFile, pageShift: Int, withPIDs: Bool) {
    guard decoded.ending == .end, !decoded.accesses.isEmpty else { return }
    let format: TraceFormat = withPIDs ? .pid : .pages
    for access in decoded.accesses {
        require(access.mode == .user, "a trace access in kernel mode")
        require(access.address & ((1 << UInt64(pageShift)) - 1) == 0, "address \(access.address) not page-aligned")
        require(access.pid != 0, "a trace access by pid 0")
        require(withPIDs || access.pid == 1, "pid \(access.pid) in a single-process format")
    }
    file.write(renderText(decoded.accesses, pageShift: pageShift, withPIDs: withPIDs))
    let again = decodeTrace(path: file.path, format: format, pageShift: pageShift, batch: 4096)
    require(again.ending == .end, "the re-encoded trace failed: \(again.ending)")
    require(again.accesses == decoded.accesses, "the re-encoded trace reads back differently")
}

/// The page shift a text input asks for on its first line (`# page-shift N`, a comment to the parser), or 12.
public func requestedPageShift(_ bytes: [UInt8], marker: String) -> Int {
    let prefix = Array(marker.utf8)
    guard bytes.starts(with: prefix) else { return 12 }
    let digits = bytes.dropFirst(prefix.count).prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    guard let value = Int(String(decoding: digits.prefix(2), as: UTF8.self)), value <= 63 else { return 12 }
    return value
}

/// The 0-based position of each access's next access to the same page and pid, or `Int.max`.
public func naiveNextUse(_ accesses: [Access]) -> [Int] {
    var next = [Int](repeating: .max, count: accesses.count)
    var seen: [Access: Int] = [:]
    for index in accesses.indices.reversed() {
        var key = accesses[index]
        key.kind = .read
        if let later = seen[key] { next[index] = later }
        seen[key] = index
    }
    return next
}

/// The whole check of a text dialect: consistent reads at every batch size, then the round trip through `pages`
/// (or `pid`) text. A first line starting with `shiftMarker` and a number picks the page shift.
public func checkTextTrace(
    _ bytes: [UInt8], format: TraceFormat, shiftMarker: String, input: ScratchFile, echo: ScratchFile
) {
    let pageShift = requestedPageShift(bytes, marker: shiftMarker)
    let decoded = decodeConsistently(bytes, file: input, format: format, pageShift: pageShift)
    checkTextRoundTrip(decoded, file: echo, pageShift: pageShift, withPIDs: format == .pid)
}

/// Parses twice and checks that both parses agree (the same value, or the same error); returns the value.
public func parseTwice<Value: Equatable, Failure: Error & Equatable>(
    _ parse: () -> Result<Value, Failure>
) -> Result<Value, Failure> {
    let first = parse()
    let second = parse()
    switch (first, second) {
    case (.success(let one), .success(let two)):
        require(one == two, "two parses of one input differ")
    case (.failure(let one), .failure(let two)):
        require(one == two, "two parses of one input threw different errors: \(one) and \(two)")
    default:
        require(false, "one parse failed, the other did not")
    }
    return first
}
