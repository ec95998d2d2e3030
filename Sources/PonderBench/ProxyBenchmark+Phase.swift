import NIOCore
import PonderBackends
import PonderCore

extension ProxyBenchmark {
    /// One stretch of load on one URL: the latency of each answered request, the failures, the wall and
    /// CPU time it took, and what the sim counted meanwhile.
    struct Phase: Sendable {
        var requests: Int
        /// Nanoseconds from sending to having read the whole answer, of the requests that were answered.
        var latencies: [UInt64]
        var failures: Int
        var wallSeconds: Double
        var cpu: ProxyCPUSnapshot
        /// What the sim's counters rose by meanwhile; nil if they could not be read.
        var sim: ProxySimCounter.Counts?

        /// Generation requests the sim answered meanwhile; nil if its counters could not be read.
        var simAnswered: Int? { sim?.answeredGenerations }
    }

    /// Sends `requests` requests to `target` over `connections` workers and measures them.
    func measure(_ target: Target, connections: Int, requests: Int, transport: HTTPTransport) async -> Phase {
        await Self.measure(
            url: baseURL(of: target) + "/chat/completions", request: request, connections: connections, requests: requests,
            rate: rate, transport: transport, simOrigins: [simOrigin], simPID: simPID, proxyPID: daemonPID)
    }

    /// Sends `requests` copies of `request` to `url` over `connections` workers (each sends its share one
    /// after another; with `rate`, each on its slot of a fixed schedule) and measures them: latencies,
    /// failures, wall time, the CPU of this process, of the proxy in front of the sim (`proxyPID`: Ponder's
    /// daemon or another proxy) and of the sim (`simPID`; the first, where several sims are replicas),
    /// and the sims' counters (summed) before and after.
    static func measure(
        url: String, request: ChatCompletionRequest, connections: Int, requests: Int, rate: Double? = nil,
        transport: HTTPTransport, simOrigins: [String], simPID: Int32?, proxyPID: Int32?
    ) async -> Phase {
        let workers = max(1, min(connections, requests))
        let simBefore = ProxySimCounter.read(origins: simOrigins)
        let cpuBefore = ProxyCPUSnapshot.now(simPID: simPID, daemonPID: proxyPID)
        let started = NIODeadline.now()
        let interval = rate.map { Int64(1e9 / $0) }
        let outcomes = await withTaskGroup(of: (latencies: [UInt64], failures: Int).self) { group in
            for worker in 0..<workers {
                let share = requests / workers + (worker < requests % workers ? 1 : 0)
                group.addTask {
                    var latencies: [UInt64] = []
                    latencies.reserveCapacity(share)
                    var failures = 0
                    for index in 0..<share {
                        var begin = NIODeadline.now()
                        if let interval {
                            // Request `index` of this worker is due at slot index·workers + worker.
                            let due = started + .nanoseconds(interval * Int64(index * workers + worker))
                            if due > begin { try? await Task.sleep(nanoseconds: UInt64((due - begin).nanoseconds)) }
                            begin = due
                        }
                        do {
                            let status = try await transport.bareExchange(url: url, body: request)
                            if (200..<300).contains(status) {
                                latencies.append(UInt64((NIODeadline.now() - begin).nanoseconds))
                            } else {
                                failures += 1
                            }
                        } catch {
                            failures += 1
                        }
                    }
                    return (latencies, failures)
                }
            }
            var all: [(latencies: [UInt64], failures: Int)] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        let wall = Double((NIODeadline.now() - started).nanoseconds) / 1e9
        let cpu = ProxyCPUSnapshot.now(simPID: simPID, daemonPID: proxyPID) - cpuBefore
        let simAfter = ProxySimCounter.read(origins: simOrigins)
        return Phase(
            requests: requests, latencies: outcomes.flatMap(\.latencies), failures: outcomes.map(\.failures).reduce(0, +),
            wallSeconds: wall, cpu: cpu, sim: simBefore.flatMap { before in simAfter.map { $0 - before } })
    }
}

extension ProxySimCounter.Counts {
    /// Two sims' counters added up (in-flight too).
    static func + (left: Self, right: Self) -> Self {
        Self(
            requests: left.requests.merging(right.requests, uniquingKeysWith: +), rejected: left.rejected + right.rejected,
            promptTokens: left.promptTokens + right.promptTokens, completionTokens: left.completionTokens + right.completionTokens,
            inFlight: left.inFlight + right.inFlight)
    }

    /// What the counters rose by from `before` to `after` (in-flight is `after`'s).
    static func - (after: Self, before: Self) -> Self {
        Self(
            requests: after.requests.merging(before.requests.mapValues { -$0 }, uniquingKeysWith: +),
            rejected: after.rejected - before.rejected, promptTokens: after.promptTokens - before.promptTokens,
            completionTokens: after.completionTokens - before.completionTokens, inFlight: after.inFlight)
    }
}
