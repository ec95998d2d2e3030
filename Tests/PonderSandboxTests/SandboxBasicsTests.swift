import Foundation
@testable import PonderSandbox
import Testing

extension SandboxedRuns {
    @Suite("Basics")
    struct Basics {
        @Test("A normal program exits 0 with its stdout captured")
        func normalProgram() async {
            let result = await SandboxTestSupport.sandbox.run(["sh", "-c", "echo hello; echo oops >&2"])
            #expect(result.outcome == .exited(0), "\(result.reason) \(result.stderr)")
            #expect(result.termination == .exited(0))
            #expect(result.stdout == "hello\n")
            #expect(result.stderr == "oops\n")
            #expect(result.succeeded)
        }

        @Test("A failing program exits non-zero")
        func failingProgram() async {
            let result = await SandboxTestSupport.python("import sys; print('bad', file=sys.stderr); sys.exit(3)")
            #expect(result.outcome == .exited(3), "\(result.reason) \(result.stderr)")
            #expect(result.stderr.contains("bad"))
            #expect(result.reason.contains("status 3"))
            #expect(!result.succeeded)
        }

        @Test("Exit status 137 is not mistaken for SIGKILL, and a signal is reported as a signal")
        func exitVersusSignal() async {
            let exited = await SandboxTestSupport.sandbox.run(["sh", "-c", "exit 137"])
            #expect(exited.outcome == .exited(137), "\(exited.reason)")
            let signaled = await SandboxTestSupport.python("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)")
            #expect(signaled.termination == .signaled(11), "\(signaled.reason)")
            #expect(signaled.outcome == .killed(signal: 11))
        }

        @Test("Stdin and files reach the program, which runs as nobody in /work")
        func stdinAndFiles() async {
            let files = [
                SandboxFile(path: "data/input.txt", text: "from a file\n"),
                SandboxFile(path: "run.sh", text: "#!/bin/sh\necho script ran\n", isExecutable: true),
            ]
            let result = await SandboxTestSupport.sandbox.run(
                ["sh", "-c", "cat; cat data/input.txt; ./run.sh; pwd; id -u; id -g"],
                stdin: Array("from stdin\n".utf8), files: files)
            #expect(result.outcome == .exited(0), "\(result.reason) \(result.stderr)")
            #expect(result.stdout == "from stdin\nfrom a file\nscript ran\n/work\n65534\n65534\n")
        }

        @Test("A large stdin that the program never reads does not block the run")
        func unreadStdin() async {
            let result = await SandboxTestSupport.sandbox.run(
                ["sh", "-c", "echo done"], stdin: [UInt8](repeating: 0x61, count: 4 << 20))
            #expect(result.outcome == .exited(0), "\(result.reason)")
            #expect(result.stdout == "done\n")
        }

        @Test("Large output on both streams is drained without deadlock")
        func bothStreams() async {
            let result = await SandboxTestSupport.python(
                "import sys\nfor i in range(2000):\n    sys.stdout.write('o'*10+'\\n'); sys.stderr.write('e'*10+'\\n')")
            #expect(result.outcome == .exited(0), "\(result.reason)")
            #expect(result.stdoutBytes.count == 22000)
            #expect(result.stderrBytes.count == 22000)
        }

        @Test("The program has no capabilities and no_new_privs set")
        func privileges() async {
            let result = await SandboxTestSupport.sandbox.run(["grep", "-E", "^(CapEff|CapBnd|NoNewPrivs)", "/proc/self/status"])
            #expect(result.outcome == .exited(0), "\(result.reason)")
            #expect(result.stdout.contains("CapEff:\t0000000000000000"))
            #expect(result.stdout.contains("CapBnd:\t0000000000000000"))
            #expect(result.stdout.contains("NoNewPrivs:\t1"))
        }

        @Test("The program inherits no descriptor beyond stdin, stdout and stderr")
        func descriptors() async {
            let code = """
                import os
                for fd in range(3, 256):
                    try:
                        os.fstat(fd)
                        print("OPEN", fd, os.readlink(f"/proc/self/fd/{fd}"))
                    except OSError:
                        pass
                print("checked")
                """
            let result = await SandboxTestSupport.python(code)
            #expect(result.outcome == .exited(0), "\(result.reason) \(result.stderr)")
            #expect(result.stdout == "checked\n", "\(result.stdout)")
        }

        @Test("A failure of the sandbox's own tools is not blamed on the program")
        func toolFailure() async {
            var limits = SandboxTestSupport.limits()
            limits.maxOpenFiles = 1 << 30  // above fs.nr_open: prlimit fails even as root
            let result = await SandboxTestSupport.sandbox.run(["echo", "ran"], limits: limits)
            guard case .sandboxUnavailable(let why) = result.outcome else {
                Issue.record("expected sandboxUnavailable, got \(result.outcome): \(result.reason)")
                return
            }
            #expect(why.contains("prlimit"), "\(why)")
            #expect(result.stdout.isEmpty)
        }

        @Test("Files with unsafe paths are refused, not written")
        func unsafePaths() async {
            let result = await SandboxTestSupport.sandbox.run(["true"], files: [SandboxFile(path: "../escape", text: "x")])
            guard case .sandboxUnavailable(let why) = result.outcome else {
                Issue.record("expected sandboxUnavailable, got \(result.outcome)")
                return
            }
            #expect(why.contains("../escape"))
        }

        @Test("When isolation cannot be set up, nothing runs and the reason is given")
        func unavailable() async throws {
            let marker = "/tmp/ponder-sandbox-test-ran-\(UUID().uuidString)"
            let missing = Sandbox(configuration: SandboxConfiguration(unsharePath: "/nonexistent/unshare"))
            let first = await missing.run(["touch", marker])
            guard case .sandboxUnavailable(let reason) = first.outcome else {
                Issue.record("expected sandboxUnavailable, got \(first.outcome)")
                return
            }
            #expect(reason.contains("/nonexistent/unshare"))

            // An `unshare` that fails the way it does without privileges.
            let fake = "/tmp/ponder-fake-unshare-\(UUID().uuidString)"
            try "#!/bin/sh\necho 'unshare: unshare failed: Operation not permitted' >&2\nexit 1\n"
                .write(toFile: fake, atomically: true, encoding: .utf8)
            chmod(fake, 0o755)
            defer { unlink(fake) }
            let denied = Sandbox(configuration: SandboxConfiguration(unsharePath: fake))
            let second = await denied.run(["touch", marker])
            guard case .sandboxUnavailable(let why) = second.outcome else {
                Issue.record("expected sandboxUnavailable, got \(second.outcome)")
                return
            }
            #expect(why.contains("Operation not permitted"), "\(why)")
            #expect(second.reason.hasPrefix("sandbox unavailable"))
            #expect(!FileManager.default.fileExists(atPath: marker))
            #expect(await denied.unavailabilityReason() != nil)
            #expect(await SandboxTestSupport.sandbox.unavailabilityReason() == nil)
        }

        @Test("The staging directory is removed after the run")
        func stagingRemoved() async throws {
            let parent = "/tmp/ponder-staging-test-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: parent) }
            let sandbox = Sandbox(configuration: SandboxConfiguration(stagingDirectory: parent))
            let result = await sandbox.run(["cat", "a.txt"], files: [SandboxFile(path: "a.txt", text: "A")])
            #expect(result.stdout == "A", "\(result.reason)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
        }

        @Test("Concurrent runs do not mix up their pipes or files")
        func concurrentRuns() async {
            let results = await withTaskGroup(of: (Int, SandboxResult).self) { group in
                for index in 0..<6 {
                    group.addTask {
                        let result = await SandboxTestSupport.sandbox.run(
                            ["sh", "-c", "cat n.txt; cat; sleep 0.2"], stdin: Array("in\(index)".utf8),
                            files: [SandboxFile(path: "n.txt", text: "file\(index) ")])
                        return (index, result)
                    }
                }
                var all: [Int: SandboxResult] = [:]
                for await (index, result) in group { all[index] = result }
                return all
            }
            for index in 0..<6 {
                #expect(results[index]?.stdout == "file\(index) in\(index)", "\(results[index]?.reason ?? "")")
            }
        }

        @Test("Cancelling the calling task stops the run")
        func cancellation() async {
            let start = ContinuousClock.now
            let task = Task { await SandboxTestSupport.sandbox.run(["sleep", "30"]) }
            try? await Task.sleep(for: .milliseconds(800))
            task.cancel()
            let result = await task.value
            #expect(result.outcome == .cancelled, "\(result.reason)")
            #expect(ContinuousClock.now - start < .seconds(15), "the 30 s sleep was not waited for")
        }
    }
}

@Suite struct HostPeakMemoryTests {
    @Test func aChildPeakNoHigherThanTheHostsIsNotTrusted() throws {
        let host = try #require(HostPeakMemory.bytes())
        #expect(host > 1 << 20, "the test process holds more than a mebibyte")
        #expect(HostPeakMemory.childPeak(reported: host / 2) == nil, "may be the host's mark inherited through posix_spawn")
        #expect(HostPeakMemory.childPeak(reported: host * 4) == host * 4)
    }
}
