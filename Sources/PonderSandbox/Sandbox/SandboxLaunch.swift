/// The command line that builds the sandbox: `unshare` creates the namespaces, a root shell script sets
/// up the mounts and pivots into a fresh root, and a small Perl init (PID 1 of the namespace) runs the
/// program as an unprivileged user under resource limits and reports its exact wait status.
///
/// Chain: `unshare --net --pid --mount --ipc --uts --fork --kill-child` → `sh` (setup, as root, inside
/// the namespaces) → `perl` (init, PID 1) → fork → `prlimit` (rlimits, set while still root) →
/// `setpriv` (drop to `nobody`, no capabilities, no_new_privs) → `sh` exec shim → the program.
///
/// File descriptor 3 is the status channel back to the host: setup diagnostics, then the protocol lines
/// `@started` (init running), `@exec` (the shim, as the final user, is about to exec the program: every
/// tool of the chain worked), `@status <raw wait status>`, or `@unavailable <why>`. The shim closes it
/// before the exec, so the program never has it. A run whose status arrives without `@exec` failed in
/// the tool chain, not in the program, and is reported as unavailable.
///
/// Why Perl as init: the program must not be PID 1 of its namespace (PID 1 ignores signals it has no
/// handler for, including `SIGXCPU`, `SIGTERM` and a self-`abort`), and a shell parent cannot tell an
/// exit status of 137 from death by `SIGKILL`. `perl-base` is an essential package on Debian.
enum SandboxLaunch {
    /// Protocol prefixes on the status channel.
    static let startedLine = "@started"
    /// Written by the exec shim: the sandbox is complete and the program is being executed.
    static let execLine = "@exec"
    static let statusPrefix = "@status "
    static let unavailablePrefix = "@unavailable "

    static func arguments(
        unshare: String, base: String, limits: SandboxLimits, configuration: SandboxConfiguration,
        command: [String]
    ) -> [String] {
        var arguments = [
            unshare, "--net", "--pid", "--mount", "--ipc", "--uts", "--fork", "--kill-child",
            "--", "/bin/sh", "-c", setupScript, "ponder-sandbox",
            base,
            String(max(1, limits.workingDirectoryBytes)),
            String(max(1, limits.temporaryDirectoryBytes)),
            "\(configuration.userID):\(configuration.groupID)",
            "perl", "-e", initScript, "--",
        ]
        // Limits first, as root: root may set any limit, even above the host's hard limits.
        arguments += ["prlimit"]
        if let memory = limits.memoryBytes { arguments.append("--as=\(max(1, memory))") }
        let cpu = limits.effectiveCPUSeconds
        arguments += [
            "--cpu=\(cpu):\(cpu + 1)",
            "--nproc=\(max(1, limits.maxProcesses))",
            "--fsize=\(max(0, limits.maxFileSizeBytes))",
            "--nofile=\(max(16, limits.maxOpenFiles))",
            "--core=0",
            "--",
        ]
        arguments += [
            "setpriv", "--reuid=\(configuration.userID)", "--regid=\(configuration.groupID)", "--clear-groups",
            "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--",
        ]
        arguments += ["/bin/sh", "-c", execShim, "sh"]
        arguments += command
        return arguments
    }

    /// Runs as root inside the new namespaces. `$1` staging directory (holds `files/` and the empty
    /// mount point `root/`), `$2` working-directory tmpfs size, `$3` tmpfs size for /tmp and friends,
    /// `$4` uid:gid of the program; the rest is the init's command line.
    ///
    /// The new root is a read-only tmpfs holding read-only binds of /usr and /etc (and of /bin, /lib…
    /// where they are directories rather than merged-/usr symlinks), a minimal /dev (null, zero, full,
    /// random, urandom, tty), a fresh /proc of the new PID namespace, private size-limited tmpfs on
    /// /tmp, /var/tmp and /dev/shm, and /work: a size-limited tmpfs owned by the program's user, holding
    /// a copy of the staged files. `pivot_root` then detaches the host's root entirely.
    static let setupScript = #"""
        exec 4>&2 2>&3
        set -u
        umask 022
        fail() { echo "@unavailable $*" >&3; exit 1; }
        B=$1; WS=$2; TS=$3; OWNER=$4; shift 4
        R=$B/root
        cd / || fail "cd /"
        mount --make-rprivate / || fail "cannot make mounts private"
        mount -t tmpfs -o size=1m,nr_inodes=1024,mode=755,nosuid,nodev ponder-root "$R" || fail "cannot mount the new root"
        for d in usr etc; do
          mkdir "$R/$d" && mount --rbind "/$d" "$R/$d" && mount -o remount,bind,ro,nosuid,nodev "$R/$d" || fail "cannot bind /$d"
        done
        for l in bin sbin lib lib32 lib64 libx32; do
          if [ -L "/$l" ]; then
            ln -s "$(readlink "/$l")" "$R/$l" || fail "cannot link /$l"
          elif [ -d "/$l" ]; then
            mkdir "$R/$l" && mount --rbind "/$l" "$R/$l" && mount -o remount,bind,ro,nosuid,nodev "$R/$l" || fail "cannot bind /$l"
          fi
        done
        mkdir "$R/dev" && mount -t tmpfs -o size=64k,nr_inodes=64,mode=755,nosuid,noexec ponder-dev "$R/dev" || fail "cannot mount /dev"
        for n in null zero full random urandom tty; do
          [ -c "/dev/$n" ] || continue
          : > "$R/dev/$n" && mount --bind "/dev/$n" "$R/dev/$n" || fail "cannot bind /dev/$n"
        done
        ln -s /proc/self/fd "$R/dev/fd" && ln -s /proc/self/fd/0 "$R/dev/stdin" && ln -s /proc/self/fd/1 "$R/dev/stdout" && ln -s /proc/self/fd/2 "$R/dev/stderr" || fail "cannot link /dev/fd"
        mkdir "$R/dev/shm" "$R/tmp" "$R/var" "$R/var/tmp" "$R/proc" "$R/work" "$R/.oldroot" || fail "cannot create mount points"
        for t in dev/shm tmp var/tmp; do
          mount -t tmpfs -o "size=$TS,nr_inodes=4096,mode=1777,nosuid,nodev" ponder-tmp "$R/$t" || fail "cannot mount /$t"
        done
        mount -t tmpfs -o "size=$WS,nr_inodes=8192,mode=755,nosuid,nodev" ponder-work "$R/work" || fail "cannot mount /work"
        cp -R "$B/files/." "$R/work/" && chown -R "$OWNER" "$R/work" || fail "cannot copy the files into /work"
        mount -t proc -o nosuid,nodev,noexec proc "$R/proc" || fail "cannot mount /proc"
        cd "$R" && pivot_root . .oldroot || fail "pivot_root failed"
        umount -l /.oldroot && rmdir /.oldroot || fail "cannot detach the old root"
        mount -o remount,bind,ro /dev || fail "cannot make /dev read-only"
        mount -o remount,bind,ro / || fail "cannot make / read-only"
        cd /work || fail "cd /work"
        exec 2>&4 4>&-
        exec "$@"
        """#

    /// Runs as the program's user, last before the program: reports on fd 3, closes it, execs.
    static let execShim = #"echo @exec >&3 && exec 3>&- && exec "$@""#

    /// PID 1 of the namespace: forks the program (fd 3 stays open for the exec shim: Perl marks it
    /// close-on-exec), reaps everything, and reports the program's raw wait status on fd 3. When it exits the kernel kills whatever is left in the namespace.
    static let initScript = #"""
        use strict; use POSIX ();
        open(my $st, ">&=", 3) or POSIX::_exit(112);
        $st->autoflush(1);
        my $pid = fork();
        if (!defined $pid) { print $st "\@unavailable fork failed: $!\n"; POSIX::_exit(1); }
        if ($pid == 0) {
          fcntl($st, POSIX::F_SETFD(), 0);
          exec { $ARGV[0] } @ARGV;
          print $st "\@unavailable cannot run $ARGV[0]: $!\n";
          POSIX::_exit(127);
        }
        print $st "\@started\n";
        while (1) {
          my $w = waitpid(-1, 0);
          if ($w == $pid) { print $st "\@status $?\n"; POSIX::_exit(0); }
          if ($w < 0) { print $st "\@unavailable lost the program: $!\n"; POSIX::_exit(1); }
        }
        """#
}
