import Foundation

/// The peak resident memory of this (host) process, from `/proc/self/status` (`VmHWM`).
///
/// `posix_spawn` starts a child in the parent's address space (`CLONE_VM`), and on `exec` Linux carries
/// that address space's high-water mark into the child's `ru_maxrss`. So a child's reported peak is at
/// least the host's: only a figure above the host's own peak says anything about the child.
enum HostPeakMemory {
    static func bytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kib = Int(fields[1]) else { return nil }
            return kib * 1024
        }
        return nil
    }

    /// `reported` (a child's `ru_maxrss` in bytes) when it can be the child's own, nil when it may be
    /// the host's high-water mark inherited through `posix_spawn`.
    static func childPeak(reported: Int) -> Int? {
        guard let host = bytes() else { return reported }
        return reported > host ? reported : nil
    }
}
