import PonderAllocator
import PonderCore
import Synchronization
import Testing

/// A policy that records every call and answers with continuations naming the call and the sample.
final class RecordingPolicy: Policy {
    struct Call: Sendable, Equatable {
        var prefix: String
        var n: Int
        var stop: [String]
        var temperature: Double?
    }

    private let calls = Mutex<[Call]>([])

    var recorded: [Call] { calls.withLock { $0 } }

    static func usage(n: Int) -> Usage { Usage(promptTokens: 50, completionTokens: 7 * n, calls: 1) }

    func complete(
        _ problem: Problem, prefix: String, n: Int, stop: [String], sampling: SamplingParameters
    ) async throws -> PolicyOutput {
        let index = calls.withLock { calls -> Int in
            calls.append(Call(prefix: prefix, n: n, stop: stop, temperature: sampling.temperature))
            return calls.count - 1
        }
        let continuations = (0..<n).map { Continuation(text: "inner call \(index) sample \($0)", finishReason: "stop") }
        return PolicyOutput(continuations: continuations, usage: Self.usage(n: n))
    }
}

@Suite struct PilotReplayPolicyTests {
    static let settings = ProbeSettings(samples: 4, maxTokens: 1024, temperature: 0.8)
    static let problem = Problem(id: "p1", question: "What is six times seven?")

    /// Three finished pilots and one cut at max_tokens.
    static let pilots = [
        Continuation(text: "Step 1.\n\nStep 2.\n\nThe answer is 42.", finishReason: "stop", meanLogprob: -0.25),
        Continuation(text: "Step 1.\n\nOther 2.\n\nThe answer is 7.", finishReason: "stop", meanLogprob: -0.5),
        Continuation(text: "Begin.\n\nThe answer is 5.", finishReason: "stop"),
        Continuation(text: "Step 1.\n\nLong thinking that was cut", finishReason: "length"),
    ]

    let inner = RecordingPolicy()

    func replay(_ pilots: [Continuation] = Self.pilots) -> PilotReplayPolicy {
        PilotReplayPolicy(inner: inner, pilots: pilots, settings: Self.settings)
    }

    func sampling(temperature: Double? = 0.8, maxTokens: Int? = 1024) -> SamplingParameters {
        SamplingParameters(temperature: temperature, maxTokens: maxTokens)
    }

    func request(
        _ policy: PilotReplayPolicy, prefix: String = "", n: Int, stop: [String] = [], temperature: Double? = 0.8,
        maxTokens: Int? = 1024
    ) async throws -> PolicyOutput {
        try await policy.complete(
            Self.problem, prefix: prefix, n: n, stop: stop, sampling: sampling(temperature: temperature, maxTokens: maxTokens))
    }

    // MARK: - Whole solutions

    @Test func wholeSolutionRequestIsServedFromFinishedPilotsFirst() async throws {
        let policy = replay()
        let output = try await request(policy, n: 6)
        #expect(output.continuations.count == 6)
        #expect(Array(output.continuations.prefix(3)) == Array(Self.pilots.prefix(3)))
        #expect(output.continuations.dropFirst(3).allSatisfy { $0.text.hasPrefix("inner call 0") })
        #expect(inner.recorded == [.init(prefix: "", n: 3, stop: [], temperature: 0.8)])
        #expect(policy.served == 3)
        #expect(output.usage == RecordingPolicy.usage(n: 3))
    }

    @Test func servedOnlyCallCostsNothingAndSkipsTheBackend() async throws {
        let policy = replay()
        let output = try await request(policy, n: 2)
        #expect(output.continuations == Array(Self.pilots.prefix(2)))
        #expect(output.usage == .zero)
        #expect(inner.recorded.isEmpty)
        #expect(policy.served == 2)
    }

    @Test func requestAtAnotherTemperatureIsNotServed() async throws {
        let policy = replay()
        let output = try await request(policy, n: 4, temperature: 0.3)
        #expect(output.continuations.allSatisfy { $0.text.hasPrefix("inner call 0") })
        #expect(inner.recorded == [.init(prefix: "", n: 4, stop: [], temperature: 0.3)])
        #expect(policy.served == 0)
        #expect(output.usage == RecordingPolicy.usage(n: 4))
        // Nothing was used up: the probe temperature still gets the pilots.
        let again = try await request(policy, n: 3)
        #expect(again.continuations == Array(Self.pilots.prefix(3)))
    }

    @Test func requestWithoutTemperatureUsesTheProbeTemperature() async throws {
        let policy = replay()
        let output = try await request(policy, n: 1, temperature: nil)
        #expect(output.continuations == [Self.pilots[0]])
        #expect(inner.recorded.isEmpty)
    }

    @Test func truncatedPilotIsNeverAWholeSolution() async throws {
        let policy = replay([Self.pilots[3]])
        let output = try await request(policy, n: 1)
        #expect(output.continuations.map(\.text) == ["inner call 0 sample 0"])
        #expect(policy.served == 0)
    }

    @Test func emptyStopSequencesMeanAWholeSolution() async throws {
        let policy = replay()
        let output = try await request(policy, n: 1, stop: [""])
        #expect(output.continuations == [Self.pilots[0]])
    }

    @Test func concurrentRequestsServeEachPilotOnce() async throws {
        let policy = replay()
        let outputs = try await withThrowingTaskGroup(of: [Continuation].self) { group in
            for _ in 0..<8 {
                group.addTask { try await self.request(policy, n: 1).continuations }
            }
            var all: [Continuation] = []
            for try await continuations in group { all += continuations }
            return all
        }
        #expect(outputs.count == 8)
        let served = outputs.filter { !$0.text.hasPrefix("inner") }.map(\.text).sorted()
        #expect(served == Self.pilots.prefix(3).map(\.text).sorted())
        #expect(policy.served == 3)
        #expect(inner.recorded.map(\.n).reduce(0, +) == 5)
    }

    // MARK: - Steps

    @Test func stepRequestFromTheEmptyPrefixGetsEachPilotsFirstStep() async throws {
        let policy = replay()
        let output = try await request(policy, n: 4, stop: ["\n\n"])
        #expect(output.continuations.map(\.text) == ["Step 1.", "Step 1.", "Begin.", "Step 1."])
        #expect(output.continuations.allSatisfy { $0.finishReason == "stop" })
        #expect(output.continuations[0].meanLogprob == -0.25)
        #expect(output.usage == .zero)
        #expect(inner.recorded.isEmpty)
        #expect(policy.served == 4)
    }

    @Test func continuingAPrefixTakesThePilotsNextStepOncePerPilotAndPrefix() async throws {
        let policy = replay()
        let first = try await request(policy, prefix: "Step 1.\n\n", n: 3, stop: ["\n\n"])
        // Pilots 0 and 1 start with the prefix; pilot 3 does too, but its rest was cut short.
        #expect(first.continuations.prefix(2).map(\.text) == ["Step 2.", "Other 2."])
        #expect(first.continuations.prefix(2).allSatisfy { $0.finishReason == "stop" })
        #expect(first.continuations[2].text == "inner call 0 sample 0")
        #expect(inner.recorded == [.init(prefix: "Step 1.\n\n", n: 1, stop: ["\n\n"], temperature: 0.8)])
        #expect(first.usage == RecordingPolicy.usage(n: 1))

        let second = try await request(policy, prefix: "Step 1.\n\n", n: 3, stop: ["\n\n"])
        #expect(second.continuations.map(\.text) == (0..<3).map { "inner call 1 sample \($0)" })
        #expect(inner.recorded.last == .init(prefix: "Step 1.\n\n", n: 3, stop: ["\n\n"], temperature: 0.8))
        #expect(policy.served == 2)
    }

    @Test func theLastStepEndsWithThePilotsFinishReason() async throws {
        let policy = replay()
        let output = try await request(policy, prefix: "Step 1.\n\nStep 2.\n\n", n: 1, stop: ["\n\n"])
        #expect(output.continuations == [Continuation(text: "The answer is 42.", finishReason: "stop", meanLogprob: -0.25)])
        #expect(inner.recorded.isEmpty)
    }

    @Test func wholeRestAfterAPrefix() async throws {
        let policy = replay()
        let output = try await request(policy, prefix: "Step 1.\n\n", n: 2)
        #expect(output.continuations.map(\.text) == ["Step 2.\n\nThe answer is 42.", "Other 2.\n\nThe answer is 7."])
        #expect(inner.recorded.isEmpty)
    }

    @Test func truncatedPilotServesItsCompleteStepsOnly() async throws {
        let policy = replay([Self.pilots[3]])
        let step = try await request(policy, n: 1, stop: ["\n\n"])
        #expect(step.continuations == [Continuation(text: "Step 1.", finishReason: "stop")])
        let rest = try await request(policy, prefix: "Step 1.\n\n", n: 1, stop: ["\n\n"])
        #expect(rest.continuations.map(\.text) == ["inner call 0 sample 0"])
        #expect(policy.served == 1)
    }

    @Test func aStepAndAWholeSolutionFromTheSamePrefixAreNotBothServed() async throws {
        let policy = replay()
        _ = try await request(policy, n: 4, stop: ["\n\n"])
        let whole = try await request(policy, n: 2)
        #expect(whole.continuations.map(\.text) == ["inner call 0 sample 0", "inner call 0 sample 1"])
        #expect(policy.served == 4)
    }

    @Test func prefixNoPilotStartsWithGoesToTheBackend() async throws {
        let policy = replay()
        let output = try await request(policy, prefix: "Something else.\n\n", n: 2, stop: ["\n\n"])
        #expect(output.continuations.allSatisfy { $0.text.hasPrefix("inner call 0") })
        // A prefix equal to a whole pilot leaves nothing to serve.
        let end = try await request(policy, prefix: Self.pilots[2].text, n: 1, stop: ["\n\n"])
        #expect(end.continuations.map(\.text) == ["inner call 1 sample 0"])
        #expect(policy.served == 0)
    }

    @Test func earliestStopSequenceCuts() async throws {
        let policy = replay([Self.pilots[0]])
        let output = try await request(policy, prefix: "Step 1.\n\n", n: 1, stop: ["\n\n", "2."])
        #expect(output.continuations.map(\.text) == ["Step "])
    }

    @Test func stepLongerThanTheRequestsMaxTokensIsNotServed() async throws {
        let policy = replay([Self.pilots[0]])
        // "Step 1." is 7 bytes: more than a 1-token request could produce.
        let output = try await request(policy, n: 1, stop: ["\n\n"], maxTokens: 1)
        #expect(output.continuations.map(\.text) == ["inner call 0 sample 0"])
        let roomy = try await request(policy, n: 1, stop: ["\n\n"], maxTokens: 2)
        #expect(roomy.continuations.map(\.text) == ["Step 1."])
    }

    @Test func servedCountsEveryServedSample() async throws {
        let policy = replay()
        _ = try await request(policy, n: 2, stop: ["\n\n"])
        #expect(policy.served == 2)
        _ = try await request(policy, prefix: "Step 1.\n\n", n: 5, stop: ["\n\n"])
        #expect(policy.served == 4)
        _ = try await request(policy, prefix: "Step 1.\n\nStep 2.\n\n", n: 1, stop: ["\n\n"])
        #expect(policy.served == 5)
        _ = try await request(policy, n: 10, temperature: 1.0)
        #expect(policy.served == 5)
    }
}
