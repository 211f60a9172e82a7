public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files so that readers never see half of one: the data goes to a temporary file in the destination's
/// directory and is renamed over the destination. A failed write leaves what was there untouched and no
/// temporary file behind.
///
/// Contract:
/// - Only regular files are written. A destination that is a directory, a device (`/dev/full`), a pipe or a
///   socket is refused with a ``FileSystemError`` whose ``FileSystemError/isUsage`` is true; nothing is created.
/// - A symbolic link is followed: its target is replaced (in the target's directory), the link stays a link.
/// - A replaced file keeps its permission bits; a new file gets `0666` less the umask.
/// - Missing parent directories are created. Every failure is a ``FileSystemError`` sentence naming the path and
///   the reason, never Foundation's error text.
public enum AtomicFile {
    /// Writes `data` to `path` atomically, creating missing parent directories.
    public static func write(_ data: Data, to path: String) throws(FileSystemError) {
        let destination = try resolve(path)
        let existingMode = try checkDestination(destination, shownAs: path)
        let (directory, name) = split(destination)
        guard !name.isEmpty else {
            throw FileSystemError("cannot write \(path): it names a directory; give a file name", isUsage: true)
        }
        try createDirectory(directory.isEmpty ? "." : directory)
        let unique = "\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).\(unique).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, existingMode ?? 0o666)
        guard descriptor >= 0 else {
            throw FileSystemError("create a file in", path: directory.isEmpty ? "." : directory, errno: errno)
        }
        var failure: Int32 = 0
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    failure = written == 0 ? EIO : errno
                    return
                }
            }
        }
        if failure == 0, let existingMode { _ = fchmod(descriptor, existingMode) }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, destination) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw FileSystemError("write", path: path, errno: failure)
        }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws(FileSystemError) {
        try write(Data(text.utf8), to: path)
    }

    /// Creates `path` and its missing parents, or says why it cannot (a file in the way, no permission).
    public static func createDirectory(_ path: String) throws(FileSystemError) {
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw FileSystemError("cannot use \(path) as a directory: it is a file", isUsage: true)
            }
            return
        }
        let parent = split(path).directory
        if !parent.isEmpty && parent != path { try createDirectory(parent) }
        guard mkdir(path, 0o777) == 0 || errno == EEXIST else {
            throw FileSystemError("create", path: path, errno: errno)
        }
    }

    /// The path a write to `path` replaces: `path` itself, or the final target of a symbolic link (a dangling
    /// link's target is created).
    static func resolve(_ path: String) throws(FileSystemError) -> String {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length >= 0 else { throw FileSystemError("read the link", path: current, errno: errno) }
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let directory = split(current).directory
            current = target.hasPrefix("/") || directory.isEmpty ? target : directory + "/" + target
        }
        throw FileSystemError("cannot write \(path): too many levels of symbolic links", isUsage: true)
    }

    /// The directory part of `path` (without the trailing `/`, empty for a bare name, `/` for the root) and the
    /// last component (empty when `path` ends with `/`). Foundation's path functions trap on some inputs (`.`).
    public static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        let name = String(path[path.index(after: slash)...])
        var directory = String(path[..<slash])
        while directory.hasSuffix("/") { directory.removeLast() }
        return (path.hasPrefix("/") && directory.isEmpty ? "/" : directory, name)
    }

    /// Refuses destinations that are not regular files; returns the permission bits of an existing file.
    private static func checkDestination(_ destination: String, shownAs path: String) throws(FileSystemError)
        -> mode_t?
    {
        var status = stat()
        guard stat(destination, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            return status.st_mode & 0o7777
        case S_IFDIR:
            throw FileSystemError("cannot write \(path): it is a directory; give a file name", isUsage: true)
        case S_IFCHR, S_IFBLK:
            throw FileSystemError(
                "cannot write \(path): it is a device; results are written to regular files only", isUsage: true)
        default:
            throw FileSystemError(
                "cannot write \(path): it is not a regular file (a pipe or socket); results are written to regular "
                    + "files only", isUsage: true)
        }
    }
}

/// `write(2)`, named apart from `AtomicFile.write`.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
