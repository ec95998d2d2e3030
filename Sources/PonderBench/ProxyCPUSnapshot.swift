/// CPU seconds used so far by the three processes of a proxy benchmark: the load generator (this
/// process), the proxy in front of the sim (Ponder's daemon, or another proxy it is compared with) and
/// the sim. Two snapshots subtract to what a stretch of load cost each.
struct ProxyCPUSnapshot: Sendable {
    var client: Double
    /// The proxy's; nil where the child's CPU cannot be read (no `/proc`).
    var daemon: Double?
    var sim: Double?

    static let zero = ProxyCPUSnapshot(client: 0, daemon: 0, sim: 0)

    static func now(simPID: Int32?, daemonPID: Int32?) -> ProxyCPUSnapshot {
        ProxyCPUSnapshot(
            client: ProcessCPU.seconds(),
            daemon: daemonPID.flatMap { ChildProcessCPU.seconds(pid: $0) },
            sim: simPID.flatMap { ChildProcessCPU.seconds(pid: $0) })
    }

    static func - (after: ProxyCPUSnapshot, before: ProxyCPUSnapshot) -> ProxyCPUSnapshot {
        ProxyCPUSnapshot(
            client: after.client - before.client,
            daemon: difference(after.daemon, before.daemon),
            sim: difference(after.sim, before.sim))
    }

    static func + (left: ProxyCPUSnapshot, right: ProxyCPUSnapshot) -> ProxyCPUSnapshot {
        ProxyCPUSnapshot(
            client: left.client + right.client,
            daemon: left.daemon.flatMap { l in right.daemon.map { l + $0 } },
            sim: left.sim.flatMap { l in right.sim.map { l + $0 } })
    }

    private static func difference(_ after: Double?, _ before: Double?) -> Double? {
        guard let after, let before else { return nil }
        return after - before
    }
}
