#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation

/// Runs untrusted commands (model-written code, checks on it) in isolation, with limits.
///
/// Isolation (Linux; the host process must be root, or at least hold `CAP_SYS_ADMIN`):
/// - **Namespaces** (`unshare`): a new network namespace (only a loopback interface, down: every
///   connection fails with "Network is unreachable"), PID namespace (the program cannot see or signal
///   host processes, and when its init dies the kernel kills every process in it, so nothing outlives
///   the run), mount, IPC and UTS namespaces.
/// - **File system**: `pivot_root` into a fresh read-only root holding read-only binds of `/usr` and
///   `/etc`, a minimal `/dev` and a fresh `/proc`. The only writable places are private size-limited
///   tmpfs mounts: the working directory `/work` (holding the run's files) and `/tmp`, `/var/tmp`,
///   `/dev/shm`. None is visible to the host, and all vanish with the namespace.
/// - **Privileges**: the program runs as `nobody` (configurable, never root) with no capabilities
///   (bounding set emptied), no supplementary groups and `PR_SET_NO_NEW_PRIVS` (setuid binaries do
///   not elevate).
/// - **Limits**: see ``SandboxLimits``.
///
/// If any of this cannot be set up, ``run(_:stdin:files:limits:environment:)`` returns
/// ``SandboxOutcome/sandboxUnavailable(_:)`` with the reason; the program is never run unsandboxed.
///
/// Waiting: each run gets a dedicated OS thread that spawns the launcher, polls its pipes, enforces the
/// deadlines and reaps it, then resumes the caller's continuation. No Swift concurrency thread blocks
/// for the duration. The launcher is started through `setpriv --pdeathsig KILL`, tied to that thread:
/// if the host process dies mid-run, the launcher is killed and the PID namespace with it. Cancelling
/// the calling task kills the run (outcome ``SandboxOutcome/cancelled``).
///
/// Memory is bounded with `RLIMIT_AS`, not a cgroup: cgroups are not reliably writable (hosts differ
/// between v1 and v2, containers often mount them read-only), while rlimits work wherever namespaces
/// do. The price is that the limit is per process and that running out is inferred from how the
/// program died (see ``SandboxOutcome/memoryExceeded``).
public struct Sandbox: Sendable {
    public var configuration: SandboxConfiguration
    /// Limits used when `run` gets none.
    public var limits: SandboxLimits

    public init(configuration: SandboxConfiguration = SandboxConfiguration(), limits: SandboxLimits = SandboxLimits()) {
        self.configuration = configuration
        self.limits = limits
    }

    /// Runs `arguments` (looked up on the sandbox's `PATH`, e.g. `["python3", "main.py"]`) in a fresh
    /// sandbox whose working directory holds `files`, with `stdin` as its standard input.
    public func run(
        _ arguments: [String], stdin: [UInt8] = [], files: [SandboxFile] = [], limits: SandboxLimits? = nil,
        environment: [String: String] = [:]
    ) async -> SandboxResult {
        let limits = limits ?? self.limits
        guard !arguments.isEmpty else { return .unavailable("no command to run") }
        guard configuration.userID != 0, configuration.groupID != 0 else {
            return .unavailable("refusing to run sandboxed code as root (uid/gid 0)")
        }
        guard let unshare = resolvedUnshare() else {
            return .unavailable(
                configuration.unsharePath.map { "unshare was not found at \($0)" } ?? "unshare (util-linux) was not found")
        }
        guard let setpriv = Self.findTool("setpriv") else {
            return .unavailable("setpriv (util-linux) was not found")
        }
        guard let cancellation = CancellationSignal() else {
            return .unavailable("cannot create a pipe")
        }
        var mergedEnvironment = configuration.environment.merging(environment) { _, new in new }
        if mergedEnvironment["PATH"] == nil {
            mergedEnvironment["PATH"] = SandboxConfiguration.defaultEnvironment["PATH"]
        }
        let environment = mergedEnvironment
        let configuration = configuration
        let stdinBytes = stdin

        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<SandboxResult, Never>) in
                let thread = Thread {
                    let staging: SandboxStaging
                    do {
                        staging = try SandboxStaging(parent: configuration.stagingDirectory, files: files)
                    } catch {
                        cancellation.close()
                        continuation.resume(returning: .unavailable("\(error)"))
                        return
                    }
                    let launch = SandboxLaunch.arguments(
                        unshare: unshare, base: staging.base, limits: limits, configuration: configuration,
                        command: arguments)
                    // The launcher dies with this thread (which lives until it is reaped), so if the host
                    // process dies mid-run, the namespace and everything in it goes too.
                    let launcher = [setpriv, "--pdeathsig", "KILL", "--"] + launch
                    let process: SpawnedProcess
                    do {
                        process = try ProcessSpawner.spawn(
                            executable: setpriv, arguments: launcher, environment: environment)
                    } catch {
                        staging.remove()
                        cancellation.close()
                        continuation.resume(returning: .unavailable("\(error)"))
                        return
                    }
                    let supervisor = SandboxSupervisor(
                        process: process, stdin: stdinBytes, limits: limits, configuration: configuration,
                        cancellation: cancellation)
                    let (observed, needsReaping) = supervisor.run()
                    cancellation.close()
                    staging.remove()
                    continuation.resume(returning: SandboxOutcomeClassifier.classify(observed, limits: limits))
                    if needsReaping { SandboxSupervisor.reap(process.pid) }
                }
                thread.name = "ponder-sandbox"
                thread.stackSize = 1 << 20
                thread.start()
            }
        } onCancel: {
            cancellation.fire()
        }
    }

    /// Runs a trivial command in the sandbox: `nil` when sandboxing works on this machine, else why not.
    public func unavailabilityReason() async -> String? {
        let result = await run(["true"], limits: SandboxLimits(wallTime: .seconds(10)))
        switch result.outcome {
        case .exited(0): return nil
        case .sandboxUnavailable(let reason): return reason
        default: return "a trivial command failed in the sandbox: \(result.reason); \(result.stderr.trimmingSpaces)"
        }
    }

    func resolvedUnshare() -> String? {
        if let path = configuration.unsharePath { return access(path, X_OK) == 0 ? path : nil }
        return Self.findTool("unshare")
    }

    static func findTool(_ name: String) -> String? {
        ["/usr/bin", "/bin", "/usr/sbin", "/sbin"].map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }
}
