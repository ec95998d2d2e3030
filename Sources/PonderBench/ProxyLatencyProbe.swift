/// The 64-connection level again, on an open loop at a rate the machine sustains both ways.
///
/// A closed loop keeps every connection busy, so on a small machine where the load generator, the daemon
/// and the sim share the cores its latency is mostly each request waiting for a core: the daemon's
/// added p50 there says how much CPU it takes (the closed loop's own figures show that), not how long it
/// holds a request. At a steady rate below saturation the difference of the two paths' p50 is the time
/// the daemon adds to a request; `ProxyVerdict` holds that against the target.
public struct ProxyLatencyProbe: Sendable, Encodable {
    /// The default rate: about a third of what the daemon answers at 64 connections on a 2-core machine.
    public static let defaultRate = 2000.0

    /// Requests per second in all, on a fixed schedule.
    public var rate: Double
    public var level: ProxyBenchmark.Level

    public init(rate: Double, level: ProxyBenchmark.Level) {
        self.rate = rate
        self.level = level
    }
}
