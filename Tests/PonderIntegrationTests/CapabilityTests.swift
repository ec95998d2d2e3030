import PonderBackends
import PonderCore
import PonderSim
import Testing

/// n-splitting, honest usage for servers that count one choice, and fatal errors.
@Suite struct CapabilityTests {
    let problem = SimHarness.question

    @Test func anEndpointThatCapsNGetsSplitRequests() async throws {
        try await SimHarness.withSim(SimConfiguration(maxN: 2)) { sim in
            let client = SimHarness.client([sim.baseURL])
            let first = try await client.chat([.user(problem.question)], sampling: .init(n: 8, temperature: 1, seed: 5))
            #expect(first.choices.count == 8)
            #expect(client.maxN == 2)
            #expect(first.usage.completionTokens == sim.stats().completionTokens, "usage sums the split requests")
            let before = sim.stats()
            let second = try await client.chat([.user(problem.question)], sampling: .init(n: 5, temperature: 1))
            #expect(second.choices.count == 5)
            let after = sim.stats()
            #expect(after.totalRequests - before.totalRequests == 3, "2 + 2 + 1, none rejected")
            #expect(after.rejected == before.rejected)
        }
    }

    @Test func usageForOneChoiceIsReportedAsIncomplete() async throws {
        try await SimHarness.withSim(SimConfiguration(usageFirstChoiceOnly: true)) { sim in
            let client = SimHarness.client([sim.baseURL])
            let generation = try await client.chat([.user(problem.question)], sampling: .init(n: 4, temperature: 1, seed: 1))
            #expect(generation.choices.count == 4)
            #expect(generation.usage.uncountedChoices == 3)
            #expect(!generation.usage.isComplete)
            #expect(generation.usage.completionTokens == sim.stats().reportedCompletionTokens, "counted what the server reported")
            #expect(generation.usage.completionTokens < sim.stats().completionTokens, "and invented nothing")
        }
    }

    @Test func unknownModelFailsAtOnceWithTheServersMessage() async throws {
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([sim.baseURL], model: "no-such-model")
            do {
                _ = try await client.chat([.user(problem.question)])
                Issue.record("unknown model accepted")
            } catch let error as BackendError {
                #expect(error.status == 404)
                #expect(!error.isRetryable)
                #expect(error.description.contains("no-such-model"))
                #expect(error.description.contains("endpoint 'sim'"))
            }
            #expect(sim.stats().totalRequests == 1, "a fatal error is not retried")
            #expect(client.pool.snapshot().ejections[0] == 0, "a client error says nothing about the replica's health")
        }
    }

    @Test func invalidParameterFailsAtOnce() async throws {
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([sim.baseURL])
            do {
                _ = try await client.chat([.user(problem.question)], sampling: .init(temperature: 7))
                Issue.record("invalid temperature accepted")
            } catch let error as BackendError {
                #expect(error.status == 400)
                #expect(error.description.contains("temperature"))
            }
            #expect(sim.stats().totalRequests == 1)
        }
    }
}
