import Foundation
public import VMExperiment

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Exclusive use of an output directory by one `vmlab run` or `vmlab merge` at a time.
///
/// The lock is `flock(2)` on `DIR/.vmlab.lock`, which holds the owner's pid for the message a second run prints.
/// The kernel releases it when the process ends in any way (a crash or `kill -9` leaves no stale lock). Holding
/// it, the owner removes temporary files that an interrupted earlier run left (`.*.tmp` from atomic writes).
public final class OutputDirectoryLock: Sendable {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock on `directory` (creating it), or throws naming the pid that holds it.
    public init(directory: String) throws(FileSystemError) {
        try AtomicFile.createDirectory(directory)
        path = directory + "/.vmlab.lock"
        let opened = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw FileSystemError("create the lock file", path: path, errno: errno) }
        guard flock(opened, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = pread(opened, &buffer, buffer.count, 0)
            close(opened)
            guard code == EWOULDBLOCK else { throw FileSystemError("lock", path: path, errno: code) }
            let owner = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw FileSystemError(
                "\(directory) is in use by another vmlab run (pid \(owner.isEmpty ? "unknown" : owner)); wait for it "
                    + "to finish or give another --output",
                isUsage: true)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(opened, 0)
        _ = pwrite(opened, pid, pid.count, 0)
        descriptor = opened
    }

    deinit {
        close(descriptor)
    }

    /// Removes the temporary files (`.NAME.PID.N.tmp`) that interrupted atomic writes left in `directory`, and
    /// returns how many. Only call while holding the lock: no other run is writing there.
    @discardableResult
    public static func removeLeftovers(in directory: String) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            if unlink(directory + "/" + name) == 0 { removed += 1 }
        }
        return removed
    }
}
