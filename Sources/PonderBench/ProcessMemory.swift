#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The resident memory (VmRSS) of another process, read from `/proc/PID/status`, so a soak run can
/// watch the daemon's footprint from outside while it drives it.
///
///     let bytes = ProcessMemory.residentBytes(pid: daemon.pid)  // nil where there is no /proc
public enum ProcessMemory {
    /// VmRSS of `pid` in bytes; nil if the process or `/proc` is not there.
    public static func residentBytes(pid: Int32) -> UInt64? {
        guard let status = readStatus(pid: pid), let kilobytes = residentKilobytes(fromStatus: status) else { return nil }
        return kilobytes * 1024
    }

    /// The figure of the `VmRSS:   12345 kB` line of a `/proc/PID/status` text.
    public static func residentKilobytes(fromStatus text: String) -> UInt64? {
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            // The figure is padded with a tab and spaces: `VmRSS:\t   12345 kB`.
            let fields = line.dropFirst("VmRSS:".count).split(whereSeparator: { $0 == " " || $0 == "\t" })
            return fields.first.flatMap { UInt64($0) }
        }
        return nil
    }

    private static func readStatus(pid: Int32) -> String? {
        ProcFile.text("/proc/\(pid)/status")
    }
}
