import Foundation
import Testing

@testable import PonderEval

@Suite struct ExternalCommandTests {
    @Test func theCommandSeesOnlyItsThreeStandardDescriptors() async throws {
        // Descriptors this process holds (servers, clients, files) must not leak into a grader.
        var pipes: [Int32] = []
        for _ in 0..<40 {
            var fds: [Int32] = [-1, -1]
            #expect(pipe(&fds) == 0)
            pipes += fds
        }
        defer { for fd in pipes { close(fd) } }
        let output = try await ExternalCommand(command: "ls /proc/self/fd", timeout: .seconds(30)).run(stdin: Data(), environment: [:])
        // `ls` itself holds one more: the directory it is listing.
        let listed = output.stdout.split(separator: "\n").compactMap { Int($0) }.sorted()
        #expect(output.status == 0)
        #expect(listed.count == 4 && Array(listed.prefix(3)) == [0, 1, 2])
    }

    @Test func standardInputOutputErrorAndTheEnvironmentArrive() async throws {
        let output = try await ExternalCommand(command: #"cat; echo "$GRADE_NOTE" >&2; exit 7"#, timeout: .seconds(30))
            .run(stdin: Data("the row\n".utf8), environment: ["GRADE_NOTE": "noted"])
        #expect(output.status == 7 && output.stdout == "the row\n" && output.stderr == "noted\n")
    }

    @Test func aCommandKilledByASignalReports128PlusItsNumber() async throws {
        let output = try await ExternalCommand(command: "kill -TERM $$", timeout: .seconds(30)).run(stdin: Data(), environment: [:])
        #expect(output.status == 128 + SIGTERM)
    }

    @Test func signalsTheHostIgnoresAreNotIgnoredByTheCommand() async throws {
        // Ignored here as in every process that uses SwiftNIO (which ignores it too); left so, since
        // other tests run in this process meanwhile.
        signal(SIGPIPE, SIG_IGN)
        // The shell's ignored-signal mask, as the kernel reports it.
        let output = try await ExternalCommand(command: "grep SigIgn /proc/$$/status", timeout: .seconds(30)).run(stdin: Data(), environment: [:])
        let mask = output.stdout.split(separator: "\t").last.flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines), radix: 16) }
        #expect(mask != nil && mask! & (1 << (UInt64(SIGPIPE) - 1)) == 0)
    }

    @Test func aTimeoutStopsTheCommandAndWhatItStarted() async throws {
        let pidFile = Self.temporaryPath("ponder-grader-child")
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        // The shell starts a child of its own and waits for it; the timeout comes long before either
        // ends, and long after the shell has written the child's pid (even on a loaded machine).
        await #expect(throws: GradingError.self) {
            try await ExternalCommand(command: "sleep 300 & echo $! > \(pidFile); wait", timeout: .seconds(3))
                .run(stdin: Data(), environment: [:])
        }
        let child = try #require(await Self.pid(in: pidFile))
        #expect(await Self.stops(child))
    }

    @Test func aCancelledCallerStopsTheCommandAndWhatItStarted() async throws {
        let pidFile = Self.temporaryPath("ponder-grader-cancelled")
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let run = Task {
            try await ExternalCommand(command: "sleep 300 & echo $! > \(pidFile); wait", timeout: .seconds(600))
                .run(stdin: Data(), environment: [:])
        }
        let child = try #require(await Self.pid(in: pidFile))
        run.cancel()
        await #expect(throws: CancellationError.self) { try await run.value }
        #expect(await Self.stops(child))
    }

    private static func temporaryPath(_ prefix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
    }

    /// The pid a command wrote to `path`, once it has (within 30 s).
    static func pid(in path: String) async -> Int32? {
        for _ in 0..<300 {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasSuffix("\n"),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return pid
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    /// Whether the process is gone, or a zombie waiting for whoever inherited it, within 10 s.
    static func stops(_ pid: Int32) async -> Bool {
        for _ in 0..<100 {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return true }
            let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
            if state == "Z" || state == "X" { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}

@Suite struct RunningCommandsTests {
    @Test func stopAllEndsTheCommandsStillRunningAndWhatTheyStarted() async throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-grader-stopall-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let registry = RunningCommands()
        let run = Task {
            try await ExternalCommand(command: "sleep 300 & echo $! > \(pidFile); wait", timeout: .seconds(600), registry: registry)
                .run(stdin: Data(), environment: [:])
        }
        let child = try #require(await ExternalCommandTests.pid(in: pidFile))
        #expect(registry.stopAll() == 1)
        let output = try await run.value
        #expect(output.status == 128 + SIGKILL)
        #expect(await ExternalCommandTests.stops(child))
    }
}

extension RunningCommandsTests {
    @Test func aCommandThatEndedIsNoLongerListed() async throws {
        let registry = RunningCommands()
        let output = try await ExternalCommand(command: "true", timeout: .seconds(30), registry: registry).run(stdin: Data(), environment: [:])
        #expect(output.status == 0)
        #expect(registry.stopAll() == 0)
    }
}
