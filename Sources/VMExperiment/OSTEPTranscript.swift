import Foundation
public import VMCore

/// Prints a run exactly as OSTEP's homework simulator `vm-beyondphys-policy/paging-policy.py -c` prints it (the
/// `ARG` lines, `Solving...`, one `Access:` line per reference with its memory list, and `FINALSTATS`), so a student
/// can `diff` the two outputs line by line.
///
/// The script keeps memory as one Python list: a new page is appended at the right, a victim leaves from wherever
/// it is, and under LRU and MRU a hit moves its page to the right. The transcript keeps the same list from the
/// machine's own outcomes and victims, so it prints what the script prints whenever the policy makes the script's
/// decisions: `fifo`, `lru`, `mru`, `opt` with `ties=last-loaded`, `unopt`, `ostep-rand` and `ostep-clock` do, and
/// tests check it against the script's output.
///
/// R. H. & A. C. Arpaci-Dusseau, *Operating Systems: Three Easy Pieces*, ch. 22 homework.
public struct OSTEPTranscript: Sendable {
    /// The script's policy names.
    public enum Policy: String, Sendable, CaseIterable {
        case fifo = "FIFO"
        case lru = "LRU"
        case mru = "MRU"
        case opt = "OPT"
        case unopt = "UNOPT"
        case rand = "RAND"
        case clock = "CLOCK"

        /// VMLab's policy with the script's decisions.
        public var vmlabName: String {
            switch self {
            case .fifo: "fifo"
            case .lru: "lru"
            case .mru: "mru"
            case .opt: "opt"
            case .unopt: "unopt"
            case .rand: "ostep-rand"
            case .clock: "ostep-clock"
            }
        }

        /// The words the script prints at the left and right of the memory list.
        var ends: (left: String, right: String) {
            switch self {
            case .fifo: ("FirstIn", "Lastin ")
            case .lru, .mru: ("LRU", "MRU")
            case .opt, .unopt, .rand, .clock: ("Left ", "Right")
            }
        }
    }

    /// Where the script's addresses came from: `-a LIST` or `-f FILE`.
    public enum Addresses: Sendable, Hashable {
        case list(String)
        case file(String)
    }

    public let policy: Policy
    let addresses: Addresses
    let cacheSize: Int
    let seed: String
    let clockBits: String
    private var memory: [UInt64] = []
    private var hits = 0
    private var misses = 0

    /// Maps a VMLab policy to the script's, returning the specification to run: the policy with the parameters
    /// its OSTEP parity record names (``PolicyRegistry/compatible(_:kind:family:)`` with family `ostep`, as
    /// `--compat ostep` adds them: OPT gets `ties=last-loaded`). Throws naming the policies that have a counterpart
    /// in the script, or a parameter given explicitly against the script's.
    public static func policy(for specification: PolicySpecification, registry: PolicyRegistry) throws(VMError)
        -> (policy: Policy, run: PolicySpecification)
    {
        let supported = Policy.allCases.map(\.vmlabName).joined(separator: ", ")
        guard let policy = Policy.allCases.first(where: { $0.vmlabName == specification.name }) else {
            throw .invalidPolicy(
                "--ostep prints OSTEP paging-policy.py's transcript, which exists for \(supported); "
                    + "\(SafeText.quoted(specification.name)) is not one of them")
        }
        let (run, _) = try registry.compatible(specification, family: "ostep")
        let required =
            registry.info(kind: .replacement, name: specification.name)?.parity
            .first { $0.family == "ostep" }?.parameters ?? ""
        if !required.isEmpty {
            for argument in try PolicySpecification(parsing: "ostep:" + required).arguments {
                if let given = specification.arguments.first(where: { $0.key == argument.key }),
                    given.value != argument.value
                {
                    throw .invalidPolicy(
                        "--ostep with \(specification.name) needs \(argument.key)=\(argument.value) (the script's "
                            + "choice); got \(argument.key)=\(SafeText.quoted(given.value))")
                }
            }
        }
        return (policy, run)
    }

    /// - Parameters:
    ///   - seed, clockBits: the script's `-s` and `-b` (from `ostep-rand`/`ostep-clock` parameters; defaults
    ///     otherwise).
    public init(policy: Policy, addresses: Addresses, cacheSize: Int, seed: String = "0", clockBits: String = "2") {
        self.policy = policy
        self.addresses = addresses
        self.cacheSize = cacheSize
        self.seed = seed
        self.clockBits = clockBits
    }

    /// The script's `ARG` lines and `Solving...`.
    public var header: String {
        let (list, file): (String, String) =
            switch addresses {
            case .list(let list): (list, "")
            case .file(let path): ("-1", path)
            }
        return """
            ARG addresses \(list)
            ARG addressfile \(file)
            ARG numaddrs 10
            ARG policy \(policy.rawValue)
            ARG clockbits \(clockBits)
            ARG cachesize \(cacheSize)
            ARG maxpage 10
            ARG seed \(seed)
            ARG notrace False

            Solving...


            """
    }

    /// The `Access:` line of one reference, updating the memory list. Throws when the access is not one a
    /// reference string can contain (several processes, a killed process, a bad address).
    public mutating func line(_ record: StepRecord) throws(VMError) -> String {
        let page = record.page
        switch record.outcome {
        case .hit:
            hits += 1
            if policy == .lru || policy == .mru, let index = memory.firstIndex(of: page) {
                memory.remove(at: index)
                memory.append(page)
            }
        case .minor, .major:
            misses += 1
            for eviction in record.evictions {
                memory.removeAll { $0 == eviction.page }
            }
            memory.append(page)
        default:
            throw .invalidConfiguration(
                "access \(record.time) ended as \(record.outcome.rawValue); OSTEP's script only knows hits and misses")
        }
        let list = "[" + memory.map(String.init).joined(separator: ", ") + "]"
        let padded = String(repeating: " ", count: max(0, 12 - list.count)) + list
        let victim = record.evictions.first.map { String($0.page) } ?? "-"
        let (left, right) = policy.ends
        return
            "Access: \(page)  \(record.outcome == .hit ? "HIT " : "MISS") \(left) -> \(padded) <- \(right) "
            + "Replaced:\(victim) [Hits:\(hits) Misses:\(misses)]\n"
    }

    /// The blank line, `FINALSTATS` with the hit rate in percent, and the last blank line.
    public var footer: String {
        let total = hits + misses
        let rate = total == 0 ? 0 : 100 * Double(hits) / Double(total)
        return "\nFINALSTATS hits \(hits)   misses \(misses)   hitrate \(String(format: "%.2f", rate))\n\n"
    }
}
