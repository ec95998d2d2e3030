/// The proxy benchmark's figures held against issue 4's targets: the daemon adds at most 0.5 ms to the
/// p50 latency at 64 connections, and spends at most 100 µs of CPU per request. A report, not an
/// assertion: a debug build or a busy machine misses them without anything being wrong.
///
/// The added latency is taken from the open-loop probe when there is one (`ProxyLatencyProbe`), and the
/// 64-connection level's own figure is kept beside it; the CPU from the level where it was highest.
public struct ProxyVerdict: Sendable, Encodable {
    public static let latencyConnections = 64
    public static let addedLatencyTargetMilliseconds = 0.5
    public static let cpuTargetMicroseconds = 100.0

    /// Added p50 at 64 connections (the probe's when there is one); nil when that level was not run.
    public var addedLatencyP50Milliseconds: Double?
    /// The probe's rate when the added p50 is the probe's; nil when it is the level's own.
    public var addedLatencyRate: Double?
    /// The 64-connection level's added p50 when the verdict took the probe's instead.
    public var levelAddedLatencyP50Milliseconds: Double?
    public var addedLatencyMet: Bool?
    /// The daemon's CPU per request at the level where it was highest; nil when it could not be read.
    public var daemonCPUMicrosecondsPerRequest: Double?
    public var daemonCPUConnections: Int?
    /// The sim's CPU per request in the same phases (through the daemon), for scale: on a busy shared
    /// machine both rise together, and the ratio says more than either.
    public var simCPUMicrosecondsPerRequest: Double?
    public var cpuMet: Bool?
    /// Failed requests over all levels and both targets: the figures are suspect unless this is 0.
    public var failures: Int
    /// Requests the sim did not answer (see `TargetResult.simAnswered`): suspect too unless 0.
    public var unanswered: Int

    enum CodingKeys: String, CodingKey {
        case failures, unanswered
        case addedLatencyP50Milliseconds = "added_latency_p50_ms_at_64"
        case addedLatencyMet = "added_latency_met"
        case addedLatencyRate = "added_latency_open_loop_rate"
        case levelAddedLatencyP50Milliseconds = "level_added_latency_p50_ms_at_64"
        case daemonCPUMicrosecondsPerRequest = "daemon_cpu_us_per_request_max"
        case daemonCPUConnections = "daemon_cpu_max_at_connections"
        case simCPUMicrosecondsPerRequest = "sim_cpu_us_per_request_at_daemon_cpu_max"
        case cpuMet = "cpu_met"
    }

    public init(levels: [ProxyBenchmark.Level], latencyProbe: ProxyLatencyProbe? = nil) {
        let atTarget = levels.first { $0.connections == Self.latencyConnections }
        if let latencyProbe, latencyProbe.level.connections == Self.latencyConnections {
            addedLatencyP50Milliseconds = latencyProbe.level.addedLatencyP50Milliseconds
            addedLatencyRate = latencyProbe.rate
            levelAddedLatencyP50Milliseconds = atTarget?.addedLatencyP50Milliseconds
        } else {
            addedLatencyP50Milliseconds = atTarget?.addedLatencyP50Milliseconds
        }
        addedLatencyMet = addedLatencyP50Milliseconds.map { $0 <= Self.addedLatencyTargetMilliseconds }
        let worst = levels
            .compactMap { level in level.daemon.daemonCPUMicrosecondsPerRequest.map { (level, $0) } }
            .max { $0.1 < $1.1 }
        daemonCPUConnections = worst?.0.connections
        daemonCPUMicrosecondsPerRequest = worst?.1
        simCPUMicrosecondsPerRequest = worst?.0.daemon.simCPUMicrosecondsPerRequest
        cpuMet = worst.map { $0.1 <= Self.cpuTargetMicroseconds }
        failures = levels.map { $0.direct.failures + $0.daemon.failures }.reduce(0, +)
        unanswered = levels.map { $0.direct.unanswered + $0.daemon.unanswered }.reduce(0, +)
    }

    /// One line, e.g. `verdict: added p50 at 64 connections +0.31 ms (target ≤ 0.5 ms): met; …`.
    public var line: String {
        var parts: [String] = []
        if let added = addedLatencyP50Milliseconds, let met = addedLatencyMet {
            let load = addedLatencyRate.map { " on an open loop at \(Int($0.rounded())) requests/s" } ?? ""
            let closedLoop = levelAddedLatencyP50Milliseconds.map {
                " (closed loop, every connection busy: \(ProxyReport.signed($0, digits: 3)) ms, mostly waiting for a core)"
            } ?? ""
            parts.append(
                "added p50 at \(Self.latencyConnections) connections\(load) \(ProxyReport.signed(added, digits: 3)) ms "
                    + "(target ≤ \(ProxyReport.fixed(Self.addedLatencyTargetMilliseconds, digits: 1)) ms): \(met ? "met" : "missed")"
                    + closedLoop)
        } else {
            parts.append("added p50 at \(Self.latencyConnections) connections not measured (add --concurrency \(Self.latencyConnections))")
        }
        if let cpu = daemonCPUMicrosecondsPerRequest, let connections = daemonCPUConnections, let met = cpuMet {
            let scale = simCPUMicrosecondsPerRequest.flatMap { sim in
                sim > 0
                    ? ", \(ProxyReport.fixed(cpu / sim, digits: 2))× the sim's own \(ProxyReport.fixed(sim, digits: 1)) µs/request in the same phases"
                    : nil
            } ?? ""
            parts.append(
                "Ponder CPU \(ProxyReport.fixed(cpu, digits: 1)) µs/request at worst (\(connections) connections\(scale)) "
                    + "(target ≤ \(Int(Self.cpuTargetMicroseconds)) µs): \(met ? "met" : "missed")")
        } else {
            parts.append("Ponder CPU not measured (no /proc on this system)")
        }
        if failures > 0 { parts.append("\(failures) requests failed: the figures are suspect") }
        if unanswered > 0 { parts.append("\(unanswered) requests were not answered by the sim: the figures are suspect") }
        return "verdict: " + parts.joined(separator: "; ")
    }
}
