import NIOCore
import PonderBackends

extension ProxyBenchmark {
    /// One stretch of load on one target: the latency of each answered request, the failures, and the
    /// wall and CPU time it took.
    struct Phase: Sendable {
        var target: Target
        var requests: Int
        /// Nanoseconds from sending to having read the whole answer, of the requests that were answered.
        var latencies: [UInt64]
        var failures: Int
        var wallSeconds: Double
        var cpu: ProxyCPUSnapshot
        /// Generation requests the sim answered meanwhile; nil if its counters could not be read.
        var simAnswered: Int?
    }

    /// Sends `requests` requests to `target` over `connections` workers (each sends its share one after
    /// another; with `rate`, each on its slot of a fixed schedule) and measures them.
    func measure(_ target: Target, connections: Int, requests: Int, transport: HTTPTransport) async -> Phase {
        let url = baseURL(of: target) + "/chat/completions"
        let request = self.request
        let workers = max(1, min(connections, requests))
        let answeredBefore = ProxySimCounter.read(origin: simOrigin)?.answeredGenerations
        let cpuBefore = ProxyCPUSnapshot.now(simPID: simPID, daemonPID: daemonPID)
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
        let cpu = ProxyCPUSnapshot.now(simPID: simPID, daemonPID: daemonPID) - cpuBefore
        let answeredAfter = ProxySimCounter.read(origin: simOrigin)?.answeredGenerations
        return Phase(
            target: target, requests: requests, latencies: outcomes.flatMap(\.latencies),
            failures: outcomes.map(\.failures).reduce(0, +), wallSeconds: wall, cpu: cpu,
            simAnswered: answeredBefore.flatMap { before in answeredAfter.map { $0 - before } })
    }
}
