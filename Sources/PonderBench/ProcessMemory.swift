#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The resident memory of another process, read from `/proc/PID/status`, so a benchmark can watch a
/// server's footprint from outside while it drives it: VmRSS (now) and VmHWM (the peak so far, which
/// the kernel keeps, so a short spike between two readings is not missed).
///
///     let bytes = ProcessMemory.residentBytes(pid: daemon.pid)      // nil where there is no /proc
///     let peak = ProcessMemory.peakResidentBytes(pid: daemon.pid)
public enum ProcessMemory {
    /// VmRSS of `pid` in bytes; nil if the process or `/proc` is not there.
    public static func residentBytes(pid: Int32) -> UInt64? {
        readStatus(pid: pid).flatMap { residentKilobytes(fromStatus: $0) }.map { $0 * 1024 }
    }

    /// VmHWM of `pid` in bytes: the largest resident set it has had; nil if not readable.
    public static func peakResidentBytes(pid: Int32) -> UInt64? {
        readStatus(pid: pid).flatMap { kilobytes(of: "VmHWM", fromStatus: $0) }.map { $0 * 1024 }
    }

    /// The figure of the `VmRSS:   12345 kB` line of a `/proc/PID/status` text.
    public static func residentKilobytes(fromStatus text: String) -> UInt64? {
        kilobytes(of: "VmRSS", fromStatus: text)
    }

    /// The figure of the `FIELD:   12345 kB` line of a `/proc/PID/status` text.
    public static func kilobytes(of field: String, fromStatus text: String) -> UInt64? {
        let prefix = field + ":"
        for line in text.split(separator: "\n") where line.hasPrefix(prefix) {
            // The figure is padded with a tab and spaces: `VmRSS:\t   12345 kB`.
            let fields = line.dropFirst(prefix.count).split(whereSeparator: { $0 == " " || $0 == "\t" })
            return fields.first.flatMap { UInt64($0) }
        }
        return nil
    }

    private static func readStatus(pid: Int32) -> String? {
        ProcFile.text("/proc/\(pid)/status")
    }
}
