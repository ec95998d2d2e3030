#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What the supervisor saw of one launch, before it is interpreted as a ``SandboxResult``.
struct SupervisedRun {
    enum Kill: Equatable {
        case setupTimeout
        case wallTimeout
        case outputLimit(stream: String)
        case cancelled
        case supervisionFailed(String)
    }

    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var stdoutTruncated = false
    var stderrTruncated = false
    /// Everything the status channel carried (setup diagnostics and protocol lines).
    var statusText = ""
    /// The exec shim reported that the program is being executed.
    var started = false
    /// The program's raw wait status, reported by the init.
    var programStatus: Int32?
    /// Why the supervisor killed the run, if it did.
    var kill: Kill?
    /// Wait status of the launcher (`unshare`), when reaped.
    var launcherStatus: Int32?
    var wallTime: Duration = .zero
    var cpuTime: Duration?
    var peakMemoryBytes: Int?
    /// The pipes had not closed within the grace period after a kill.
    var pipesAbandoned = false
}

/// Drives one launched sandbox to its end on the calling (dedicated) thread: feeds stdin, drains stdout,
/// stderr and the status channel with `poll` (so no pipe can fill up and deadlock), enforces the setup
/// and wall-clock deadlines and the output cap, reacts to cancellation, kills, and reaps the launcher.
struct SandboxSupervisor {
    let process: SpawnedProcess
    let stdin: [UInt8]
    let limits: SandboxLimits
    let configuration: SandboxConfiguration
    let cancellation: CancellationSignal?

    /// Returns the observation and whether the launcher still has to be reaped (a blocking `wait4` the
    /// caller does after handing the result back, so a process stuck in the kernel never blocks it).
    func run() -> (SupervisedRun, needsReaping: Bool) {
        // A write to a stdin pipe whose reader is gone raises SIGPIPE in this thread; blocked here, the
        // write just fails with EPIPE and the signal dies with the thread.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)

        let clock = ContinuousClock()
        var run = SupervisedRun()
        var stdinFD: Int32 = process.stdin
        var stdinOffset = 0
        var stdoutFD: Int32 = process.stdout
        var stderrFD: Int32 = process.stderr
        var statusFD: Int32 = process.status
        var statusBuffer: [UInt8] = []
        var startInstant: ContinuousClock.Instant?
        var endInstant: ContinuousClock.Instant?
        var deadline = clock.now + configuration.setupTimeout
        var draining = false
        var buffer = [UInt8](repeating: 0, count: 65536)

        func closeFD(_ fd: inout Int32) {
            if fd >= 0 { close(fd) }
            fd = -1
        }
        func killAll(_ reason: SupervisedRun.Kill) {
            if run.kill == nil { run.kill = reason }
            if endInstant == nil { endInstant = clock.now }
            kill(-process.pid, SIGKILL)
            kill(process.pid, SIGKILL)
            draining = true
            deadline = clock.now + configuration.killGracePeriod
            closeFD(&stdinFD)
        }
        func handleStatusLines() {
            while let newline = statusBuffer.firstIndex(of: 0x0A) {
                let line = String(decoding: statusBuffer[..<newline], as: UTF8.self)
                statusBuffer.removeSubrange(...newline)
                if run.statusText.utf8.count < 16384 { run.statusText += line + "\n" }
                if line == SandboxLaunch.execLine, !run.started {
                    run.started = true
                    startInstant = clock.now
                    if !draining { deadline = clock.now + limits.wallTime }
                } else if line.hasPrefix(SandboxLaunch.statusPrefix) {
                    run.programStatus = Int32(line.dropFirst(SandboxLaunch.statusPrefix.count))
                    if endInstant == nil { endInstant = clock.now }
                }
            }
        }

        if stdin.isEmpty { closeFD(&stdinFD) }

        while stdoutFD >= 0 || stderrFD >= 0 || statusFD >= 0 {
            if !draining, let cancellation, cancellation.isFired { killAll(.cancelled) }
            let now = clock.now
            if now >= deadline {
                if draining {
                    // Something still holds the pipes: make sure everything is dead, and stop waiting.
                    kill(-process.pid, SIGKILL)
                    kill(process.pid, SIGKILL)
                    run.pipesAbandoned = true
                    break
                }
                killAll(run.started ? .wallTimeout : .setupTimeout)
                continue
            }
            var fds: [pollfd] = []
            if stdoutFD >= 0 { fds.append(pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)) }
            if stderrFD >= 0 { fds.append(pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)) }
            if statusFD >= 0 { fds.append(pollfd(fd: statusFD, events: Int16(POLLIN), revents: 0)) }
            if stdinFD >= 0 { fds.append(pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)) }
            if !draining, let cancelFD = cancellation?.readFD, cancelFD >= 0 {
                fds.append(pollfd(fd: cancelFD, events: Int16(POLLIN), revents: 0))
            }
            let remaining = deadline - now
            let milliseconds = remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1
            let ready = poll(&fds, nfds_t(fds.count), Int32(clamping: milliseconds))
            if ready < 0 {
                let error = errno
                if error == EINTR { continue }
                killAll(.supervisionFailed("poll: \(String(cString: strerror(error)))"))
                continue
            }
            if ready == 0 { continue }

            for entry in fds where entry.revents != 0 {
                let fd = entry.fd
                if fd == stdinFD {
                    let written = stdin.withUnsafeBytes { bytes in
                        write(fd, bytes.baseAddress! + stdinOffset, min(65536, bytes.count - stdinOffset))
                    }
                    if written > 0 {
                        stdinOffset += written
                        if stdinOffset >= stdin.count { closeFD(&stdinFD) }
                    } else if written < 0, errno != EAGAIN, errno != EINTR {
                        closeFD(&stdinFD)  // EPIPE: the program does not read its input
                    }
                    continue
                }
                if fd == stdoutFD || fd == stderrFD || fd == statusFD {
                    let count = read(fd, &buffer, 65536)
                    if count < 0 {
                        if errno == EAGAIN || errno == EINTR { continue }
                    }
                    if count <= 0 {
                        if fd == stdoutFD { closeFD(&stdoutFD) }
                        if fd == stderrFD { closeFD(&stderrFD) }
                        if fd == statusFD {
                            closeFD(&statusFD)
                            // The launcher has exited (it holds this pipe too): give stragglers a moment.
                            if !draining {
                                draining = true
                                deadline = clock.now + configuration.killGracePeriod
                                closeFD(&stdinFD)
                            }
                        }
                        continue
                    }
                    let chunk = buffer[..<count]
                    if fd == statusFD {
                        statusBuffer += chunk
                        handleStatusLines()
                    } else if fd == stdoutFD {
                        var kept = run.stdout
                        run.stdout = []
                        let fits = append(chunk, to: &kept)
                        run.stdout = kept
                        if !fits {
                            run.stdoutTruncated = true
                            if run.kill == nil { killAll(.outputLimit(stream: "stdout")) }
                        }
                    } else {
                        var kept = run.stderr
                        run.stderr = []
                        let fits = append(chunk, to: &kept)
                        run.stderr = kept
                        if !fits {
                            run.stderrTruncated = true
                            if run.kill == nil { killAll(.outputLimit(stream: "stderr")) }
                        }
                    }
                    continue
                }
                // The cancellation pipe.
                if !draining { killAll(.cancelled) }
            }
        }
        if !statusBuffer.isEmpty {
            statusBuffer.append(0x0A)
            handleStatusLines()
        }
        closeFD(&stdinFD)
        closeFD(&stdoutFD)
        closeFD(&stderrFD)
        closeFD(&statusFD)

        let end = endInstant ?? clock.now
        if let startInstant { run.wallTime = end - startInstant }

        // Reap the launcher. It has exited or been killed; allow the grace period for it to go.
        let reapDeadline = clock.now + configuration.killGracePeriod
        while true {
            var status: Int32 = 0
            var usage = rusage()
            let reaped = wait4(process.pid, &status, WNOHANG, &usage)
            if reaped == process.pid {
                run.launcherStatus = status
                if run.kill == nil {
                    run.cpuTime = Self.duration(usage.ru_utime) + Self.duration(usage.ru_stime)
                    run.peakMemoryBytes = HostPeakMemory.childPeak(reported: usage.ru_maxrss * 1024)
                }
                return (run, false)
            }
            if reaped < 0, errno != EINTR { return (run, false) }
            if clock.now >= reapDeadline {
                kill(-process.pid, SIGKILL)
                kill(process.pid, SIGKILL)
                return (run, true)
            }
            usleep(5000)
        }
    }

    /// Appends up to the output limit; `false` when bytes had to be dropped.
    private func append(_ chunk: ArraySlice<UInt8>, to output: inout [UInt8]) -> Bool {
        let room = max(0, limits.maxOutputBytes - output.count)
        if chunk.count <= room {
            output += chunk
            return true
        }
        output += chunk.prefix(room)
        return false
    }

    static func duration(_ time: timeval) -> Duration {
        .seconds(Int64(time.tv_sec)) + .microseconds(Int64(time.tv_usec))
    }

    /// Blocks until the launcher is reaped (used after a result was already handed back).
    static func reap(_ pid: pid_t) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    }
}
