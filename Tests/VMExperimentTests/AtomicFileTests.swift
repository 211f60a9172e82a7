import Foundation
import Testing
import VMExperiment

/// Atomic writes replace regular files only, follow symbolic links, and leave nothing half-written.
struct AtomicFileTests {
    static func inDirectory(_ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmlab-atomic-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }

    @Test("A symbolic link stays a link; its target gets the new content")
    func followsLinks() throws {
        try Self.inDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory + "/real", withIntermediateDirectories: true)
            try "old".write(toFile: directory + "/real/target.json", atomically: false, encoding: .utf8)
            try FileManager.default.createSymbolicLink(
                atPath: directory + "/link.json", withDestinationPath: "real/target.json")
            try AtomicFile.write("new", to: directory + "/link.json")
            let kind = try FileManager.default.attributesOfItem(atPath: directory + "/link.json")[.type]
            #expect(kind as? FileAttributeType == .typeSymbolicLink)
            #expect(try String(contentsOfFile: directory + "/real/target.json", encoding: .utf8) == "new")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/real") == ["target.json"])
        }
    }

    @Test("A dangling link's target is created")
    func danglingLink() throws {
        try Self.inDirectory { directory in
            try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: "made.txt")
            try AtomicFile.write("x", to: directory + "/link")
            #expect(try String(contentsOfFile: directory + "/made.txt", encoding: .utf8) == "x")
        }
    }

    @Test("A replaced file keeps its permission bits")
    func keepsPermissions() throws {
        try Self.inDirectory { directory in
            let path = directory + "/script.sh"
            try "old".write(toFile: path, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: path)
            try AtomicFile.write("new", to: path)
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o750)
        }
    }

    @Test("Devices, directories and files in the way are refused; nothing is left behind")
    func refusals() throws {
        try Self.inDirectory { directory in
            try "keep".write(toFile: directory + "/file", atomically: false, encoding: .utf8)
            let cases: [(String, String)] = [
                ("/dev/null", "/dev/null: it is a device"),
                (directory, "it is a directory; give a file name"),
                (directory + "/file/x", "cannot use \(directory)/file as a directory: it is a file"),
            ]
            for (path, message) in cases {
                let error = #expect(throws: FileSystemError.self) { try AtomicFile.write("x", to: path) }
                #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
                #expect(error?.isUsage == true)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["file"])
            #expect(try String(contentsOfFile: directory + "/file", encoding: .utf8) == "keep")
        }
    }
}
