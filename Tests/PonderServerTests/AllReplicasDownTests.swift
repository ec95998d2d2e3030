import Foundation
import PonderCore
import PonderSim
import Testing

/// Every replica of the endpoint down: clients get a 502 or 503 in OpenAI's error shape within the
/// bound the configuration implies, and the daemon serves again by itself once a replica is back.
@Suite struct AllReplicasDownTests {
    /// The longest a failing request may take: every attempt to its total timeout, plus every backoff.
    static func bound(_ policy: FaultMatrixRig.Policy) -> Double {
        Double(policy.retry.maxAttempts) * policy.timeouts.total + Double(policy.retry.maxAttempts - 1) * policy.retry.maxDelay
    }

    @Test func refusedEverywhereGivesAnErrorInTimeAndTheDaemonRecoversWhenAReplicaReturns() async throws {
        let policy = FaultMatrixRig.Policy()
        let down = [try await MatrixReplica.vacant(), try await MatrixReplica.vacant()]
        try await FaultMatrixRig.with(down, policy: policy) { rig in
            var latencies: [Double] = []
            for (i, strategy) in ["single", "best-of-4", "beam-prm", "single", "single", "best-of-4"].enumerated() {
                let outcome = await rig.ask(strategy: strategy, index: i)
                #expect([502, 503].contains(outcome.status), "\(strategy): \(outcome.status) \(outcome.answer)")
                #expect(outcome.errorType == "upstream_error", "OpenAI's error shape: \(outcome.answer)")
                #expect(!outcome.answer.isEmpty)
                #expect(outcome.seconds < Self.bound(policy), "\(strategy) took \(outcome.seconds)s")
                latencies.append(outcome.seconds)
            }
            print("all replicas down (refused): \(latencies.map { "\(Int($0 * 1000)) ms" }), bound \(Self.bound(policy)) s")

            // One replica comes back on its port; the daemon is not restarted.
            try await down[0].revive()
            let clock = ContinuousClock()
            let back = clock.now
            var recovered: Double?
            var index = 100
            while clock.now - back < .seconds(30) {
                let outcome = await rig.ask(strategy: "single", index: index)
                index += 1
                if outcome.status == 200 {
                    recovered = (clock.now - back).inSeconds
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            let seconds = try #require(recovered, "the daemon never served again")
            print("recovered \(Int(seconds * 1000)) ms after a replica came back (max cooldown \(policy.breaker.maxCooldown) s)")
            for column in FaultMatrixTests.columns {
                #expect(await rig.ask(strategy: column.strategy, index: 7, stream: column.stream).status == 200, "\(column.title)")
            }
        }
    }

    @Test func stalledEverywhereGivesAnErrorWithinTheTimeoutBound() async throws {
        var policy = FaultMatrixRig.Policy()
        policy.timeouts = .init(firstByte: 0.5, idle: 0.5, total: 0.5)
        policy.retry.maxAttempts = 3
        let stalled = SimConfiguration(faultRate: 1, faults: [.stall], stallSeconds: 30)
        let replicas = [try await MatrixReplica.inProcess(stalled), try await MatrixReplica.inProcess(stalled)]
        try await FaultMatrixRig.with(replicas, policy: policy) { rig in
            for (i, strategy) in ["single", "best-of-4"].enumerated() {
                let outcome = await rig.ask(strategy: strategy, index: i)
                print("all replicas stalled, \(strategy): \(outcome.status) in \(Int(outcome.seconds * 1000)) ms")
                #expect([502, 503, 504].contains(outcome.status), "\(outcome.status) \(outcome.answer)")
                #expect(outcome.errorType == "upstream_error")
                // Generous: a loaded machine adds scheduling delay to every timeout.
                #expect(outcome.seconds < Self.bound(policy) + 10, "\(strategy) took \(outcome.seconds)s, the stall lasts 30 s")
            }
        }
    }
}
