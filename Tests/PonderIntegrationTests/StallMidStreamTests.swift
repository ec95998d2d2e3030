import PonderBackends
import PonderCore
import PonderSim
import Testing

/// The sim's `stall-mid-stream` fault: half the body, a pause, then the rest. A client's timeout cuts
/// the pause and the call is retried on another replica (a non-streamed call: a stream that has already
/// handed out pieces cannot be retried); a short pause is sat out and the whole answer arrives.
@Suite struct StallMidStreamTests {
    let problem = SimHarness.question

    @Test func aShortPauseMidBodyStillDeliversTheWholeAnswer() async throws {
        let pausing = SimConfiguration(faultRate: 1.0, faults: [.stallMidStream], stallSeconds: 0.3)
        try await SimHarness.withSim(pausing) { sim in
            let client = SimHarness.client([sim.baseURL], maxAttempts: 1, timeouts: .init(firstByte: 10, idle: 10, total: 20))
            let clock = ContinuousClock()
            let started = clock.now
            let generation = try await client.chat([.user(problem.question)], sampling: .init(temperature: 0))
            #expect(generation.choices[0].text.contains("\\boxed{"))
            #expect(clock.now - started >= .seconds(0.3), "the body paused")
            let streamed = try await client.streamChat([.user(problem.question)], sampling: .init(temperature: 0)) { _ in }
            #expect(streamed.choices[0].text == generation.choices[0].text)
            #expect(sim.stats().faults[SimFaultKind.stallMidStream.rawValue] == 2)
        }
    }

    @Test func aLongPauseIsCutByTheTimeoutsAndRetriedElsewhere() async throws {
        let stalled = SimConfiguration(faultRate: 1.0, faults: [.stallMidStream], stallSeconds: 30)
        try await SimHarness.withSims([stalled, SimConfiguration()]) { sims in
            let client = SimHarness.client(sims.map(\.baseURL), timeouts: .init(firstByte: 2.5, idle: 2, total: 2.5))
            let clock = ContinuousClock()
            let started = clock.now
            for i in 0..<4 {
                let question = SimHarness.problems[i].question
                let generation = try await client.chat([.user(question)], sampling: .init(temperature: 0))
                #expect(generation.choices[0].text.contains("\\boxed{"))
            }
            #expect(clock.now - started < .seconds(25), "no call sat out the 30 s pause")
            #expect(sims[0].stats().faults[SimFaultKind.stallMidStream.rawValue, default: 0] >= 1)
        }
    }
}
