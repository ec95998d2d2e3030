import Foundation
import PonderSandbox
import Testing

extension SandboxedRuns {
    @Suite("Limits")
    struct Limits {
        @Test("An infinite loop is stopped by the wall-clock limit")
        func infiniteLoopWall() async {
            let start = ContinuousClock.now
            let result = await SandboxTestSupport.python(
                "while True: pass", limits: SandboxTestSupport.limits(wall: .seconds(2), cpu: 10))
            let elapsed = ContinuousClock.now - start
            #expect(result.outcome == .timedOut, "\(result.reason)")
            #expect(result.reason.contains("timed out after 2 s"), "\(result.reason)")
            // Upper bounds are loose: a shared machine delays the kill, a missing kill never returns.
            #expect(result.wallTime >= .seconds(2) && result.wallTime < .seconds(10), "\(result.wallTime)")
            #expect(elapsed < .seconds(12), "took \(elapsed)")
            #expect(await SandboxTestSupport.strayProcesses() == [])
        }

        @Test("A busy loop is stopped by the CPU limit")
        func infiniteLoopCPU() async {
            let start = ContinuousClock.now
            let result = await SandboxTestSupport.python(
                "while True: pass", limits: SandboxTestSupport.limits(wall: .seconds(10), cpu: 1))
            let elapsed = ContinuousClock.now - start
            #expect(result.outcome == .timedOut, "\(result.reason)")
            #expect(result.reason.contains("CPU time limit of 1 s"), "\(result.reason)")
            #expect(result.termination == .signaled(24))
            // The CPU limit, not the 10 s wall-clock one, ended it (the reason says so); the time is a sanity bound.
            #expect(elapsed < .seconds(20), "took \(elapsed)")
        }

        @Test("A sleeping program (no CPU) is stopped by the wall-clock limit, with its children")
        func sleeper() async {
            let start = ContinuousClock.now
            let result = await SandboxTestSupport.sandbox.run(
                ["sh", "-c", "sleep 100 & sleep 100 & setsid sleep 100 & wait"],
                limits: SandboxTestSupport.limits(wall: .seconds(1)))
            #expect(result.outcome == .timedOut, "\(result.reason)")
            #expect(ContinuousClock.now - start < .seconds(10), "the 100 s sleepers were not waited for")
            #expect(await SandboxTestSupport.strayProcesses() == [])
        }

        @Test("Unbounded allocation is stopped by the memory limit")
        func unboundedAllocation() async {
            let start = ContinuousClock.now
            let result = await SandboxTestSupport.python(
                "x=[]\nwhile True: x.append(' '*10**6)",
                limits: SandboxTestSupport.limits(wall: .seconds(10), memory: 256 * SandboxLimits.mebibyte))
            #expect(result.outcome == .memoryExceeded, "\(result.reason) \(result.stderr)")
            #expect(result.reason.contains("memory limit 256 MiB exceeded"), "\(result.reason)")
            #expect(result.stderr.contains("MemoryError"))
            #expect(ContinuousClock.now - start < .seconds(20))
            // The machine is fine: the process is gone and a new run works.
            #expect(await SandboxTestSupport.strayProcesses() == [])
            let after = await SandboxTestSupport.sandbox.run(["echo", "ok"])
            #expect(after.outcome == .exited(0))
        }

        @Test("A program with modest memory needs runs under the same limit")
        func modestAllocation() async {
            let result = await SandboxTestSupport.python(
                "x = bytearray(50 * 2**20); print(len(x))",
                limits: SandboxTestSupport.limits(memory: 256 * SandboxLimits.mebibyte))
            #expect(result.outcome == .exited(0), "\(result.reason) \(result.stderr)")
            #expect(result.stdout == "52428800\n")
        }

        @Test("A fork bomb is contained and leaves no process behind")
        func forkBomb() async {
            let start = ContinuousClock.now
            // Every process forks forever; each reports its first failed fork once.
            let bomb = """
                import os, sys
                reported = False
                while True:
                    try:
                        os.fork()
                    except OSError as e:
                        if not reported:
                            print("fork failed:", e, file=sys.stderr, flush=True)
                            reported = True
                """
            let result = await SandboxTestSupport.python(
                bomb, limits: SandboxTestSupport.limits(wall: .seconds(2), cpu: 10, processes: 32))
            let elapsed = ContinuousClock.now - start
            #expect(result.outcome == .processLimit || result.outcome == .timedOut, "\(result.outcome) \(result.reason)")
            #expect(result.reason.contains("process limit") || result.reason.contains("timed out"), "\(result.reason)")
            #expect(elapsed < .seconds(15), "took \(elapsed)")
            try? await Task.sleep(for: .milliseconds(200))
            #expect(await SandboxTestSupport.strayProcesses() == [])
        }

        @Test("A shell fork bomb is contained too")
        func shellForkBomb() async {
            let start = ContinuousClock.now
            let result = await SandboxTestSupport.sandbox.run(
                ["bash", "-c", "b() { b | b & }; b; wait"],
                limits: SandboxTestSupport.limits(wall: .seconds(2), processes: 32, output: 1 << 20))
            #expect(
                [SandboxOutcome.processLimit, .timedOut, .exited(0)].contains(result.outcome),
                "\(result.outcome) \(result.reason)")
            #expect(ContinuousClock.now - start < .seconds(15))
            try? await Task.sleep(for: .milliseconds(200))
            #expect(await SandboxTestSupport.strayProcesses() == [])
        }

        @Test("The process limit makes fork fail")
        func processLimitReported() async {
            let code = """
                import os, sys, time
                kids = []
                try:
                    for i in range(100):
                        pid = os.fork()
                        if pid == 0:
                            time.sleep(30); os._exit(0)
                        kids.append(pid)
                except OSError as e:
                    print("stopped after", len(kids), e, file=sys.stderr)
                    sys.exit(1)
                """
            let result = await SandboxTestSupport.python(code, limits: SandboxTestSupport.limits(processes: 8))
            #expect(result.outcome == .processLimit, "\(result.outcome) \(result.reason) \(result.stderr)")
            #expect(result.reason.contains("process limit of 8 reached"), "\(result.reason)")
            #expect(result.stderr.contains("stopped after 7"), "\(result.stderr)")
            try? await Task.sleep(for: .milliseconds(200))
            #expect(await SandboxTestSupport.strayProcesses() == [])
        }

        @Test("A program printing without bound is cut at the output limit")
        func unboundedOutput() async {
            let start = ContinuousClock.now
            let result = await SandboxTestSupport.python(
                "while True: print('spam' * 20)", limits: SandboxTestSupport.limits(wall: .seconds(5), output: 64 * 1024))
            #expect(result.outcome == .outputLimit, "\(result.reason)")
            #expect(result.stdoutTruncated)
            #expect(result.stdoutBytes.count == 64 * 1024)
            #expect(result.reason.contains("stdout passed 64 KiB"), "\(result.reason)")
            #expect(ContinuousClock.now - start < .seconds(15))
        }

        @Test("Writing a file past the file-size limit is stopped")
        func fileSizeLimit() async {
            var limits = SandboxTestSupport.limits()
            limits.maxFileSizeBytes = 1 << 20
            // dd dies of SIGXFSZ.
            let signaled = await SandboxTestSupport.sandbox.run(
                ["dd", "if=/dev/zero", "of=big.bin", "bs=1M", "count=5"], limits: limits)
            #expect(signaled.outcome == .outputLimit, "\(signaled.outcome) \(signaled.reason)")
            #expect(signaled.termination == .signaled(25))
            #expect(signaled.reason.contains("file size limit of 1 MiB"), "\(signaled.reason)")
            // Python ignores SIGXFSZ and gets EFBIG instead.
            let failed = await SandboxTestSupport.python(
                "open('big.bin', 'wb').write(b'0' * 5_000_000)", limits: limits)
            #expect(failed.outcome == .outputLimit, "\(failed.outcome) \(failed.reason)")
            #expect(failed.reason.contains("file size limit of 1 MiB"), "\(failed.reason)")
            // Under the limit is fine.
            let small = await SandboxTestSupport.python(
                "open('small.bin', 'wb').write(b'0' * 500_000); print(len(open('small.bin','rb').read()))", limits: limits)
            #expect(small.outcome == .exited(0), "\(small.reason)")
            #expect(small.stdout == "500000\n")
        }
    }
}
