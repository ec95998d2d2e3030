import Foundation
import Testing

@testable import PonderSandbox

@Suite struct PosixSpawnTests {
    /// The descriptors are copied in order; a source among the low numbers that an earlier copy takes
    /// over (here the host's own 0, which becomes the child's 2 after fd 0 was given away) still
    /// arrives as itself.
    @Test func aLowSourceDescriptorIsNotOverwrittenByAnEarlierOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-spawn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputPath = folder.appendingPathComponent("out").path
        let nothing = open("/dev/null", O_RDONLY | O_CLOEXEC)
        let output = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        #expect(nothing > 2 && output > 2)
        defer {
            close(nothing)
            close(output)
        }
        let pid = try PosixSpawn.start(
            executable: "/bin/sh", argv: ["/bin/sh", "-c", "readlink /proc/$$/fd/0; readlink /proc/$$/fd/2"],
            environment: PosixSpawn.environment(), descriptors: [nothing, output, 0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        #expect(status == 0)
        let lines = try String(contentsOfFile: outputPath, encoding: .utf8).split(separator: "\n").map(String.init)
        let hostInput = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/0")
        #expect(lines == ["/dev/null", hostInput])
    }

    @Test func aClosedDescriptorIsRefused() throws {
        #expect(throws: PosixSpawn.Failure.self) {
            _ = try PosixSpawn.start(executable: "/bin/true", argv: ["true"], environment: [:], descriptors: [-1, 1, 2])
        }
    }
}
