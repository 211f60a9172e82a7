public import VMCore

/// What a trace must show for a ``SingleSpaceMachine`` to run it: every access a user-mode access of one process
/// (never the kernel's pid), and the largest page number, which sizes the machine's flat table of entries.
public struct SingleSpaceProfile: Sendable, Hashable {
    /// The one process's pid.
    public var pid: UInt32
    /// The largest page number referenced.
    public var largestPage: UInt64

    /// Collects the profile of accesses seen so far, one batch at a time.
    struct Builder {
        private var pid: UInt32?
        private var largestPage: UInt64 = 0
        private var qualifies = true

        /// The profile of every access added, nil when none was added or any breaks the rule.
        var profile: SingleSpaceProfile? {
            guard qualifies, let pid else { return nil }
            return SingleSpaceProfile(pid: pid, largestPage: largestPage)
        }

        mutating func add(_ accesses: UnsafeBufferPointer<Access>, pageShift: Int) {
            guard qualifies, let first = accesses.first else { return }
            let pid = self.pid ?? first.pid
            let shift = UInt64(pageShift)
            var largest = largestPage
            for access in accesses {
                guard access.pid == pid, access.mode == .user, access.pid != Access.kernelPID else {
                    qualifies = false
                    return
                }
                largest = max(largest, access.address >> shift)
            }
            self.pid = pid
            largestPage = largest
        }
    }

    /// The profile of a whole trace in memory, nil when it does not qualify.
    static func of(_ accesses: UnsafeBufferPointer<Access>, pageShift: Int) -> SingleSpaceProfile? {
        var builder = Builder()
        builder.add(accesses, pageShift: pageShift)
        return builder.profile
    }
}
