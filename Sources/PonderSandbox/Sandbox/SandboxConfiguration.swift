/// How the sandbox is set up on this machine (as opposed to ``SandboxLimits``, which bound one run).
public struct SandboxConfiguration: Sendable, Hashable {
    /// The unprivileged user and group the program runs as (default `nobody`/`nogroup`, 65534).
    /// Never 0: root is exempt from the process limit and would own the sandbox.
    public var userID: UInt32
    public var groupID: UInt32
    /// Host directory under which each run stages its files (in a fresh `ponder-sandbox-*` directory,
    /// removed afterwards). Only root reads it; the program never sees it.
    public var stagingDirectory: String
    /// The `unshare` executable; `nil` looks in `/usr/bin`, `/bin`, `/usr/sbin`, `/sbin`.
    public var unsharePath: String?
    /// Environment of the program, before per-run additions. `PATH` also serves the setup inside the
    /// namespaces.
    public var environment: [String: String]
    /// Longest time namespace and mount setup may take before the run is reported unavailable.
    public var setupTimeout: Duration
    /// After a kill, how long to wait for the pipes to close before giving up on them.
    public var killGracePeriod: Duration

    public init(
        userID: UInt32 = 65534,
        groupID: UInt32 = 65534,
        stagingDirectory: String = "/tmp",
        unsharePath: String? = nil,
        environment: [String: String] = SandboxConfiguration.defaultEnvironment,
        setupTimeout: Duration = .seconds(15),
        killGracePeriod: Duration = .seconds(2)
    ) {
        self.userID = userID
        self.groupID = groupID
        self.stagingDirectory = stagingDirectory
        self.unsharePath = unsharePath
        self.environment = environment
        self.setupTimeout = setupTimeout
        self.killGracePeriod = killGracePeriod
    }

    public static let defaultEnvironment: [String: String] = [
        "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin",
        "HOME": "/work",
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
    ]

    /// Where the program's working directory is inside the sandbox.
    public static let workingDirectory = "/work"
}
