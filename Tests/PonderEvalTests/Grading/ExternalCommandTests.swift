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
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        // The shell's ignored-signal mask, as the kernel reports it.
        let output = try await ExternalCommand(command: "grep SigIgn /proc/$$/status", timeout: .seconds(30)).run(stdin: Data(), environment: [:])
        let mask = output.stdout.split(separator: "\t").last.flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines), radix: 16) }
        #expect(mask != nil && mask! & (1 << (UInt64(SIGPIPE) - 1)) == 0)
    }

    @Test func aTimeoutStopsTheCommandAndWhatItStarted() async throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-grader-child-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        // The shell starts a child of its own and waits for it; the timeout comes long before either ends.
        await #expect(throws: GradingError.self) {
            try await ExternalCommand(command: "sleep 300 & echo $! > \(pidFile); wait", timeout: .milliseconds(300))
                .run(stdin: Data(), environment: [:])
        }
        let text = try String(contentsOfFile: pidFile, encoding: .utf8)
        let child = try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        // Gone, or a zombie waiting for whoever inherited it: either way no longer running.
        var running = true
        for _ in 0..<100 where running {
            running = Self.isRunning(child)
            if running { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(!running)
    }

    private static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }
}
