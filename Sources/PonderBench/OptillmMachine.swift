#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The machine a run was measured on, for the line under the table: absolute figures on a shared
/// machine mean little without its cores and how busy it was.
public struct OptillmMachine: Sendable, Encodable {
    public var cores: Int
    /// The 1-minute load average at the start and at the end of the run; nil without `/proc`.
    public var loadAtStart: Double?
    public var loadAtEnd: Double?
    /// `release` or `debug`: how the `ponder` binary that ran the benchmark was built.
    public var build: String

    enum CodingKeys: String, CodingKey {
        case cores, build
        case loadAtStart = "load_average_1m_start", loadAtEnd = "load_average_1m_end"
    }

    public init(build: String) {
        cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        loadAtStart = Self.loadAverage()
        self.build = build
    }

    /// The first field of `/proc/loadavg`.
    static func loadAverage() -> Double? {
        ProcFile.text("/proc/loadavg")?.split(separator: " ").first.flatMap { Double($0) }
    }
}
