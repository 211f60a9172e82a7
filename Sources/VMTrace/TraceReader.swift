public import VMCore

/// Streams the accesses of a trace file in batches.
///
/// Contract:
/// - Memory stays bounded whatever the trace length: input is read in fixed chunks (1 MiB) and decompressed with
///   fixed buffers. The only structure that grows is oracle-general's id renumbering table, with the number of
///   distinct objects.
/// - Compression is recognised by magic bytes (zstd `28 b5 2f fd`, gzip `1f 8b`), whatever the file name; the
///   format is given or detected as documented on ``TraceFormat``.
/// - Page-number formats produce byte addresses `page << pageShift` (pid 1 unless the format has pids). Lackey
///   addresses become page-aligned addresses of every page an access covers. All accesses are user mode.
/// - Every problem throws a ``TraceError`` naming ``name`` and, for text, the line. After an error the reader
///   throws the same error again.
/// - A reader is not thread-safe; use one per thread.
public final class TraceReader {
    /// The resolved format, never ``TraceFormat/auto``.
    public let format: TraceFormat
    /// The display name used in errors: the path, `<stdin>` or `--pages`.
    public let name: String
    /// Accesses delivered so far.
    @exclusivity(unchecked) public private(set) var delivered = 0

    private let decoder: any AccessDecoder
    @exclusivity(unchecked) private var failure: TraceError?

    /// Opens the trace at `path`; `-` reads standard input. `.gz` / `.zst` content is decompressed
    /// transparently, detected by magic bytes. With `format` ``TraceFormat/auto`` the format is detected (see
    /// ``TraceFormat`` for the rule). `pageShift` (0...63) is the log2 of the page size.
    public init(path: String, format: TraceFormat = .auto, pageShift: Int = 12) throws(TraceError) {
        let name = path == "-" ? "<stdin>" : path
        try Self.validate(pageShift: pageShift, name: name)
        let source = try openDecompressedSource(path: path, name: name)
        let buffer = ChunkBuffer(source: source)
        let resolved = format == .auto ? try FormatSniffer.detect(path: path, buffer: buffer) : format
        switch resolved {
        case .auto, .pages:
            decoder = TextTraceDecoder(buffer: buffer, dialect: .pages, name: name, pageShift: pageShift)
        case .pid:
            decoder = TextTraceDecoder(buffer: buffer, dialect: .pid, name: name, pageShift: pageShift)
        case .lackey:
            decoder = TextTraceDecoder(buffer: buffer, dialect: .lackey, name: name, pageShift: pageShift)
        case .oracleGeneral:
            decoder = OracleGeneralDecoder(buffer: buffer, name: name, pageShift: pageShift)
        }
        self.format = resolved == .auto ? .pages : resolved
        self.name = name
    }

    /// A reader over an inline page list such as `"1,2,3"` or `"0x10 0x11"`: decimal or `0x` hex page numbers
    /// separated by commas and/or whitespace, all reads by pid 1. Its name is `--pages`; malformed items throw
    /// here.
    public init(inlinePages: String, pageShift: Int = 12) throws(TraceError) {
        try Self.validate(pageShift: pageShift, name: InlinePages.name)
        decoder = ArrayDecoder(try InlinePages.parse(inlinePages, pageShift: pageShift))
        format = .pages
        name = InlinePages.name
    }

    /// Whether the format supplies next-use times (oracle-general does).
    public var carriesNextUse: Bool { format == .oracleGeneral }

    /// Fills up to `accesses.count` accesses and returns how many; 0 means the trace has ended.
    ///
    /// When `nextUse` is given (at least as long as `accesses`) and ``carriesNextUse`` is true, `nextUse[i]` is set
    /// to the 0-based position, in this reader's output, of the next access to the same page, or `Int.max`;
    /// otherwise `nextUse` is left untouched. A trace without any access throws "the trace has no accesses" at the
    /// first read that would return 0.
    public func read(
        into accesses: UnsafeMutableBufferPointer<Access>,
        nextUse: UnsafeMutableBufferPointer<Int>? = nil
    ) throws(TraceError) -> Int {
        if let failure { throw failure }
        guard accesses.count > 0 else { return 0 }
        do throws(TraceError) {
            let count = try decoder.read(into: accesses, nextUse: carriesNextUse ? nextUse : nil)
            if count == 0 && delivered == 0 {
                throw TraceError(file: name, message: "the trace has no accesses")
            }
            delivered += count
            return count
        } catch {
            failure = error
            throw error
        }
    }

    private static func validate(pageShift: Int, name: String) throws(TraceError) {
        guard (0...63).contains(pageShift) else {
            throw TraceError(file: name, message: "page shift must be between 0 and 63, found \(pageShift)")
        }
    }
}
