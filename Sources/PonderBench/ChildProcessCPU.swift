#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time (user + system, all threads) another process has used, read from `/proc/PID/stat`, so a
/// benchmark can charge the daemon and the sim for their own work while it drives them from outside.
///
///     let before = ChildProcessCPU.seconds(pid: daemon.pid)
///     // … load …
///     let used = ChildProcessCPU.seconds(pid: daemon.pid)! - before!
///
/// The kernel counts in clock ticks (`sysconf(_SC_CLK_TCK)`, usually 100 a second), so a reading is
/// good to 10 ms: divide by thousands of requests, not a handful. Nil where there is no `/proc`.
public enum ChildProcessCPU {
    /// User and system time of `pid`, in seconds; nil if the process or `/proc` is not there.
    public static func seconds(pid: Int32) -> Double? {
        guard let stat = readStat(pid: pid), let ticks = ticks(fromStat: stat) else { return nil }
        return Double(ticks.user + ticks.system) / Double(ticksPerSecond)
    }

    /// The `utime` and `stime` fields (14 and 15) of a `/proc/PID/stat` line.
    ///
    /// The second field is the command name in parentheses and may itself hold spaces and parentheses,
    /// so the fields are counted from the last `)`: after it come field 3 (the state) onwards.
    public static func ticks(fromStat line: String) -> (user: UInt64, system: UInt64)? {
        guard let close = line.lastIndex(of: ")") else { return nil }
        let fields = line[line.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is field 3, so field 14 is fields[11] and field 15 is fields[12].
        guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return nil }
        return (user, system)
    }

    /// Clock ticks per second of the kernel's CPU accounting.
    public static var ticksPerSecond: Int {
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return ticks > 0 ? ticks : 100
    }

    private static func readStat(pid: Int32) -> String? {
        ProcFile.text("/proc/\(pid)/stat")
    }
}
