import PonderBackends
import PonderCore
import PonderSim

/// Starts simulated model servers for a test and always stops them.
enum SimHarness {
    static func withSims<T>(
        _ configurations: [SimConfiguration], _ body: ([RunningSim]) async throws -> T
    ) async throws -> T {
        var sims: [RunningSim] = []
        do {
            for configuration in configurations { sims.append(try await SimServer.start(configuration)) }
            let result = try await body(sims)
            for sim in sims { await sim.stop() }
            return result
        } catch {
            for sim in sims { await sim.stop() }
            throw error
        }
    }

    static func withSim<T>(_ configuration: SimConfiguration = .init(), _ body: (RunningSim) async throws -> T) async throws -> T {
        try await withSims([configuration]) { try await body($0[0]) }
    }

    /// A client for the given replicas with quick retries, so fault tests stay fast.
    static func client(
        _ urls: [String], model: String = "sim-reasoner", maxAttempts: Int = 4, maxRetryAfter: Double = 2,
        timeouts: EndpointTimeouts = .init(firstByte: 5, idle: 2, total: 10),
        breaker: CircuitBreaker.Policy = .init(failureThreshold: 3, cooldown: 30, maxCooldown: 60),
        capabilities: EndpointCapabilities = .init()
    ) -> EndpointClient {
        EndpointClient(
            configuration: EndpointConfiguration(
                name: "sim", model: model, replicas: urls, timeouts: timeouts, capabilities: capabilities,
                retry: RetryPolicy(maxAttempts: maxAttempts, baseDelay: 0.01, maxDelay: 0.05, maxRetryAfter: maxRetryAfter),
                circuitBreaker: breaker))
    }

    static let question = SimProblemGenerator.generate(count: 1, seed: 7, difficulty: .level(3))[0]

    /// Distinct problems: their prompts hash to different replicas, so calls spread over a pool.
    static let problems = SimProblemGenerator.generate(count: 64, seed: 9, difficulty: .mixed)
}
