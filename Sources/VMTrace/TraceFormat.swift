/// The trace formats ``TraceReader`` understands.
///
/// Contract: raw values are the names users type (`--format oracle-general`). ``auto`` is only a request: a reader's
/// resolved ``TraceReader/format`` is never `auto`.
///
/// **Detection rule for `auto`** (applied to the decompressed content; compression itself is always detected by
/// magic bytes):
/// 1. a path that contains `oracleGeneral` (case-insensitive; this covers `.oracleGeneral`, `.oracleGeneral.bin`,
///    `.oracleGeneral.zst`) is ``oracleGeneral``;
/// 2. content whose first 4 KiB contain a NUL byte is binary, hence ``oracleGeneral`` (text traces never contain
///    NUL; this lets standard input carry oracle-general data);
/// 3. otherwise the first line that is not blank and not a `#` comment decides, within the first 64 KiB: a
///    Valgrind header line (`==PID==…` or `--PID--…`) or a Lackey record (`I  addr,size`, ` L addr,size`,
///    ` S addr,size`, ` M addr,size`) means ``lackey``; three whitespace-separated fields (`PID OP PAGE`) mean
///    ``pid``; anything else (including no such line) means ``pages``.
public enum TraceFormat: String, Sendable, CaseIterable {
    /// Detect the format (see the rule above).
    case auto
    /// One page per line: `[R|W|I] PAGE`, the page in decimal or `0x` hex, `#` comments.
    case pages
    /// Several processes: `PID R|W|I PAGE` per line, `#` comments; pid 0 (the kernel) is rejected.
    case pid
    /// A raw Valgrind Lackey log (`valgrind --tool=lackey --trace-mem=yes`).
    case lackey
    /// libCacheSim's binary oracleGeneral format: 24-byte little-endian records carrying next-access times.
    case oracleGeneral = "oracle-general"
}
