/// The limits one sandboxed run is held to.
///
/// How each is enforced (see ``Sandbox`` for the whole picture):
/// - `wallTime`: a timer in the supervising thread, started when the program starts (namespace setup
///   is not counted). On expiry the whole run is killed: `SIGKILL` to the launcher's process group and
///   to the launcher, whose death kills the PID namespace's init and with it every process inside.
/// - `cpuSeconds`: `RLIMIT_CPU` (soft limit sends `SIGXCPU`, one second later `SIGKILL`), per process:
///   it stops a busy program even if the wall-clock kill failed, and bounds CPU when the wall limit is long.
/// - `memoryBytes`: `RLIMIT_AS` (address space), per process: allocations beyond it fail.
/// - `maxProcesses`: `RLIMIT_NPROC` for the sandbox user, which counts all its processes and threads.
/// - `maxFileSizeBytes`: `RLIMIT_FSIZE`: writing past it raises `SIGXFSZ`.
/// - `maxOutputBytes`: stdout and stderr are each captured up to this size; a program that writes
///   more is killed and the run ends with ``SandboxOutcome/outputLimit``.
/// - `workingDirectoryBytes` / `temporaryDirectoryBytes`: sizes of the tmpfs mounted on the working
///   directory and on each of `/tmp`, `/var/tmp` and `/dev/shm`.
public struct SandboxLimits: Sendable, Hashable {
    /// Wall-clock limit of the program.
    public var wallTime: Duration
    /// CPU-time limit in whole seconds per process; `nil` uses the wall-clock limit rounded up, plus one
    /// second so that a single busy process deterministically meets the wall-clock limit first.
    public var cpuSeconds: Int?
    /// Address-space limit per process; `nil` for none.
    public var memoryBytes: Int?
    /// Processes and threads the sandbox user may have at once.
    public var maxProcesses: Int
    /// Largest file the program may write.
    public var maxFileSizeBytes: Int
    /// Captured bytes of stdout, and of stderr, each.
    public var maxOutputBytes: Int
    /// Size of the working directory's tmpfs.
    public var workingDirectoryBytes: Int
    /// Size of each private tmpfs on `/tmp`, `/var/tmp` and `/dev/shm`.
    public var temporaryDirectoryBytes: Int
    /// Open file descriptors per process (`RLIMIT_NOFILE`).
    public var maxOpenFiles: Int

    public init(
        wallTime: Duration = .seconds(10),
        cpuSeconds: Int? = nil,
        memoryBytes: Int? = 512 * mebibyte,
        maxProcesses: Int = 64,
        maxFileSizeBytes: Int = 16 * mebibyte,
        maxOutputBytes: Int = 64 * 1024,
        workingDirectoryBytes: Int = 64 * mebibyte,
        temporaryDirectoryBytes: Int = 16 * mebibyte,
        maxOpenFiles: Int = 256
    ) {
        self.wallTime = wallTime
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
        self.maxProcesses = maxProcesses
        self.maxFileSizeBytes = maxFileSizeBytes
        self.maxOutputBytes = maxOutputBytes
        self.workingDirectoryBytes = workingDirectoryBytes
        self.temporaryDirectoryBytes = temporaryDirectoryBytes
        self.maxOpenFiles = maxOpenFiles
    }

    public static let mebibyte = 1024 * 1024

    /// The CPU limit actually applied: `cpuSeconds` (at least 1), or the wall-clock limit rounded up plus 1.
    public var effectiveCPUSeconds: Int {
        if let cpuSeconds { return max(1, cpuSeconds) }
        let components = wallTime.components
        let seconds = Int(components.seconds) + (components.attoseconds > 0 ? 1 : 0)
        return max(1, seconds) + 1
    }
}
