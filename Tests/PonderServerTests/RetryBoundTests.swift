import Foundation
import PonderBackends
import PonderSim
import Testing

/// Upstream attempts per client request never exceed the retry policy's bound, counted at the sims;
/// and `/metrics` shows the faulty replica's circuit breaker state.
@Suite struct RetryBoundTests {
    @Test func attemptsPerRequestNeverExceedTheBound() async throws {
        var policy = FaultMatrixRig.Policy()
        policy.retry.maxAttempts = 3
        // Never eject, so every request gets its full share of attempts.
        policy.breaker = .init(failureThreshold: 1000, cooldown: 30)
        let broken = SimConfiguration(faultRate: 1, faults: [.serverError])
        let replicas = [try await MatrixReplica.inProcess(broken), try await MatrixReplica.inProcess(broken)]
        try await FaultMatrixRig.with(replicas, policy: policy) { rig in
            var perRequest: [Int] = []
            for i in 0..<8 {
                let before = await rig.upstreamRequests().reduce(0, +)
                let outcome = await rig.ask(strategy: "single", index: i)
                perRequest.append(await rig.upstreamRequests().reduce(0, +) - before)
                #expect(outcome.status == 502)
                #expect(outcome.answer.contains("gave up after 3 attempts"), "\(outcome.answer)")
            }
            print("upstream attempts per request, every replica failing, bound 3: \(perRequest)")
            #expect(perRequest.allSatisfy { $0 == 3 }, "\(perRequest)")
        }
    }

    @Test func oneFaultyReplicaCostsAtMostTheBoundAndMetricsShowItsBreaker() async throws {
        var policy = FaultMatrixRig.Policy()
        policy.breaker = .init(failureThreshold: 3, cooldown: 60, maxCooldown: 60)
        let faulty = try await MatrixReplica.inProcess(SimConfiguration(faultRate: 1, faults: [.serverError]))
        let healthy = try await MatrixReplica.inProcess()
        try await FaultMatrixRig.with([faulty, healthy], policy: policy) { rig in
            var perRequest: [Int] = []
            for i in 0..<12 {
                let before = await rig.upstreamRequests().reduce(0, +)
                #expect(await rig.ask(strategy: "single", index: i).status == 200)
                perRequest.append(await rig.upstreamRequests().reduce(0, +) - before)
            }
            print("upstream attempts per request, one of two replicas failing, bound \(policy.retry.maxAttempts): \(perRequest)")
            #expect(perRequest.allSatisfy { $0 >= 1 && $0 <= policy.retry.maxAttempts }, "\(perRequest)")

            let metrics = try await rig.metrics()
            let lines = metrics.split(separator: "\n").filter {
                $0.hasPrefix("ponder_backend_circuit_state") || $0.hasPrefix("ponder_backend_ejections_total")
                    || $0.hasPrefix("ponder_backend_retries_total")
            }
            print(lines.joined(separator: "\n"))
            let faultyLabels = #"endpoint="sim",replica="\#(faulty.baseURL)""#
            let healthyLabels = #"endpoint="sim",replica="\#(healthy.baseURL)""#
            #expect(metrics.contains("# TYPE ponder_backend_circuit_state gauge"))
            #expect(metrics.contains("ponder_backend_circuit_state{\(faultyLabels)} 1\n"), "the faulty replica is ejected")
            #expect(metrics.contains("ponder_backend_circuit_state{\(healthyLabels)} 0\n"))
            #expect(metrics.contains("ponder_backend_ejections_total{\(faultyLabels)} 1\n"))
            #expect(!metrics.contains("ponder_backend_retries_total{\(faultyLabels)} 0\n"), "the failures were retried")
        }
    }
}
