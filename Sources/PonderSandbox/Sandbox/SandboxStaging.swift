#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation

/// The host directory of one run: `files/` (what the program finds in its working directory, copied
/// into the sandbox's tmpfs by the setup script) and `root/` (the mount point of the new root inside
/// the mount namespace; it stays empty on the host). Created mode 0700, removed after the run.
struct SandboxStaging {
    let base: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(parent: String, files: [SandboxFile]) throws {
        var template = Array("\(parent)/ponder-sandbox-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in mkdtemp(buffer.baseAddress!) }
        guard created != nil else {
            throw Failure(description: "cannot create a staging directory in \(parent): \(String(cString: strerror(errno)))")
        }
        base = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        do {
            try Self.makeDirectory("\(base)/files")
            try Self.makeDirectory("\(base)/root")
            for file in files {
                guard let components = file.safeComponents else {
                    throw Failure(description: "refusing file path \"\(file.path)\": it must be relative, without \"..\"")
                }
                var directory = "\(base)/files"
                for component in components.dropLast() {
                    directory += "/\(component)"
                    if access(directory, F_OK) != 0 { try Self.makeDirectory(directory) }
                }
                try Self.write(file.contents, to: "\(directory)/\(components.last!)", mode: file.isExecutable ? 0o755 : 0o644)
            }
        } catch {
            remove()
            throw error
        }
    }

    var filesDirectory: String { "\(base)/files" }

    func remove() {
        try? FileManager.default.removeItem(atPath: base)
    }

    private static func makeDirectory(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 else {
            throw Failure(description: "mkdir \(path): \(String(cString: strerror(errno)))")
        }
    }

    private static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw Failure(description: "open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "write \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        _ = fchmod(fd, mode)
    }
}
