import PonderCore

/// Turns what the supervisor saw into an outcome and a reason.
///
/// Memory: the limit is `RLIMIT_AS`, so running out of memory does not kill the program; its
/// allocation fails and it dies of that. The run counts as ``SandboxOutcome/memoryExceeded`` when a
/// memory limit was set, the program failed (non-zero exit or a fatal signal), and either its stderr
/// shows an allocation failure (`MemoryError`, `Cannot allocate memory`, `std::bad_alloc`, "out of
/// memory", …) or it died of `SIGSEGV`/`SIGABRT`/`SIGBUS` with a peak resident size of at least half
/// the limit.
///
/// Files: past `RLIMIT_FSIZE` a write raises `SIGXFSZ`, or fails with `EFBIG` ("File too large") when
/// the program ignores that signal, as Python does; both count as ``SandboxOutcome/outputLimit``.
///
/// Processes: `RLIMIT_NPROC` makes `fork`/`clone` fail with `EAGAIN`. The run counts as
/// ``SandboxOutcome/processLimit`` when it did not exit 0 and its stderr shows a failed fork
/// ("Resource temporarily unavailable", "Cannot fork", `BlockingIOError`, …); the reason then also
/// says what ended it (usually the wall-clock limit).
enum SandboxOutcomeClassifier {
    static func classify(_ run: SupervisedRun, limits: SandboxLimits) -> SandboxResult {
        let (outcome, termination, reason) = decide(run, limits: limits)
        return SandboxResult(
            outcome: outcome, termination: termination, stdoutBytes: run.stdout, stderrBytes: run.stderr,
            stdoutTruncated: run.stdoutTruncated, stderrTruncated: run.stderrTruncated, wallTime: run.wallTime,
            cpuTime: run.cpuTime, peakMemoryBytes: run.peakMemoryBytes, reason: reason)
    }

    static func decide(_ run: SupervisedRun, limits: SandboxLimits) -> (SandboxOutcome, ProcessTermination?, String) {
        let unavailableLine = run.statusText.split(separator: "\n").first { $0.hasPrefix(SandboxLaunch.unavailablePrefix) }
        if !run.started || unavailableLine != nil {
            if run.kill == .cancelled { return (.cancelled, nil, "cancelled before the program started") }
            var why: String
            if let unavailableLine {
                why = String(unavailableLine.dropFirst(SandboxLaunch.unavailablePrefix.count))
            } else if run.kill == .setupTimeout {
                why = "sandbox setup did not finish in time"
            } else if let status = run.programStatus, let termination = ProcessTermination(waitStatus: status) {
                why = "a sandbox tool (prlimit, setpriv) \(termination) before the program started"
            } else if let status = run.launcherStatus, let termination = ProcessTermination(waitStatus: status) {
                why = "the namespace launcher (unshare) \(termination) before the program started"
            } else {
                why = "the namespace launcher ended before the program started"
            }
            let diagnostics = (run.statusText.split(separator: "\n").filter { !$0.hasPrefix("@") }.map(String.init)
                + String(decoding: run.stderr, as: UTF8.self).split(separator: "\n").map(String.init))
                .map { $0.trimmingSpaces }.filter { !$0.isEmpty }
            if !diagnostics.isEmpty { why += ": " + diagnostics.suffix(4).joined(separator: "; ") }
            return (.sandboxUnavailable(why), nil, "sandbox unavailable: \(why)")
        }

        let termination = run.programStatus.flatMap { ProcessTermination(waitStatus: $0) }
        let stderr = String(decoding: run.stderr, as: UTF8.self)
        let forkFailed = Evidence.forkFailure(in: stderr)

        var outcome: SandboxOutcome
        var reason: String
        switch run.kill {
        case .wallTimeout:
            outcome = .timedOut
            reason = "timed out after \(Format.duration(limits.wallTime)) (wall-clock limit)"
        case .outputLimit(let stream):
            outcome = .outputLimit
            reason = "output limit exceeded: \(stream) passed \(Format.bytes(limits.maxOutputBytes)); the program was stopped"
        case .cancelled:
            return (.cancelled, nil, "cancelled; the program was stopped")
        case .supervisionFailed(let why):
            return (.sandboxUnavailable("supervising the run failed: \(why)"), nil, "sandbox unavailable: supervising the run failed: \(why)")
        case .setupTimeout:
            outcome = .timedOut  // unreachable: setup timeouts never start the program
            reason = "timed out"
        case nil:
            switch termination {
            case nil:
                outcome = .killed(signal: SIGKILLValue)
                reason = "the sandbox init ended without reporting the program's status"
            case .exited(let code)?:
                outcome = .exited(code)
                reason = "exited with status \(code)"
            case .signaled(let signal)?:
                outcome = .killed(signal: signal)
                reason = "killed by signal \(SignalName.name(signal))"
                if signal == SIGXCPUValue
                    || (signal == SIGKILLValue && (run.cpuTime.map { $0 >= .seconds(limits.effectiveCPUSeconds) } ?? false))
                {
                    outcome = .timedOut
                    reason = "timed out: CPU time limit of \(limits.effectiveCPUSeconds) s exceeded"
                } else if signal == SIGXFSZValue {
                    outcome = .outputLimit
                    reason = "file size limit of \(Format.bytes(limits.maxFileSizeBytes)) exceeded"
                }
            }
            if isFailure(outcome), let evidence = Evidence.fileTooLarge(in: stderr) {
                outcome = .outputLimit
                reason = "file size limit of \(Format.bytes(limits.maxFileSizeBytes)) exceeded (\(evidence))"
            }
            if let memory = limits.memoryBytes, isFailure(outcome),
               let evidence = Evidence.memoryFailure(
                   in: stderr, termination: termination, peakMemoryBytes: run.peakMemoryBytes, limit: memory)
            {
                outcome = .memoryExceeded
                reason = "memory limit \(Format.bytes(memory)) exceeded (\(evidence))"
            }
        }

        if let forkFailed, outcome != .exited(0), outcome != .memoryExceeded {
            reason = "process limit of \(limits.maxProcesses) reached (\(forkFailed)); then \(reason)"
            outcome = .processLimit
        }
        if Evidence.networkRefused(in: stderr) {
            reason += " (network access is disabled in the sandbox: network unreachable)"
        }
        return (outcome, termination, reason)
    }

    private static func isFailure(_ outcome: SandboxOutcome) -> Bool {
        switch outcome {
        case .exited(let code): return code != 0
        case .killed: return true
        default: return false
        }
    }

    static let SIGKILLValue: Int32 = 9
    static let SIGXCPUValue: Int32 = 24
    static let SIGXFSZValue: Int32 = 25
}

/// Signs in a program's stderr (and its death) of which limit it ran into.
enum Evidence {
    static let memoryPatterns = [
        "MemoryError", "Cannot allocate memory", "std::bad_alloc", "out of memory", "Out of memory",
        "OutOfMemory", "memory allocation failed", "failed to allocate", "Failed to allocate", "ENOMEM",
        "cannot allocate", "allocation failed", "Allocation failed",
    ]

    static func memoryFailure(in stderr: String, termination: ProcessTermination?, peakMemoryBytes: Int?, limit: Int)
        -> String?
    {
        if let pattern = memoryPatterns.first(where: { stderr.contains($0) }) { return pattern }
        if case .signaled(let signal)? = termination, [6, 7, 11].contains(signal),
           let peak = peakMemoryBytes, peak * 2 >= limit
        {
            return "\(SignalName.name(signal)) near the limit"
        }
        return nil
    }

    static let forkPatterns = [
        "Resource temporarily unavailable", "BlockingIOError", "Cannot fork", "can't fork", "cannot fork",
        "fork: retry", "fork failed", "can't start new thread", "pthread_create failed",
    ]

    static func forkFailure(in stderr: String) -> String? {
        guard let pattern = forkPatterns.first(where: { stderr.contains($0) }) else { return nil }
        return "fork failed: \(pattern)"
    }

    static func fileTooLarge(in stderr: String) -> String? {
        ["File too large", "EFBIG"].first { stderr.contains($0) }
    }

    static func networkRefused(in stderr: String) -> Bool {
        stderr.contains("Network is unreachable") || stderr.contains("Network unreachable")
    }
}

/// Formatting for reasons.
enum Format {
    static func duration(_ duration: Duration) -> String {
        let seconds = duration.inSeconds
        if seconds == seconds.rounded() { return "\(Int(seconds)) s" }
        return "\((seconds * 100).rounded() / 100) s"
    }

    static func bytes(_ count: Int) -> String {
        if count >= 1024 * 1024, count % (1024 * 1024) == 0 { return "\(count / (1024 * 1024)) MiB" }
        if count >= 1024, count % 1024 == 0 { return "\(count / 1024) KiB" }
        return "\(count) bytes"
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
