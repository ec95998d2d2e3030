import PonderBackends
import PonderBench
import PonderCore
import PonderSim
import Testing

/// Retries and ejection under each injected fault, with a healthy replica beside the faulty one.
@Suite struct FaultToleranceTests {
    let problem = SimHarness.question

    @Test(arguments: SimFaultKind.allCases)
    func everyCallSucceedsWhileAHealthyReplicaExists(fault: SimFaultKind) async throws {
        let faulty = SimConfiguration(faultRate: 1.0, faults: [fault], stallSeconds: 30, slowStreamInterval: 0.5)
        try await SimHarness.withSims([faulty, SimConfiguration()]) { sims in
            // Stalls (30 s) and slow streams (half a minute) are cut by the total timeout: short, yet far
            // above a healthy call on a loaded machine.
            let client = SimHarness.client(
                sims.map(\.baseURL), timeouts: .init(firstByte: 2.5, idle: 2, total: 2.5))
            let calls = 12
            for i in 0..<calls {
                let generation = try await client.chat(
                    [.user(SimHarness.problems[i].question)], sampling: .init(temperature: 0.8, seed: UInt64(i), maxTokens: 64))
                #expect(generation.choices.count == 1)
                #expect(!generation.choices[0].text.isEmpty)
            }
            let snapshot = client.pool.snapshot()
            #expect(snapshot.counters[1].successes == calls, "every call ended on the healthy replica")
            #expect(snapshot.counters[0].failures >= 1, "the fault was seen: \(fault)")
            #expect(snapshot.ejections[0] == 1, "the faulty replica was ejected once and stays out")
            #expect(snapshot.counters[0].failures <= 3, "after ejection no call goes to it")
            #expect(sims[0].stats().faults[fault.rawValue, default: 0] >= 1)
        }
    }

    @Test func streamingRetriesOnAnotherReplicaBeforeTheFirstPiece() async throws {
        let faulty = SimConfiguration(faultRate: 1.0, faults: [.serverError, .reset, .rateLimited])
        try await SimHarness.withSims([faulty, SimConfiguration()]) { sims in
            let client = SimHarness.client(sims.map(\.baseURL))
            for i in 0..<6 {
                let generation = try await client.streamChat(
                    [.user(SimHarness.problems[i].question)], sampling: .init(temperature: 0.8, seed: UInt64(i))) { _ in }
                #expect(generation.choices.first?.text.contains("\\boxed{") == true)
            }
        }
    }

    @Test func slowStreamIsCutByTheIdleTimeout() async throws {
        // A piece every 4 s against an idle timeout of 1.5 s, which a loaded machine's healthy stream stays well inside.
        let slow = SimConfiguration(faultRate: 1.0, faults: [.slowStream], slowStreamInterval: 4.0)
        try await SimHarness.withSims([slow, SimConfiguration()]) { sims in
            let client = SimHarness.client(sims.map(\.baseURL), timeouts: .init(firstByte: 5, idle: 1.5, total: 60))
            let clock = ContinuousClock()
            let started = clock.now
            let generation = try await client.streamChat([.user(problem.question)], sampling: .init(temperature: 0)) { _ in }
            #expect(generation.choices[0].text.contains("\\boxed{"))
            // The trickle would take minutes.
            #expect(clock.now - started < .seconds(25), "gave up on the trickle instead of waiting it out")
        }
    }

    @Test func refusedConnectionsRouteToTheLiveReplica() async throws {
        let closed = try ClosedPort()
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([closed.baseURL, sim.baseURL])
            for i in 0..<8 {
                _ = try await client.chat([.user(SimHarness.problems[i].question)], sampling: .init(seed: UInt64(i), maxTokens: 16))
            }
            #expect(client.pool.snapshot().counters[1].successes == 8)
            #expect(client.pool.snapshot().breakers[0] != .closed(consecutiveFailures: 0))
        }
        closed.release()
    }

    @Test func allReplicasDownGivesAClearErrorAndRetriesAreBounded() async throws {
        let broken = SimConfiguration(faultRate: 1.0, faults: [.serverError])
        try await SimHarness.withSims([broken, broken]) { sims in
            let client = SimHarness.client(sims.map(\.baseURL), maxAttempts: 3, breaker: .init(failureThreshold: 2, cooldown: 30))
            do {
                _ = try await client.chat([.user(problem.question)])
                Issue.record("a call to broken replicas succeeded")
            } catch let error as BackendError {
                guard case .retriesExhausted(_, let attempts, let last, _) = error else {
                    Issue.record("expected retriesExhausted, got \(error)")
                    return
                }
                #expect(attempts == 3)
                #expect(last.contains("HTTP 500"))
            }
            #expect(sims.map { $0.stats().totalRequests }.reduce(0, +) == 3, "exactly the allowed attempts")
            // Ejected both: the next call fails at once, without touching the servers.
            _ = try? await client.chat([.user(problem.question)])
            do {
                _ = try await client.chat([.user(problem.question)])
                Issue.record("expected the circuit to be open")
            } catch let error as BackendError {
                guard case .noHealthyReplica(_, let replicas, let last) = error else {
                    Issue.record("expected noHealthyReplica, got \(error)")
                    return
                }
                #expect(replicas == 2)
                #expect(last?.contains("500") == true)
                #expect(error.description.contains("all 2 replica(s) are down"))
            }
        }
    }

    /// The port a replica comes back on lies below the range the kernel hands out for port 0 and for
    /// outgoing connections, so servers and clients of tests running alongside cannot take it meanwhile.
    @Test func aClosedPortIsBelowTheEphemeralRangeAndRefusesConnections() throws {
        let text = try String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)
        let lowest = try #require(text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) })
        let ports = try (0..<4).map { _ in try ClosedPort() }
        for closed in ports {
            if lowest > 10_001 { #expect(closed.port >= 10_000 && closed.port < lowest, "port \(closed.port), ephemeral from \(lowest)") }
        }
        #expect(Set(ports.map(\.port)).count == 4, "each holds its own port")
        ports.forEach { $0.release() }
    }

    @Test func ejectedReplicaIsProbedBackInWhenItReturns() async throws {
        // A port where nothing listens: the replica is "down".
        let closed = try ClosedPort()
        let port = closed.port
        let client = SimHarness.client(
            ["http://127.0.0.1:\(port)/v1"], maxAttempts: 1, breaker: .init(failureThreshold: 1, cooldown: 0.2, maxCooldown: 1))
        await #expect(throws: BackendError.self) { _ = try await client.chat([.user(problem.question)]) }
        #expect(client.pool.snapshot().ejections[0] == 1)
        do {
            _ = try await client.chat([.user(problem.question)])
            Issue.record("an ejected replica was called during its cooldown")
        } catch let error as BackendError {
            guard case .noHealthyReplica = error else {
                Issue.record("expected noHealthyReplica, got \(error)")
                return
            }
        }
        // The replica comes back on the same port; after the cooldown a probe lets it in again.
        closed.release()
        try await SimHarness.withSim(SimConfiguration(port: port)) { _ in
            try await Task.sleep(nanoseconds: 300_000_000)
            let generation = try await client.chat([.user(problem.question)], sampling: .init(maxTokens: 8))
            #expect(generation.choices.count == 1)
            #expect(client.pool.snapshot().breakers[0] == .closed(consecutiveFailures: 0))
        }
    }
}
